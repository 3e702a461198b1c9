/** `subscribe weekly …`, `unsubscribe weekly`, `settings`, `history` and `roundup`: the commands around the weekly roundup. */
import { describe, expect, it } from 'vitest';
import { readWeekly, weekdayOf, weeklyText } from '../../src/core/weekly-subscription.ts';
import { isoWeek } from '../../src/core/week.ts';
import { CHANNEL, harness, textOf } from '../commands/harness.ts';

describe('subscribe weekly', () => {
  it('sets a day, a time, a zone and topics for the roundup and leaves the daily digest as it was', async () => {
    let changed = 0;
    const { store, run } = harness({ onSubscriptionsChanged: () => (changed += 1) });
    await run('subscribe 08:30 Europe/Paris diffusion');
    const daily = store.subscriptions.get(CHANNEL)!;
    const reply = await run('subscribe weekly fri 16:00 Europe/Berlin "video generation"');
    expect(reply.tone).toBeUndefined();
    expect(textOf(reply)).toContain('Subscribed to the weekly roundup');
    expect(textOf(reply)).toContain('Weekly roundup: Fridays at 16:00 Europe/Berlin; topics video generation');
    expect(textOf(reply)).toContain('The daily digest goes on as before');
    expect(store.weekly.get(CHANNEL)).toMatchObject({ day: 5, time: '16:00', timezone: 'Europe/Berlin', topics: ['video generation'] });
    expect(store.subscriptions.get(CHANNEL)).toEqual(daily);
    expect(changed).toBe(2);

    // Changing one setting keeps the others; `clear` forgets the roundup's own topics.
    await run('subscribe weekly monday');
    expect(store.weekly.get(CHANNEL)).toMatchObject({ day: 1, time: '16:00', timezone: 'Europe/Berlin' });
    await run('subscribe weekly clear');
    expect(store.weekly.get(CHANNEL)?.topics).toEqual([]);
  });

  it('a new roundup without a zone takes the daily digest’s; alone, UTC', async () => {
    const { store, run } = harness();
    await run('subscribe weekly fri 17:00');
    expect(store.weekly.get(CHANNEL)?.timezone).toBe('UTC');
    expect(store.subscriptions.get(CHANNEL)).toBeUndefined();
    const other = { ...CHANNEL, id: 'C2' };
    await run('subscribe 09:00 Asia/Tokyo', { channel: other });
    await run('subscribe weekly thu', { channel: other });
    expect(store.weekly.get(other)).toMatchObject({ day: 4, time: '16:00', timezone: 'Asia/Tokyo' });
  });

  it('refuses two days, and the daily digest’s own options, with a clear reason; nothing is stored', async () => {
    const { store, run } = harness();
    const twoDays = await run('subscribe weekly mon fri');
    expect(twoDays.tone).toBe('error');
    expect(textOf(twoDays)).toContain('one day of the week');
    const size = await run('subscribe weekly fri size:5');
    expect(size.tone).toBe('error');
    expect(textOf(size)).toContain('size: is a setting of the daily digest');
    expect(store.weekly.get(CHANNEL)).toBeUndefined();
  });

  it('reads days and the weekly word carefully', () => {
    expect(['fri', 'Friday', 'fridays', 'THU'].map(weekdayOf)).toEqual([5, 5, 5, 4]);
    expect(['monte', 'f', 'satellite'].map(weekdayOf)).toEqual([undefined, undefined, undefined]);
    expect(weeklyText('weekly fri')).toBe('fri');
    expect(weeklyText('Weekly')).toBe('');
    expect(weeklyText('weeklyish 09:00')).toBeUndefined();
    expect(weeklyText('09:00 weekly')).toBeUndefined();
    expect(readWeekly('"fri" sat').change).toEqual({ day: 6, topics: ['fri'] });
  });
});

describe('unsubscribe, settings and history with a roundup', () => {
  it('settings shows the roundup; unsubscribe weekly stops it and keeps the digest; unsubscribe all stops both', async () => {
    const { store, run } = harness();
    expect(textOf(await run('settings'))).toContain('Weekly roundup: off');
    await run('subscribe weekly fri 16:00 Europe/Berlin');
    expect(textOf(await run('settings'))).toContain(
      'Weekly roundup: Fridays at 16:00 Europe/Berlin; no topics: the week’s most upvoted papers',
    );
    await run('subscribe 09:00 diffusion');
    expect(textOf(await run('settings'))).toContain(
      'Weekly roundup: Fridays at 16:00 Europe/Berlin; the daily digest’s topics (diffusion)',
    );
    expect(textOf(await run('unsubscribe weekly'))).toContain('no more weekly roundups');
    expect(store.weekly.get(CHANNEL)).toBeUndefined();
    expect(store.subscriptions.get(CHANNEL)).toBeDefined();
    expect(textOf(await run('unsubscribe weekly'))).toContain('no weekly roundup to stop');
    await run('subscribe weekly fri');
    expect(textOf(await run('unsubscribe all'))).toContain('no more daily digests or weekly roundups');
    expect([store.weekly.get(CHANNEL), store.subscriptions.get(CHANNEL)]).toEqual([undefined, undefined]);
  });

  it('plain unsubscribe with only a roundup says how to stop the roundup', async () => {
    const { run } = harness();
    await run('subscribe weekly fri');
    const reply = await run('unsubscribe');
    expect(reply.tone).toBe('error');
    expect(textOf(reply)).toContain('no daily digest to stop. Its weekly roundup stops with “/papers unsubscribe weekly”');
  });

  it('history names a roundup by its week', async () => {
    const { store, run } = harness();
    store.digests.claim(CHANNEL, 'week:2025-W51', 'test', new Date('2025-12-18T16:00:00Z'), {
      staleAfterMs: 1,
      maxAttempts: 3,
      retryDelayMs: 1,
    });
    store.digests.markPosted(CHANNEL, 'week:2025-W51', 'test', { messageId: 'm', threadId: 'm' }, new Date('2025-12-18T16:00:01Z'));
    expect(textOf(await run('history'))).toContain('Weekly roundup 2025-W51: posted at');
  });
});

const CHANNEL_KEY = { platform: 'slack' as const, channelId: 'C1', userId: 'U2' };

describe('roundup on demand', () => {
  it('shows the week’s picks with the digest thread they came from, then the week’s top papers, with the chart', async () => {
    const { store, run } = harness();
    const liked = store.papers.getByArxivId('2512.00006')!;
    store.feedback.vote({ platform: 'slack', channelId: 'C1', userId: 'U2' }, liked.id, 1, new Date('2025-12-18T10:00:00Z'));
    store.feedback.save({ platform: 'slack', channelId: 'C1', userId: 'U3' }, liked.id, true, new Date('2025-12-18T10:05:00Z'));
    // A vote elsewhere is not this channel's.
    store.feedback.vote(
      { platform: 'slack', channelId: 'C9', userId: 'U2' },
      store.papers.getByArxivId('2512.00005')!.id,
      1,
      new Date('2025-12-18T10:00:00Z'),
    );
    store.digests.claim(CHANNEL, '2025-12-18', 'test', new Date('2025-12-18T09:00:00Z'), {
      staleAfterMs: 1,
      maxAttempts: 3,
      retryDelayMs: 1,
    });
    store.digests.recordComposed(
      CHANNEL,
      '2025-12-18',
      'test',
      [liked.id],
      new Date('2025-12-18T09:00:00Z'),
      new Date('2025-12-18T09:00:00Z'),
    );
    store.digests.markPosted(CHANNEL, '2025-12-18', 'test', { messageId: '1.1', threadId: '1.1' }, new Date('2025-12-18T09:00:01Z'));

    const reply = await run('roundup');
    const text = textOf(reply);
    expect(text).toContain('The week in papers — 2025-W51');
    expect(text).toContain('This channel’s picks: liked, saved and discussed');
    expect(text).toContain('1 like, 1 save · discussed in the thread of the digest of Thu 18 Dec 2025');
    expect(text).toContain('Most upvoted this week');
    const titles = reply.papers!.map((p) => p.title);
    expect(titles[0]).toBe('Video Diffusion with Sparse Attention');
    // Then the week's most upvoted, through rankPapers: ▲42 before ▲40.
    expect(titles.slice(1, 3)).toEqual([
      'Agents That Plan: Reinforcement Learning for Tool Use',
      'Diffusion Transformers for Video Generation',
    ]);
    expect(reply.attachments?.[0]).toMatchObject({ filename: 'roundup-2025-W51.png', mimeType: 'image/png' });
    expect(isoWeek('2025-12-18')).toBe('2025-W51');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
    expect(isoWeek('2026-01-01')).toBe('2026-W01');
  });

  it('a week with picks but nothing listed carries no chart: an empty frame says nothing the text does not', async () => {
    const { store, run } = harness();
    store.feedback.vote(CHANNEL_KEY, store.papers.getByArxivId('2512.00006')!.id, 1, new Date('2025-11-03T10:00:00Z'));
    const reply = await run('roundup 2025-11-05');
    expect(textOf(reply)).toMatch(/0 papers listed, 1 paper picked here/);
    expect(reply.attachments).toBeUndefined();
  });

  it('topics narrow the week’s top papers to the channel’s topics, through the one ranking', async () => {
    const { run } = harness();
    await run('subscribe weekly fri "sparse attention"');
    const reply = await run('roundup');
    expect(textOf(reply)).toContain('Most upvoted on your topics (sparse attention)');
    expect(reply.papers!.map((p) => p.title)).toEqual(['Video Diffusion with Sparse Attention']);
  });
});
