import { expect, it } from 'vitest';
import type { ClaimPolicy } from '../../../src/store/digests.ts';
import { describeContract } from './stores.ts';

const CHANNEL = { platform: 'slack' as const, id: 'C1' };
const DATE = '2026-12-07';
const POLICY: ClaimPolicy = { staleAfterMs: 5 * 60_000, maxAttempts: 3, retryDelayMs: 60_000 };
const T0 = Date.parse('2026-12-07T08:00:00Z');
const at = (ms: number) => new Date(T0 + ms);

describeContract('claims contract', (open) => {
  it('GIVEN a digest nobody claimed WHEN two replicas claim it THEN the first wins and the second is told it is in progress', async () => {
    const store = await open();
    expect(await store.digests.claim(CHANNEL, DATE, 'a', at(0), POLICY)).toEqual({ claimed: true, attempt: 1, previous: undefined });
    const second = await store.digests.claim(CHANNEL, DATE, 'b', at(1_000), POLICY);
    expect(second).toMatchObject({ claimed: false, reason: 'in-progress', record: { state: 'claimed', claimedBy: 'a', attempts: 1 } });
    expect(await store.digests.claim(CHANNEL, DATE, 'a', at(2_000), POLICY)).toMatchObject({ claimed: false, reason: 'in-progress' });
    expect(await store.digests.get(CHANNEL, DATE)).toMatchObject({ claimedBy: 'a', claimedAt: at(0).toISOString(), paperIds: [] });
    expect(await store.digests.get(CHANNEL, '2026-12-08')).toBeUndefined();
  });

  it('GIVEN a claim whose holder went silent THEN it is taken over once staleAfterMs has passed, and the old holder can no longer mark it', async () => {
    const store = await open();
    await store.digests.claim(CHANNEL, DATE, 'a', at(0), POLICY);
    expect(await store.digests.claim(CHANNEL, DATE, 'b', at(POLICY.staleAfterMs - 1), POLICY)).toMatchObject({ reason: 'in-progress' });
    const taken = await store.digests.claim(CHANNEL, DATE, 'b', at(POLICY.staleAfterMs), POLICY);
    expect(taken).toMatchObject({ claimed: true, attempt: 2, previous: { claimedBy: 'a', state: 'claimed' } });
    const posted = { messageId: 'm1', threadId: 't1' };
    expect(await store.digests.markPosted(CHANNEL, DATE, 'a', posted, at(POLICY.staleAfterMs + 1))).toBe(false);
    expect(await store.digests.markPosted(CHANNEL, DATE, 'b', posted, at(POLICY.staleAfterMs + 2))).toBe(true);
    expect(await store.digests.get(CHANNEL, DATE)).toMatchObject({ state: 'posted', claimedBy: 'b', messageId: 'm1', attempts: 2 });
  });

  it('GIVEN failures THEN a failed digest waits retryDelayMs, and after maxAttempts nobody claims it, stale or failed', async () => {
    const store = await open();
    const policy = { ...POLICY, maxAttempts: 2 };
    await store.digests.claim(CHANNEL, DATE, 'a', at(0), policy);
    expect(await store.digests.markFailed(CHANNEL, DATE, 'a', 'rate limited', at(1_000))).toBe(true);
    const early = await store.digests.claim(CHANNEL, DATE, 'b', at(1_000 + policy.retryDelayMs - 1), policy);
    expect(early).toMatchObject({ claimed: false, reason: 'retry-later', record: { state: 'failed', error: 'rate limited' } });
    const retry = await store.digests.claim(CHANNEL, DATE, 'b', at(1_000 + policy.retryDelayMs), policy);
    expect(retry).toMatchObject({ claimed: true, attempt: 2, previous: { state: 'failed', error: 'rate limited' } });
    expect(await store.digests.get(CHANNEL, DATE)).toMatchObject({ state: 'claimed', error: null, attempts: 2 });
    // b dies holding the second attempt: stale, but attempts are used up.
    expect(await store.digests.claim(CHANNEL, DATE, 'c', at(10 * policy.staleAfterMs), policy)).toMatchObject({ reason: 'gave-up' });
    const other = '2026-12-08';
    await store.digests.claim(CHANNEL, other, 'a', at(0), { ...policy, maxAttempts: 1 });
    await store.digests.markFailed(CHANNEL, other, 'a', 'boom', at(0));
    expect(await store.digests.claim(CHANNEL, other, 'b', at(policy.retryDelayMs * 2), { ...policy, maxAttempts: 1 })).toMatchObject({
      claimed: false,
      reason: 'gave-up',
    });
  });

  it('GIVEN a claim THEN only its holder records the composed list or marks it, and posted is final unless forced', async () => {
    const store = await open();
    await store.digests.claim(CHANNEL, DATE, 'a', at(0), POLICY);
    const composedAt = at(500);
    expect(await store.digests.recordComposed(CHANNEL, DATE, 'b', [9], composedAt, at(600))).toBe(false);
    expect(await store.digests.markFailed(CHANNEL, DATE, 'b', 'x', at(600))).toBe(false);
    expect(await store.digests.markSkipped(CHANNEL, DATE, 'b', 'x', at(600))).toBe(false);
    expect(await store.digests.markPosted(CHANNEL, DATE, 'b', { messageId: 'mb', threadId: 'tb' }, at(600))).toBe(false);
    expect(await store.digests.recordComposed(CHANNEL, DATE, 'a', [3, 1, 2], composedAt, at(700))).toBe(true);
    expect(await store.digests.markPosted(CHANNEL, DATE, 'a', { messageId: 'm', threadId: 't', note: 'hi' }, at(800))).toBe(true);
    const posted = await store.digests.get(CHANNEL, DATE);
    expect(posted).toMatchObject({
      state: 'posted',
      paperIds: [3, 1, 2],
      composedAt: composedAt.toISOString(),
      messageId: 'm',
      note: 'hi',
    });
    // Final: the holder cannot change it again and nobody claims it, however late.
    expect(await store.digests.markFailed(CHANNEL, DATE, 'a', 'late', at(900))).toBe(false);
    expect(await store.digests.markPosted(CHANNEL, DATE, 'a', { messageId: 'm2', threadId: 't2' }, at(900))).toBe(false);
    expect(await store.digests.claim(CHANNEL, DATE, 'b', at(100 * POLICY.staleAfterMs), POLICY)).toMatchObject({
      claimed: false,
      reason: 'done',
      record: { messageId: 'm' },
    });
    expect(await store.digests.get(CHANNEL, DATE)).toEqual(posted);
    const forced = await store.digests.claim(CHANNEL, DATE, 'op', at(1_000), { ...POLICY, force: true });
    expect(forced).toMatchObject({ claimed: true, attempt: 2, previous: { state: 'posted', messageId: 'm' } });
  });

  it('GIVEN delivered, skipped and missed days THEN missed is recorded once and the history reads newest first', async () => {
    const store = await open();
    expect(await store.digests.recordMissed(CHANNEL, '2026-12-01', 'down', at(0))).toBe(true);
    expect(await store.digests.recordMissed(CHANNEL, '2026-12-01', 'down again', at(1))).toBe(false);
    await store.digests.claim(CHANNEL, '2026-12-02', 'a', at(0), POLICY);
    await store.digests.markPosted(CHANNEL, '2026-12-02', 'a', { messageId: 'm', threadId: 't' }, at(0));
    await store.digests.claim(CHANNEL, '2026-12-03', 'a', at(0), POLICY);
    await store.digests.markSkipped(CHANNEL, '2026-12-03', 'a', 'nothing new', at(0));
    expect(await store.digests.recordMissed(CHANNEL, '2026-12-03', 'late', at(1))).toBe(false);
    expect((await store.digests.lastDelivered(CHANNEL, '2026-12-03'))?.date).toBe('2026-12-02');
    expect(await store.digests.lastDelivered(CHANNEL, '2026-12-04')).toMatchObject({ date: '2026-12-03', state: 'skipped' });
    expect(await store.digests.lastDelivered(CHANNEL, '2026-12-02')).toBeUndefined();
    expect((await store.digests.history(CHANNEL)).map((d) => [d.date, d.state])).toEqual([
      ['2026-12-03', 'skipped'],
      ['2026-12-02', 'posted'],
      ['2026-12-01', 'missed'],
    ]);
    expect(await store.digests.history(CHANNEL, 1)).toHaveLength(1);
    expect(await store.digests.history({ platform: 'discord', id: 'C1' })).toEqual([]);
  });

  it('GIVEN a thread note THEN it is claimed once, marked only by its holder, released for another look, never forced', async () => {
    const store = await open();
    const notes = store.digests.notes;
    expect(await notes.claim(CHANNEL, DATE, 'late:1', 'a', at(0), POLICY)).toEqual({ claimed: true, previous: undefined });
    expect(await notes.claim(CHANNEL, DATE, 'late:1', 'b', at(1), POLICY)).toMatchObject({ claimed: false, note: { claimedBy: 'a' } });
    expect(await notes.release(CHANNEL, DATE, 'late:1', 'b')).toBe(false);
    expect(await notes.release(CHANNEL, DATE, 'late:1', 'a')).toBe(true);
    expect(await notes.get(CHANNEL, DATE, 'late:1')).toBeUndefined();
    expect(await notes.claim(CHANNEL, DATE, 'late:1', 'b', at(2), POLICY)).toMatchObject({ claimed: true });
    expect(await notes.recordComposed(CHANNEL, DATE, 'late:1', 'a', [1], at(3))).toBe(false);
    expect(await notes.recordComposed(CHANNEL, DATE, 'late:1', 'b', [7, 8], at(3))).toBe(true);
    expect(await notes.markPosted(CHANNEL, DATE, 'late:1', 'a', 'ma', at(4))).toBe(false);
    expect(await notes.markPosted(CHANNEL, DATE, 'late:1', 'b', 'mb', at(4))).toBe(true);
    expect(await notes.markFailed(CHANNEL, DATE, 'late:1', 'b', 'late', at(5))).toBe(false);
    const forced = await notes.claim(CHANNEL, DATE, 'late:1', 'op', at(100 * POLICY.staleAfterMs), { ...POLICY, force: true });
    expect(forced).toMatchObject({ claimed: false, note: { state: 'posted', messageId: 'mb', paperIds: [7, 8] } });
    await notes.claim(CHANNEL, DATE, 'late:2', 'a', at(10), POLICY);
    expect(await notes.markFailed(CHANNEL, DATE, 'late:2', 'a', 'boom', at(11))).toBe(true);
    const stale = await notes.claim(CHANNEL, DATE, 'late:2', 'c', at(11 + POLICY.retryDelayMs), POLICY);
    expect(stale).toMatchObject({ claimed: true, previous: { state: 'failed', attempts: 1 } });
    expect(await notes.get(CHANNEL, DATE, 'late:2')).toMatchObject({ state: 'claimed', claimedBy: 'c', attempts: 2 });
    expect((await notes.list(CHANNEL, DATE)).map((n) => n.kind)).toEqual(['late:1', 'late:2']);
  });

  it('GIVEN the scheduler lease THEN one holder has it, renews it, and hands over only once it has expired', async () => {
    const store = await open();
    const ttl = 30_000;
    expect(await store.leases.acquire('scheduler', 'a', ttl, at(0))).toBe(true);
    expect(await store.leases.acquire('scheduler', 'b', ttl, at(1_000))).toBe(false);
    expect(await store.leases.renew('scheduler', 'a', ttl, at(20_000))).toBe(true);
    expect(await store.leases.acquire('scheduler', 'b', ttl, at(ttl + 1_000))).toBe(false);
    expect(await store.leases.get('scheduler')).toEqual({ holder: 'a', expiresAt: at(20_000 + ttl) });
    expect(await store.leases.acquire('scheduler', 'a', ttl, at(25_000))).toBe(true);
    // a stops renewing: its lease lapses and b takes it over; a cannot renew or release b's.
    expect(await store.leases.acquire('scheduler', 'b', ttl, at(25_000 + ttl))).toBe(true);
    expect(await store.leases.renew('scheduler', 'a', ttl, at(25_000 + ttl + 1))).toBe(false);
    expect(await store.leases.release('scheduler', 'a')).toBe(false);
    expect(await store.leases.get('scheduler')).toEqual({ holder: 'b', expiresAt: at(25_000 + 2 * ttl) });
    expect(await store.leases.renew('scheduler', 'b', ttl, at(25_000 + 2 * ttl))).toBe(false);
    expect(await store.leases.release('scheduler', 'b')).toBe(true);
    expect(await store.leases.get('scheduler')).toBeUndefined();
    expect(await store.leases.acquire('scheduler', 'c', ttl, at(0))).toBe(true);
  });

  it('GIVEN an event delivered twice THEN it is new once, per platform, until it is pruned', async () => {
    const store = await open();
    expect(await store.events.firstSighting('slack', 'Ev1', at(0))).toBe(true);
    expect(await store.events.firstSighting('slack', 'Ev1', at(1_000))).toBe(false);
    expect(await store.events.firstSighting('discord', 'Ev1', at(1_000))).toBe(true);
    expect(await store.events.firstSighting('slack', 'Ev2', at(2_000))).toBe(true);
    expect(await store.events.prune(at(1_500))).toBe(2);
    expect(await store.events.firstSighting('slack', 'Ev2', at(3_000))).toBe(false);
    expect(await store.events.firstSighting('slack', 'Ev1', at(3_000))).toBe(true);
  });
});
