import { afterEach, describe, expect, it } from 'vitest';
import type { ClaimPolicy } from '../../src/store/digests.ts';
import { tempDb } from './harness.ts';

const channel = { platform: 'slack' as const, id: 'C1' };
const policy: ClaimPolicy = { staleAfterMs: 5 * 60_000, maxAttempts: 3, retryDelayMs: 5 * 60_000 };
const t = (iso: string) => new Date(`2026-03-27T${iso}Z`);

describe('digest claims', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it('GIVEN two processes on one file THEN only one claims the day, and only its holder can record it', () => {
    db = tempDb();
    const [a, b] = [db.open(), db.open()];
    expect(a.digests.claim(channel, '2026-03-27', 'A', t('08:00:00'), policy)).toMatchObject({ claimed: true, attempt: 1 });
    expect(b.digests.claim(channel, '2026-03-27', 'B', t('08:00:01'), policy)).toMatchObject({ claimed: false, reason: 'in-progress' });
    expect(b.digests.markPosted(channel, '2026-03-27', 'B', { messageId: 'x', threadId: 'x' }, t('08:00:02'))).toBe(false);
    expect(a.digests.markPosted(channel, '2026-03-27', 'A', { messageId: 'm1', threadId: 't1' }, t('08:00:02'))).toBe(true);
    expect(b.digests.claim(channel, '2026-03-27', 'B', t('09:00:00'), policy)).toMatchObject({ claimed: false, reason: 'done' });
    expect(b.digests.get(channel, '2026-03-27')).toMatchObject({ state: 'posted', messageId: 'm1', threadId: 't1', claimedBy: 'A' });
  });

  it('GIVEN a claim whose holder died THEN it can be taken over once stale, with the earlier record handed over', () => {
    db = tempDb();
    const store = db.open();
    store.digests.claim(channel, '2026-03-27', 'A', t('08:00:00'), policy);
    store.digests.recordComposed(channel, '2026-03-27', 'A', [3, 1, 2], t('08:00:01'), t('08:00:01'));
    expect(store.digests.claim(channel, '2026-03-27', 'B', t('08:04:00'), policy)).toMatchObject({ claimed: false, reason: 'in-progress' });
    const taken = store.digests.claim(channel, '2026-03-27', 'B', t('08:05:01'), policy);
    expect(taken).toMatchObject({ claimed: true, attempt: 2, previous: { state: 'claimed', claimedBy: 'A', paperIds: [3, 1, 2] } });
    expect(store.digests.markFailed(channel, '2026-03-27', 'A', 'late', t('08:06:00'))).toBe(false);
  });

  it('GIVEN failures THEN retried after the delay, at most maxAttempts times, unless forced', () => {
    db = tempDb();
    const store = db.open();
    store.digests.claim(channel, '2026-03-27', 'A', t('08:00:00'), policy);
    store.digests.markFailed(channel, '2026-03-27', 'A', 'channel_not_found', t('08:00:01'));
    expect(store.digests.claim(channel, '2026-03-27', 'A', t('08:01:00'), policy)).toMatchObject({ claimed: false, reason: 'retry-later' });
    expect(store.digests.claim(channel, '2026-03-27', 'A', t('08:05:01'), policy)).toMatchObject({ claimed: true, attempt: 2 });
    store.digests.markFailed(channel, '2026-03-27', 'A', 'channel_not_found', t('08:05:02'));
    expect(store.digests.claim(channel, '2026-03-27', 'A', t('08:10:02'), policy)).toMatchObject({ claimed: true, attempt: 3 });
    store.digests.markFailed(channel, '2026-03-27', 'A', 'channel_not_found', t('08:10:03'));
    expect(store.digests.claim(channel, '2026-03-27', 'A', t('09:00:00'), policy)).toMatchObject({ claimed: false, reason: 'gave-up' });
    expect(store.digests.claim(channel, '2026-03-27', 'ops', t('09:00:00'), { ...policy, force: true })).toMatchObject({
      claimed: true,
      attempt: 4,
    });
  });

  it('GIVEN a day already recorded THEN missed does not overwrite it; history is newest first', () => {
    db = tempDb();
    const store = db.open();
    store.digests.claim(channel, '2026-03-26', 'A', t('08:00:00'), policy);
    store.digests.markPosted(channel, '2026-03-26', 'A', { messageId: 'm', threadId: 'm' }, t('08:00:01'));
    expect(store.digests.recordMissed(channel, '2026-03-26', 'down', t('09:00:00'))).toBe(false);
    expect(store.digests.recordMissed(channel, '2026-03-27', 'down', t('09:00:00'))).toBe(true);
    expect(store.digests.history(channel, 5).map((r) => [r.date, r.state])).toEqual([
      ['2026-03-27', 'missed'],
      ['2026-03-26', 'posted'],
    ]);
    expect(store.digests.lastDelivered(channel, '2026-03-28')?.date).toBe('2026-03-26');
  });
});

describe('the scheduler lease', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it('GIVEN two processes THEN one holds the lease until it lapses, then the other takes it', () => {
    db = tempDb();
    const [a, b] = [db.open(), db.open()];
    expect(a.leases.acquire('scheduler', 'A', 60_000, t('08:00:00'))).toBe(true);
    expect(b.leases.acquire('scheduler', 'B', 60_000, t('08:00:30'))).toBe(false);
    expect(a.leases.renew('scheduler', 'A', 60_000, t('08:00:50'))).toBe(true);
    expect(b.leases.acquire('scheduler', 'B', 60_000, t('08:01:40'))).toBe(false);
    expect(b.leases.acquire('scheduler', 'B', 60_000, t('08:01:51'))).toBe(true);
    expect(a.leases.renew('scheduler', 'A', 60_000, t('08:01:52'))).toBe(false);
    expect(b.leases.get('scheduler')).toEqual({ holder: 'B', expiresAt: t('08:02:51') });
    expect(b.leases.release('scheduler', 'B')).toBe(true);
    expect(a.leases.acquire('scheduler', 'A', 60_000, t('08:02:00'))).toBe(true);
  });
});
