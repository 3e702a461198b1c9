import { expect, it } from 'vitest';
import { DEFAULT_WEEKLY } from '../../../src/store/weekly.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { describeRepos, type Repos } from './repos.ts';

const C1 = { platform: 'slack', id: 'C1' } as const;

/** Papers P1…P5 (ids in that order) and a seeder for the feedback and digests tables other repositories write. */
async function withPapers(repos: Repos): Promise<number[]> {
  const papers = [1, 2, 3, 4, 5].map((n) => parsed({ title: `Paper ${n}`, arxivId: `2606.0000${n}` }));
  await repos.papers.ingestListing(listing('hf-json', '2026-06-01', papers), 'seed', 'h');
  return Promise.all(papers.map(async (p) => (await repos.papers.getByArxivId(p.arxivId!))!.id));
}

describeRepos('weekly roundup store contract', (open) => {
  it('GIVEN no roundup THEN an upsert creates it with the defaults, then changes only what is given', async () => {
    const { weekly } = await open();
    expect(await weekly.get(C1)).toBeUndefined();
    expect(await weekly.remove(C1)).toBe(false);
    const created = await weekly.upsert(C1, { channelName: 'papers' }, new Date('2026-06-01T10:00:00Z'));
    expect(created).toEqual({
      ...DEFAULT_WEEKLY,
      platform: 'slack',
      channelId: 'C1',
      channelName: 'papers',
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-01T10:00:00.000Z',
    });
    const changed = await weekly.upsert(
      C1,
      { day: 0, timezone: 'Europe/Berlin', topics: ['rl', 'robots'] },
      new Date('2026-06-02T10:00:00Z'),
    );
    expect(changed).toEqual({
      platform: 'slack',
      channelId: 'C1',
      channelName: 'papers',
      day: 0,
      time: '16:00',
      timezone: 'Europe/Berlin',
      topics: ['rl', 'robots'],
      createdAt: '2026-06-01T10:00:00.000Z',
      updatedAt: '2026-06-02T10:00:00.000Z',
    });
    expect(await weekly.get(C1)).toEqual(changed);
  });

  it('GIVEN a day outside Sunday…Saturday THEN the upsert fails and changes nothing', async () => {
    const { weekly } = await open();
    const before = await weekly.upsert(C1, { day: 6 }, new Date('2026-06-01T10:00:00Z'));
    await expect((async () => weekly.upsert(C1, { day: 7, time: '08:00' }))()).rejects.toThrow();
    await expect((async () => weekly.upsert({ platform: 'slack', id: 'C2' }, { day: -1 }))()).rejects.toThrow();
    expect(await weekly.list()).toEqual([before]);
  });

  it('GIVEN roundups in several channels THEN the list is in platform and byte order, and a removal takes one, once', async () => {
    const { weekly } = await open();
    for (const id of ['b', 'C1', 'a', 'B']) await weekly.upsert({ platform: 'slack', id }, {});
    await weekly.upsert({ platform: 'discord', id: 'C1' }, {});
    expect((await weekly.list()).map((w) => `${w.platform}/${w.channelId}`)).toEqual([
      'discord/C1',
      'slack/B',
      'slack/C1',
      'slack/a',
      'slack/b',
    ]);
    expect(await weekly.remove(C1)).toBe(true);
    expect(await weekly.remove(C1)).toBe(false);
    expect(await weekly.get({ platform: 'discord', id: 'C1' })).toBeDefined();
  });

  it('GIVEN two changes to one roundup at once THEN both are kept', async () => {
    const { weekly } = await open();
    await Promise.all([weekly.upsert(C1, { day: 2 }), weekly.upsert(C1, { time: '11:00' }), weekly.upsert(C1, { topics: ['nlp'] })]);
    expect(await weekly.get(C1)).toMatchObject({ day: 2, time: '11:00', topics: ['nlp'] });
  });

  it('GIVEN likes, saves and questions in a week THEN activity counts this channel’s, most active first, then latest, then id', async ({
    skip,
  }) => {
    const repos = await open();
    const missing = await repos.missingTables('feedback', 'asked_about');
    if (missing.length) skip(`no ${missing.join(', ')} table on this store yet (another repository's migration)`);
    const [p1, p2, p3, p4, p5] = await withPapers(repos);
    const feedback = (channel: string, user: string, paper: number, kind: string, value: number, at: string) =>
      repos.seed(
        'INSERT INTO feedback (platform, channel_id, user_id, paper_id, kind, value, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        'slack',
        channel,
        user,
        paper,
        kind,
        value,
        at,
      );
    const asked = (channel: string, user: string, paper: number, at: string) =>
      repos.seed(
        'INSERT INTO asked_about (platform, channel_id, user_id, paper_id, asked_at) VALUES (?, ?, ?, ?, ?)',
        'slack',
        channel,
        user,
        paper,
        at,
      );
    await feedback('C1', 'U1', p1!, 'vote', 1, '2026-06-02T10:00:00.000Z');
    await feedback('C1', 'U1', p1!, 'save', 1, '2026-06-02T11:00:00.000Z');
    await feedback('C1', 'U2', p1!, 'vote', 1, '2026-06-03T09:00:00.000Z');
    await feedback('C2', 'U3', p1!, 'vote', 1, '2026-06-03T09:30:00.000Z');
    await feedback('C1', 'U1', p2!, 'vote', -1, '2026-06-03T12:00:00.000Z');
    await asked('C1', 'U1', p2!, '2026-06-04T00:00:00.000Z');
    await feedback('C1', 'U1', p3!, 'vote', 1, '2026-06-01T00:00:00.000Z');
    await asked('C1', 'U2', p3!, '2026-06-05T08:00:00.000Z');
    await feedback('C1', 'U1', p4!, 'save', 1, '2026-06-06T08:00:00.000Z');
    await feedback('C1', 'U2', p4!, 'save', 1, '2026-06-08T00:00:00.000Z');
    await asked('C1', 'U1', p5!, '2026-06-04T00:00:00.000Z');
    await asked('C1', 'U2', p5!, '2026-05-31T23:59:59.999Z');
    expect(await repos.weekly.activity(C1, '2026-06-01T00:00:00.000Z', '2026-06-08T00:00:00.000Z')).toEqual([
      { paperId: p1, likes: 2, saves: 1, asked: 0, lastAt: '2026-06-03T09:00:00.000Z' },
      { paperId: p3, likes: 1, saves: 0, asked: 1, lastAt: '2026-06-05T08:00:00.000Z' },
      { paperId: p4, likes: 0, saves: 1, asked: 0, lastAt: '2026-06-06T08:00:00.000Z' },
      { paperId: p2, likes: 0, saves: 0, asked: 1, lastAt: '2026-06-04T00:00:00.000Z' },
      { paperId: p5, likes: 0, saves: 0, asked: 1, lastAt: '2026-06-04T00:00:00.000Z' },
    ]);
    expect(await repos.weekly.activity({ platform: 'discord', id: 'C1' }, '2026-06-01', '2026-06-08')).toEqual([]);
  });

  it('GIVEN the week’s digests THEN postedDigests gives the posted ones with a thread, in range, oldest first', async ({ skip }) => {
    const repos = await open();
    const missing = await repos.missingTables('digests');
    if (missing.length) skip(`no ${missing.join(', ')} table on this store yet (another repository's migration)`);
    const digest = (channel: string, date: string, state: string, thread: string | null, paperIds: number[]) =>
      repos.seed(
        `INSERT INTO digests (platform, channel_id, digest_date, state, message_id, thread_id, paper_ids, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        'slack',
        channel,
        date,
        state,
        thread ? `m-${date}` : null,
        thread,
        JSON.stringify(paperIds),
        '2026-06-08T00:00:00.000Z',
      );
    await digest('C1', '2026-06-05', 'posted', 't5', []);
    await digest('C1', '2026-06-01', 'posted', 't1', [1, 2]);
    await digest('C1', '2026-06-02', 'posted', null, [3]);
    await digest('C1', '2026-06-03', 'failed', null, [4]);
    await digest('C1', '2026-06-04', 'skipped', null, []);
    await digest('C1', '2026-06-07', 'posted', 't7', [9]);
    await digest('C1', '2026-06-08', 'posted', 't8', [8]);
    await digest('C1', '2026-05-31', 'posted', 't0', [0]);
    await digest('C1', 'week:2026-W23', 'posted', 'tw', [5]);
    await digest('C2', '2026-06-03', 'posted', 'x', [6]);
    expect(await repos.weekly.postedDigests(C1, '2026-06-01', '2026-06-07')).toEqual([
      { date: '2026-06-01', messageId: 'm-2026-06-01', threadId: 't1', paperIds: [1, 2] },
      { date: '2026-06-05', messageId: 'm-2026-06-05', threadId: 't5', paperIds: [] },
      { date: '2026-06-07', messageId: 'm-2026-06-07', threadId: 't7', paperIds: [9] },
    ]);
    expect(await repos.weekly.postedDigests(C1, '2026-06-10', '2026-06-17')).toEqual([]);
  });
});
