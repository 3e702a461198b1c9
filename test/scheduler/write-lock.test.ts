import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { holdWriteLock } from '../helpers/write-lock.ts';
import { Store } from '../../src/store/store.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

const TODAY = '2026-03-26';
const C1 = { platform: 'slack' as const, id: 'C1' };

describe('the scheduler while another process holds the write lock', () => {
  let db: ReturnType<typeof tempDb>;
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0)) cleanup();
    db.cleanup();
  });

  /** The bot's own connection: busy_timeout 0, so a lock never blocks the event loop (app/core.ts). */
  function setUp() {
    db = tempDb();
    const seed = db.open();
    seedListing(seed, TODAY, ['Sparse Attention at Scale', 'Graph Agents'], '2026-03-26T04:00:00Z');
    subscribe(seed, 'C1', {}, '2026-03-20T00:00:00Z');
    const bot = { open: () => Store.open(db.path, { busyTimeoutMs: 0 }) };
    return { bot, clock: new Clock(new Date('2026-03-26T08:00:00Z')), platform: [] as AcceptedPost[] };
  }

  it('GIVEN the lock held when a tick starts THEN the lease waits without blocking the loop, and the digest posts after', async () => {
    const { bot, clock, platform } = setUp();
    const a = startInstance(bot, clock, platform, 'A');
    cleanups.push(() => a.store.close());
    const holder = holdWriteLock(db.path, 1200);
    cleanups.push(holder.kill);
    await holder.locked;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const report = await a.scheduler.tick();
    delay.disable();
    const releasedAt = await holder.released;
    expect(report.leader).toBe(true);
    expect(report.deliveries.map((d) => d.outcome.status)).toEqual(['posted']);
    expect(platform).toHaveLength(1);
    expect(Date.now()).toBeGreaterThanOrEqual(releasedAt);
    expect(delay.max / 1e6).toBeLessThan(500);
  });

  it('GIVEN the lock taken during the fetch THEN the claim waits for it and the digest posts once', async () => {
    const { bot, clock, platform } = setUp();
    let holder: ReturnType<typeof holdWriteLock> | undefined;
    const a = startInstance(bot, clock, platform, 'A', {
      refresh: async () => {
        holder = holdWriteLock(db.path, 1200);
        await holder.locked;
        return { ok: true };
      },
    });
    cleanups.push(
      () => a.store.close(),
      () => holder?.kill(),
    );
    const report = await a.scheduler.tick();
    expect(report.deliveries.map((d) => d.outcome.status)).toEqual(['posted']);
    expect(a.store.digests.get(C1, TODAY)).toMatchObject({ state: 'posted', attempts: 1 });
    expect(platform).toHaveLength(1);
  });

  it('GIVEN the lock taken while the platform posts THEN the post is recorded once the lock is free, not failed', async () => {
    const { bot, clock, platform } = setUp();
    const a = startInstance(bot, clock, platform, 'A');
    const holder = holdWriteLock(db.path, 1200);
    a.adapter.holdPosts = holder.locked;
    cleanups.push(
      () => a.store.close(),
      () => holder.kill(),
    );
    const report = await a.scheduler.tick();
    expect(report.deliveries.map((d) => d.outcome.status)).toEqual(['posted']);
    expect(a.store.digests.get(C1, TODAY)).toMatchObject({ state: 'posted', attempts: 1 });
    expect(platform).toHaveLength(1);
  });

  it('GIVEN the lock held THEN the scheduled fetch stores its listing once the lock is free instead of failing', async () => {
    const { bot } = setUp();
    const store = bot.open();
    cleanups.push(() => store.close());
    const holder = holdWriteLock(db.path, 1200);
    cleanups.push(holder.kill);
    await holder.locked;
    const file = join(import.meta.dirname, '..', 'fixtures', 'hf', 'week-2026-W24.json');
    const report = await ingestTargets(store, [file]);
    expect(report.targets[0]!.error).toBeUndefined();
    expect(report.totals.new).toBeGreaterThan(0);
  });
});
