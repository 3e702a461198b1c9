import { expect, it } from 'vitest';
import { DEFAULT_SUBSCRIPTION } from '../../../src/store/types.ts';
import { describeRepos } from './repos.ts';

const C1 = { platform: 'slack', id: 'C1' } as const;
const at = (iso: string) => new Date(iso);

describeRepos('subscription store contract', (open) => {
  it('GIVEN no subscription THEN there is none; an upsert creates it with the defaults and the given settings', async () => {
    const { subscriptions } = await open();
    expect(await subscriptions.get(C1)).toBeUndefined();
    expect(await subscriptions.list()).toEqual([]);
    expect(await subscriptions.remove(C1)).toBe(false);
    const created = await subscriptions.upsert(C1, { time: '08:30', topics: ['rl', 'agents'] }, at('2026-06-01T10:00:00Z'));
    expect(created).toEqual({
      ...DEFAULT_SUBSCRIPTION,
      platform: 'slack',
      channelId: 'C1',
      channelName: null,
      time: '08:30',
      topics: ['rl', 'agents'],
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
    });
    expect(await subscriptions.get(C1)).toEqual(created);
    expect(await subscriptions.get({ platform: 'discord', id: 'C1' })).toBeUndefined();
  });

  it('GIVEN a subscription THEN an upsert changes only the given settings and keeps when it was created', async () => {
    const { subscriptions } = await open();
    await subscriptions.upsert(C1, { channelName: 'papers', days: [1, 3], size: 5, followups: false }, at('2026-06-01T10:00:00Z'));
    const changed = await subscriptions.upsert(
      C1,
      { topicMode: 'filter', minUpvotes: 7, postWhenEmpty: false, crossLists: true, timezone: 'Europe/Berlin' },
      at('2026-06-02T10:00:00Z'),
    );
    expect(changed).toEqual({
      platform: 'slack',
      channelId: 'C1',
      channelName: 'papers',
      time: '09:00',
      timezone: 'Europe/Berlin',
      days: [1, 3],
      size: 5,
      topics: [],
      topicMode: 'filter',
      minUpvotes: 7,
      postWhenEmpty: false,
      crossLists: true,
      followups: false,
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-02T10:00:00.000Z',
    });
    expect(await subscriptions.upsert(C1, { channelName: null, days: [] }, at('2026-06-03T10:00:00Z'))).toMatchObject({
      channelName: null,
      days: [],
      size: 5,
    });
  });

  it('GIVEN channels on both platforms THEN the list is ordered by platform, then channel id byte by byte', async () => {
    const { subscriptions } = await open();
    for (const id of ['b', 'TA:C1', 'a', 'B', '_x', 'C1']) await subscriptions.upsert({ platform: 'slack', id }, {});
    await subscriptions.upsert({ platform: 'discord', id: '99' }, {});
    expect((await subscriptions.list()).map((s) => `${s.platform}/${s.channelId}`)).toEqual([
      'discord/99',
      'slack/B',
      'slack/C1',
      'slack/TA:C1',
      'slack/_x',
      'slack/a',
      'slack/b',
    ]);
  });

  it('GIVEN a removal THEN only that channel goes, once', async () => {
    const { subscriptions } = await open();
    await subscriptions.upsert(C1, {});
    await subscriptions.upsert({ platform: 'discord', id: 'C1' }, {});
    expect(await subscriptions.remove(C1)).toBe(true);
    expect(await subscriptions.remove(C1)).toBe(false);
    expect((await subscriptions.list()).map((s) => s.platform)).toEqual(['discord']);
  });

  it('GIVEN two changes to one channel at once THEN both are kept', async () => {
    const { subscriptions } = await open();
    await subscriptions.upsert(C1, {});
    await Promise.all([
      subscriptions.upsert(C1, { time: '07:15' }),
      subscriptions.upsert(C1, { size: 3 }),
      subscriptions.upsert(C1, { topics: ['vision'] }),
      subscriptions.upsert(C1, { minUpvotes: 4 }),
    ]);
    expect(await subscriptions.get(C1)).toMatchObject({ time: '07:15', size: 3, topics: ['vision'], minUpvotes: 4 });
  });
});
