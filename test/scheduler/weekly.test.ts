/** Weekly roundups from the scheduler: once per channel per ISO week across instances, restarts and crashes; local time across DST. */
import { afterEach, describe, expect, it } from 'vitest';
import { planWeekly, weekWindow } from '../../src/scheduler/weekly.ts';
import type { Store } from '../../src/store/store.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, startInstance, tempDb } from './harness.ts';

const C1 = { platform: 'slack' as const, id: 'C1' };

function subscribeWeekly(store: Store, change: { day?: number; time?: string; timezone?: string } = {}) {
  return store.weekly.upsert(C1, { day: 5, time: '16:00', timezone: 'Europe/Berlin', ...change }, new Date('2026-09-01T00:00:00Z'));
}

const roundups = (platform: AcceptedPost[]) => platform.filter((p) => p.idempotencyKey?.includes(':week:'));

describe('weekly roundups from the scheduler', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it('GIVEN two instances on one store THEN Friday 16:00 Berlin posts the roundup once, and a restart the same week posts nothing', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-12-11T14:00:00Z'));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, '2026-12-09', ['Sparse Attention at Scale', 'Diffusion Policies for Robots'], '2026-12-09T04:00:00Z');
    subscribeWeekly(seed);
    const a = startInstance(db, clock, platform, 'A', { leaseTtlMs: 60_000 });
    const b = startInstance(db, clock, platform, 'B', { leaseTtlMs: 60_000 });

    await a.scheduler.tick(clock.set('2026-12-11T14:59:00Z')); // 15:59 in Berlin (CET)
    await b.scheduler.tick();
    expect(roundups(platform)).toHaveLength(0);
    // The leader keeps one cron job for the roundup's schedule, beside the digests'.
    expect(a.cron.active()).toEqual([{ expression: '0 16 * * 5', timezone: 'Europe/Berlin' }]);

    await a.scheduler.tick(clock.set('2026-12-11T15:00:05Z'));
    await b.scheduler.tick();
    expect(roundups(platform)).toHaveLength(1);
    const [post] = roundups(platform);
    expect(post!.idempotencyKey).toBe('paperboy:slack:C1:week:2026-W50');
    expect(post!.reply.attachments?.[0]?.filename).toBe('roundup-2026-W50.png');
    expect(a.store.digests.get(C1, 'week:2026-W50')).toMatchObject({ state: 'posted', messageId: post!.ref.messageId });

    // A takes the lease over from B after a restart: same week, nothing more.
    await a.scheduler.stop();
    await b.scheduler.stop();
    const c = startInstance(db, clock, platform, 'C');
    await c.scheduler.tick(clock.set('2026-12-11T18:00:00Z'));
    await c.scheduler.tick(clock.set('2026-12-11T22:59:00Z'));
    expect(roundups(platform)).toHaveLength(1);
    // Saturday is not the roundup's day; the next Friday is the next week's.
    await c.scheduler.tick(clock.set('2026-12-12T15:30:00Z'));
    expect(roundups(platform)).toHaveLength(1);
    await c.scheduler.tick(clock.set('2026-12-18T15:01:00Z'));
    expect(roundups(platform).map((p) => p.idempotencyKey)).toEqual(['paperboy:slack:C1:week:2026-W50', 'paperboy:slack:C1:week:2026-W51']);
    // The subscription dates from September: the Friday before the first tick (W49) was missed, and history says so.
    expect(c.store.digests.history(C1).map((r) => [r.date, r.state])).toEqual([
      ['week:2026-W51', 'posted'],
      ['week:2026-W50', 'posted'],
      ['week:2026-W49', 'missed'],
    ]);
  });

  it('GIVEN a crash right after the platform took the roundup THEN another instance finds it by its key and does not post again', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-12-11T15:00:00Z'));
    const platform: AcceptedPost[] = [];
    subscribeWeekly(db.open());
    const a = startInstance(db, clock, platform, 'A');
    a.adapter.crashAfterAccept = () => a.store.close();
    await a.scheduler.tick(clock.set('2026-12-11T15:00:10Z'));
    expect(roundups(platform)).toHaveLength(1);

    const b = startInstance(db, clock, platform, 'B');
    await b.scheduler.tick(clock.set('2026-12-11T15:02:00Z')); // A's claim is still fresh
    await b.scheduler.tick(clock.set('2026-12-11T15:06:00Z')); // stale: B takes over and recognises the post
    expect(roundups(platform)).toHaveLength(1);
    expect(b.store.digests.get(C1, 'week:2026-W50')).toMatchObject({ state: 'posted', claimedBy: 'B', attempts: 2 });
  });

  it('GIVEN paperboy down over a roundup’s time THEN history records that week as missed, once, and the next week posts', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-12-10T12:00:00Z'));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, '2026-12-09', ['Sparse Attention at Scale'], '2026-12-09T04:00:00Z');
    subscribeWeekly(seed);
    // Down from Thursday until the next Monday: Friday's roundup (2026-W50) was never posted.
    const a = startInstance(db, clock, platform, 'A');
    await a.scheduler.tick(clock.set('2026-12-14T09:00:00Z'));
    await a.scheduler.tick(clock.set('2026-12-14T10:00:00Z'));
    expect(roundups(platform)).toHaveLength(0);
    expect(a.store.digests.history(C1)).toEqual([expect.objectContaining({ date: 'week:2026-W50', state: 'missed' })]);
    expect(a.store.digests.history(C1)[0]!.note).toMatch(/not running at 16:00 \(Europe\/Berlin\)/);
    await a.scheduler.tick(clock.set('2026-12-18T15:00:30Z'));
    expect(roundups(platform).map((p) => p.idempotencyKey)).toEqual(['paperboy:slack:C1:week:2026-W51']);
  });

  it('GIVEN Berlin leaves summer time on Sunday 25 October THEN Friday 16:00 is 14:00 UTC before it and 15:00 UTC after it', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-10-23T13:00:00Z'));
    const platform: AcceptedPost[] = [];
    const weekly = subscribeWeekly(db.open());
    expect(planWeekly(weekly, new Date('2026-10-23T13:59:00Z'), 24).kind).toBe('not-yet');
    expect(planWeekly(weekly, new Date('2026-10-23T14:00:00Z'), 24)).toMatchObject({ kind: 'due', date: '2026-10-23' });
    expect(planWeekly(weekly, new Date('2026-10-30T14:30:00Z'), 24).kind).toBe('not-yet'); // 15:30 CET
    expect(planWeekly(weekly, new Date('2026-10-30T15:00:00Z'), 24)).toMatchObject({ kind: 'due', date: '2026-10-30' });

    const a = startInstance(db, clock, platform, 'A');
    await a.scheduler.tick(clock.set('2026-10-23T14:00:30Z'));
    await a.scheduler.tick(clock.set('2026-10-30T14:59:00Z'));
    expect(roundups(platform).map((p) => p.at.toISOString())).toEqual(['2026-10-23T14:00:30.000Z']);
    await a.scheduler.tick(clock.set('2026-10-30T15:00:30Z'));
    expect(roundups(platform).map((p) => p.idempotencyKey)).toEqual(['paperboy:slack:C1:week:2026-W43', 'paperboy:slack:C1:week:2026-W44']);

    // The week across the change starts at Saturday's local midnight, still in summer time (UTC+2).
    expect(weekWindow('2026-10-30', 'Europe/Berlin', new Date('2026-10-30T15:00:00Z')).since.toISOString()).toBe(
      '2026-10-23T22:00:00.000Z',
    );
  });

  it('the week’s picks are what this channel did from the week’s first local midnight to the roundup, across the DST change', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-10-30T15:00:30Z'));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, '2026-10-20', ['Before The Week', 'Inside The Week'], '2026-10-20T04:00:00Z');
    const [before, inside] = ['Before The Week', 'Inside The Week'].map((t) => seed.papers.findByTitle(t, 1)[0]!.id);
    const vote = (paperId: number, at: string) =>
      seed.feedback.vote({ platform: 'slack', channelId: 'C1', userId: 'U1' }, paperId, 1, new Date(at));
    vote(before!, '2026-10-23T21:59:00Z'); // Fri 23:59 in Berlin: the week before
    vote(inside!, '2026-10-23T22:00:00Z'); // Sat 00:00 in Berlin
    subscribeWeekly(seed);
    const a = startInstance(db, clock, platform, 'A');
    await a.scheduler.tick();
    const [post] = roundups(platform);
    expect(post!.reply.papers?.map((p) => p.title)).toEqual(['Inside The Week']);
  });
});
