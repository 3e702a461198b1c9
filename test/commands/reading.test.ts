import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/platforms/types.ts';
import { CHANNEL, harness, textOf, titles } from './harness.ts';

const OTHER: ChannelRef = { platform: 'slack', id: 'C2', name: 'other' };
const AGENTS = 'Agents That Plan: Reinforcement Learning for Tool Use';
const MAMBA = 'Mamba Meets Attention: Hybrid Sequence Models';
const VIDEO = 'Diffusion Transformers for Video Generation';
const SPARSE = 'Video Diffusion with Sparse Attention';

/** The harness's store and dispatcher, run as any person (its clock: Thu 18 Dec 2025, 12:00 UTC). */
function group() {
  const h = harness();
  const as = (user: string, line: string, channel: ChannelRef = CHANNEL) => {
    const { command, text } = h.dispatcher.parseText(line);
    return h.dispatcher.run({ command, input: { text }, channel, user: { id: user, name: user === 'U1' ? 'ada' : 'bob' } });
  };
  return { ...h, as };
}

describe('shortlist', () => {
  it('ranks the week’s candidates by this channel’s votes (a save half a like), numbered so that claim 2 means its second paper', async () => {
    const { as, run, store } = group();
    await as('U1', 'like 2512.00004'); // Mamba: 2 likes
    await as('U2', 'like 2512.00004');
    await as('U1', 'save 2512.00006'); // Sparse: a save
    await as('U1', 'like 2512.00003'); // Agents: a like and a dislike
    await as('U2', 'dislike 2512.00003');
    await as('U1', 'dislike 2512.00001'); // Video: disliked only, left out
    await as('U1', 'like 2512.00007', OTHER); // another channel's vote counts nowhere here

    const list = await run('shortlist');
    expect(titles(list)).toEqual([MAMBA, SPARSE, AGENTS]);
    expect(textOf(list)).toMatch(/2 likes · no presenter yet/);
    expect(textOf(list)).toMatch(/1 like, 1 dislike · no presenter yet/);
    expect(list.papers!.map((p) => p.rank)).toEqual([1, 2, 3]);

    expect(textOf(await run('claim 2'))).toMatch(/^ada will present “Video Diffusion with Sparse Attention”/);
    const sparse = store.papers.getByArxivId('2512.00006')!.id;
    expect(store.readingGroup.presenters(CHANNEL, [sparse]).get(sparse)).toMatchObject({ userId: 'U1', userName: 'ada' });
    expect(textOf(await run('shortlist'))).toMatch(/1 save · ada presents it/);
    expect(titles(await run('shortlist', { channel: OTHER }))).toEqual(['Emoji 🎉 Tokenization for Language Models']);
  });

  it('GIVEN no votes and no digest this week THEN says so and how to add candidates; a posted digest’s papers are candidates', async () => {
    const { run, store } = group();
    const empty = await run('shortlist');
    expect(textOf(empty)).toMatch(/No candidates this week/);
    expect(textOf(empty)).toMatch(/“\/papers like 2”/);
    // This week's digest here showed two papers, nobody voted: both are candidates, most upvoted first.
    const shown = [store.papers.getByArxivId('2512.00004')!.id, store.papers.getByArxivId('2512.00003')!.id];
    const at = new Date('2025-12-17T08:00:00Z');
    store.digests.claim(CHANNEL, '2025-12-17', 'test', at, { staleAfterMs: 1, maxAttempts: 1, retryDelayMs: 1 });
    store.digests.recordComposed(CHANNEL, '2025-12-17', 'test', shown, at, at);
    store.digests.markPosted(CHANNEL, '2025-12-17', 'test', { messageId: 'm1', threadId: 'm1' }, at);
    const list = await run('shortlist');
    expect(titles(list)).toEqual([AGENTS, MAMBA]);
    expect(textOf(list)).toMatch(/no votes yet · no presenter yet/);
  });
});

describe('claim and unclaim', () => {
  it('one presenter per paper per channel: a second person is told who has it; only the presenter gives it back', async () => {
    const { as, store } = group();
    expect(textOf(await as('U1', 'claim 2512.00003'))).toMatch(/^ada will present “Agents That Plan/);
    expect(textOf(await as('U1', 'claim 2512.00003'))).toMatch(/^You already present/);
    const taken = await as('U2', 'claim 2512.00003');
    expect(taken.tone).toBe('error');
    expect(textOf(taken)).toMatch(/^ada already presents “Agents That Plan.*” here \(claimed 2025-12-18\)/);
    expect(textOf(taken)).toMatch(/Only they can give it back, with “\/papers unclaim 2512.00003”/);
    // The same paper in another channel is another group's.
    expect(textOf(await as('U2', 'claim 2512.00003', OTHER))).toMatch(/^bob will present/);

    const notYours = await as('U2', 'unclaim 2512.00003');
    expect(textOf(notYours)).toMatch(/ada presents “Agents That Plan.*”; only they can give it back/);
    expect(textOf(await as('U1', 'unclaim 2512.00003'))).toMatch(/^ada no longer presents/);
    expect(textOf(await as('U1', 'unclaim 2512.00003'))).toMatch(/^Nobody presents/);
    expect(textOf(await as('U2', 'claim 2512.00003'))).toMatch(/^bob will present/);
    const id = store.papers.getByArxivId('2512.00003')!.id;
    expect(store.readingGroup.presenters(CHANNEL, [id]).get(id)?.userId).toBe('U2');
  });

  it('GIVEN two papers or an unknown one THEN a clear error and nothing is claimed', async () => {
    const { run, store } = group();
    expect(textOf(await run('claim 2512.00003 2512.00004'))).toMatch(/claim takes one paper at a time; you gave 2/);
    expect(textOf(await run('claim 2601.99999'))).toMatch(/not among the papers I know/);
    expect(textOf(await run('claim 3'))).toMatch(/no numbered list here yet/);
    expect(store.readingGroup.presenters(CHANNEL, [1, 2, 3, 4, 5, 6, 7]).size).toBe(0);
  });
});

describe('schedule, agenda and cancel', () => {
  it('GIVEN no subscription THEN a session is in UTC and the reply says so; with one it is in the channel’s zone', async () => {
    const { run, store } = group();
    const utc = await run('schedule 2512.00003 thu 15:00');
    expect(utc.tone).toBeUndefined();
    expect(textOf(utc)).toMatch(/^Reading group today at 15:00 \(UTC\)/);
    expect(textOf(utc)).toMatch(/no time zone yet .* so I used UTC/);
    expect(textOf(utc)).toMatch(/No presenter yet: “\/papers claim 2512.00003” takes it/);
    expect(textOf(utc)).toMatch(/Reminders here a day and an hour before it/);
    await run('subscribe 09:00 Europe/Berlin');
    const berlin = await run('schedule 2512.00004 2026-12-10 15:00 remind:2h,15m');
    expect(textOf(berlin)).toMatch(/^Reading group Thu 10 Dec 2026 at 15:00 \(Europe\/Berlin\)/);
    expect(textOf(berlin)).not.toMatch(/UTC/);
    const sessions = store.readingGroup.upcoming(CHANNEL, '2025-01-01');
    expect(sessions.map((s) => [s.localDate, s.localTime, s.timezone, s.startsAt, s.reminders])).toEqual([
      ['2025-12-18', '15:00', 'UTC', '2025-12-18T15:00:00.000Z', '1d,1h'],
      ['2026-12-10', '15:00', 'Europe/Berlin', '2026-12-10T14:00:00.000Z', '2h,15m'],
    ]);
  });

  it('15:00 Europe/Berlin after the autumn change is 14:00 UTC, before it 13:00; a weekday whose time has passed is next week', async () => {
    const { run, store } = group();
    await run('schedule 2512.00003 2026-10-26 15:00 tz:europe/berlin');
    await run('schedule 2512.00004 2026-10-23 15:00 tz:Europe/Berlin');
    await run('schedule 2512.00006 Thursday 10:00 tz:UTC remind:none');
    expect(textOf(await run('schedule 2512.00007 thurs 9am tz:UTC'))).toMatch(/^Reading group Thu 25 Dec 2025 at 09:00 \(UTC\)/);
    const sessions = store.readingGroup.upcoming(CHANNEL, '2025-01-01');
    expect(sessions.map((s) => [s.localDate, s.startsAt, s.reminders])).toEqual([
      ['2025-12-25', '2025-12-25T09:00:00.000Z', '1d,1h'],
      ['2025-12-25', '2025-12-25T10:00:00.000Z', ''],
      ['2026-10-23', '2026-10-23T13:00:00.000Z', '1d,1h'],
      ['2026-10-26', '2026-10-26T14:00:00.000Z', '1d,1h'],
    ]);
  });

  it('GIVEN a bad day, time, zone, reminder or a time passed THEN a clear error and no session', async () => {
    const { run, store } = group();
    const cases: [string, RegExp][] = [
      ['schedule 2512.00003 someday 15:00', /“someday” is not a day/],
      ['schedule 2512.00003 saturnday 15:00', /“saturnday” is not a day/],
      ['schedule 2512.00003 thu 25:00', /“25:00” is not a time/],
      ['schedule 2512.00003 thu teatime', /“teatime” is not a time/],
      ['schedule 2512.00003 today 09:00', /has already passed/],
      ['schedule 2512.00003 2028-01-01 09:00', /more than a year ahead/],
      ['schedule 2512.00003 thu 15:00 tz:Europe/Berln', /not a time zone; try Europe\/Berlin/],
      ['schedule 2512.00003 thu 15:00 remind:1w', /“1w” is not a reminder lead time/],
      ['schedule 2512.00003 thu 15:00 remind:1m', /out of range/],
      ['schedule 2512.00003 thu', /Missing <time>/],
    ];
    for (const [line, error] of cases) {
      const reply = await run(line);
      expect(reply.tone, line).toBe('error');
      expect(textOf(reply), line).toMatch(error);
    }
    expect(store.readingGroup.upcoming(CHANNEL, '2025-01-01')).toEqual([]);
  });

  it('agenda lists what is coming with times and presenters, numbered: claim 2 and cancel 1 use its numbers; a rescheduled paper moves', async () => {
    const { as, run, store } = group();
    expect(textOf(await run('agenda'))).toMatch(/^Nothing is scheduled here/);
    await run('schedule 2512.00004 2025-12-22 16:00 tz:Europe/Berlin');
    await run('schedule 2512.00003 fri 15:00 tz:Europe/Berlin');
    await as('U2', 'claim 2512.00004');
    const agenda = await run('agenda');
    expect(titles(agenda)).toEqual([AGENTS, MAMBA]);
    expect(textOf(agenda)).toMatch(/Fri 19 Dec 2025, 15:00 \(Europe\/Berlin\), in 26 hours · presenter wanted/);
    expect(textOf(agenda)).toMatch(/Mon 22 Dec 2025, 16:00 \(Europe\/Berlin\), in 4 days · presented by bob/);

    expect(textOf(await run('claim 1'))).toMatch(/^ada will present “Agents That Plan/);
    const moved = await run('schedule 1 2025-12-23 15:00');
    expect(textOf(moved)).toMatch(/Moved from tomorrow at 15:00 \(Europe\/Berlin\)/);
    expect(textOf(moved)).toMatch(/Presented by ada/);
    expect(titles(await run('agenda'))).toEqual([MAMBA, AGENTS]);

    expect(textOf(await run('cancel 1'))).toMatch(/^Cancelled the reading group on “Mamba Meets.*” Mon 22 Dec 2025 at 16:00/);
    expect(titles(await run('agenda'))).toEqual([AGENTS]);
    expect(textOf(await run('cancel 2512.00004'))).toMatch(/No session on “Mamba Meets.*” is coming up here/);
    expect(titles(await run('agenda', { channel: OTHER }))).toEqual([]);
    expect(store.readingGroup.upcoming(CHANNEL, '2025-01-01').map((s) => s.localDate)).toEqual(['2025-12-23']);
    expect(titles(await run('shortlist'))).not.toContain(VIDEO);
  });
});
