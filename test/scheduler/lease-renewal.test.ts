import { afterEach, describe, expect, it } from 'vitest';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

describe('the scheduler lease during a long run', () => {
  let db: ReturnType<typeof tempDb>;
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    db.cleanup();
  });

  it('GIVEN a tick that outlasts the lease (a slow platform) THEN the heartbeat keeps renewing it and no other instance leads meanwhile', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, '2026-03-26', ['Sparse Attention at Scale'], '2026-03-26T04:00:00Z');
    subscribe(seed, 'C1', {}, '2026-03-20T00:00:00Z');
    // A lease of 3 s: the heartbeat runs every second of real time.
    const a = startInstance(db, clock, platform, 'A', { leaseTtlMs: 3_000 });
    const b = startInstance(db, clock, platform, 'B', { leaseTtlMs: 3_000 });
    let release!: () => void;
    a.adapter.holdPosts = new Promise((resolve) => (release = resolve));
    clock.set('2026-03-26T08:00:00Z');
    const started = a.scheduler.start(); // leads, and its first tick waits on the slow platform
    stops.push(async () => (release(), await started, await a.scheduler.stop()));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(a.scheduler.isLeader()).toBe(true);

    clock.set('2026-03-26T08:00:02Z');
    await new Promise((resolve) => setTimeout(resolve, 1_300)); // a heartbeat of A's, mid-tick
    clock.set('2026-03-26T08:00:04Z'); // past the lease taken at 08:00:00
    expect(await b.scheduler.heartbeat()).toBe(false);
    expect(b.store.leases.get('scheduler')).toMatchObject({ holder: 'A' });

    release();
    await started;
    expect(platform).toHaveLength(1);
  });
});
