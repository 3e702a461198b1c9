import { expect, it } from 'vitest';
import { describeRepos } from './repos.ts';

describeRepos('Slack installation store contract', (open) => {
  it('GIVEN an installation stored twice (a reinstall) THEN it is replaced in place, keeping when it was first installed', async () => {
    const { installations } = await open();
    const key = { teamId: 'TA', enterpriseId: '' };
    expect(await installations.count()).toBe(0);
    expect(await installations.get(key)).toBeUndefined();
    expect(await installations.forTeam('TA')).toBeUndefined();
    await installations.put(key, '{"bot":{"token":"xoxb-old"}}', new Date('2026-01-01T00:00:00Z'));
    await installations.put(key, '{"bot":{"token":"xoxb-new"}}', new Date('2026-01-02T00:00:00Z'));
    const stored = {
      ...key,
      data: '{"bot":{"token":"xoxb-new"}}',
      installedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    };
    expect(await installations.forTeam('TA')).toEqual(stored);
    expect(await installations.get(key)).toEqual(stored);
    expect(await installations.count()).toBe(1);
  });

  it('GIVEN installations in and out of an enterprise THEN forTeam finds a workspace’s latest, never an organisation-wide one', async () => {
    const { installations } = await open();
    await installations.put({ teamId: 'TA', enterpriseId: 'E1' }, '{"a":1}', new Date('2026-01-01T00:00:00Z'));
    await installations.put({ teamId: 'TA', enterpriseId: '' }, '{"a":2}', new Date('2026-01-03T00:00:00Z'));
    await installations.put({ teamId: '', enterpriseId: 'E1' }, '{"org":true}', new Date('2026-01-04T00:00:00Z'));
    expect(await installations.forTeam('TA')).toMatchObject({ enterpriseId: '', data: '{"a":2}' });
    expect(await installations.forTeam('')).toBeUndefined();
    expect(await installations.get({ teamId: '', enterpriseId: 'E1' })).toMatchObject({ data: '{"org":true}' });
    expect(await installations.count()).toBe(3);
    expect(await installations.remove({ teamId: 'TA', enterpriseId: '' })).toBe(true);
    expect(await installations.remove({ teamId: 'TA', enterpriseId: '' })).toBe(false);
    expect(await installations.forTeam('TA')).toMatchObject({ enterpriseId: 'E1', data: '{"a":1}' });
  });

  it('GIVEN an uninstall THEN the workspace’s installations and only its Slack channels’ digests go, in one step', async () => {
    const { installations, subscriptions } = await open();
    await installations.put({ teamId: 'TA', enterpriseId: '' }, '{}');
    await installations.put({ teamId: 'TA', enterpriseId: 'E1' }, '{}');
    await installations.put({ teamId: 'TAB', enterpriseId: 'E1' }, '{}');
    for (const id of ['TA:C1', 'TA:C2', 'TAB:C1', 'C1', 'ta:C3']) await subscriptions.upsert({ platform: 'slack', id }, {});
    await subscriptions.upsert({ platform: 'discord', id: 'TA:C9' }, {});
    expect(await installations.uninstall('TA', 'TA:')).toEqual({ installation: true, subscriptions: 2 });
    expect((await subscriptions.list()).map((s) => `${s.platform}/${s.channelId}`)).toEqual([
      'discord/TA:C9',
      'slack/C1',
      'slack/TAB:C1',
      'slack/ta:C3',
    ]);
    expect(await installations.forTeam('TA')).toBeUndefined();
    expect(await installations.get({ teamId: 'TAB', enterpriseId: 'E1' })).toBeDefined();
    expect(await installations.count()).toBe(1);
    expect(await installations.uninstall('TA', 'TA:')).toEqual({ installation: false, subscriptions: 0 });
  });

  it('GIVEN an uninstall without a team id or channel prefix THEN it is refused and removes nothing', async () => {
    const { installations, subscriptions } = await open();
    await installations.put({ teamId: 'TA', enterpriseId: '' }, '{}');
    await subscriptions.upsert({ platform: 'slack', id: 'TA:C1' }, {});
    await expect((async () => installations.uninstall('', 'TA:'))()).rejects.toThrow(/team id and the prefix/);
    await expect((async () => installations.uninstall('TA', ''))()).rejects.toThrow(/team id and the prefix/);
    expect(await installations.count()).toBe(1);
    expect(await subscriptions.list()).toHaveLength(1);
  });
});
