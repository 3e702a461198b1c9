import { afterEach, describe, expect, it } from 'vitest';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { deliverDigest } from '../../src/scheduler/deliver.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

const C1 = { platform: 'slack' as const, id: 'C1' };
const TODAY = '2026-03-26';

describe('exactly once', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  function setUp() {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, TODAY, ['Sparse Attention at Scale', 'Diffusion Policies for Robots', 'Graph Agents'], '2026-03-26T04:00:00Z');
    subscribe(seed, 'C1', {}, '2026-03-20T00:00:00Z');
    return { clock, platform, seed };
  }

  it('GIVEN a crash right after the platform accepted the post, before the store recorded it THEN a restart finds the post and does not post again', async () => {
    const { clock, platform } = setUp();
    const a = startInstance(db, clock, platform, 'A');
    a.adapter.crashAfterAccept = () => a.store.close(); // the process dies with the HTTP response in flight
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(platform).toHaveLength(1);

    const b = startInstance(db, clock, platform, 'B');
    expect(b.store.digests.get(C1, TODAY)).toMatchObject({ state: 'claimed', claimedBy: 'A' });
    await b.scheduler.tick(clock.set('2026-03-26T08:02:00Z')); // the dead claim is still fresh: wait
    expect(platform).toHaveLength(1);
    await b.scheduler.tick(clock.set('2026-03-26T08:06:00Z')); // stale: take over, recognise the post
    expect(platform).toHaveLength(1);
    const record = b.store.digests.get(C1, TODAY)!;
    expect(record).toMatchObject({ state: 'posted', claimedBy: 'B', messageId: platform[0]!.ref.messageId, attempts: 2 });
    expect(b.store.lists.load(C1, record.threadId!)).toEqual(record.paperIds);
    expect(record.paperIds).toHaveLength(3);
  });

  it('GIVEN the post call fails after the platform accepted it THEN the retry recognises it instead of posting twice', async () => {
    const { clock, platform } = setUp();
    const a = startInstance(db, clock, platform, 'A');
    a.adapter.crashAfterAccept = () => undefined; // e.g. a timeout on the response
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(a.store.digests.get(C1, TODAY)).toMatchObject({
      state: 'failed',
      error: 'connection reset after the platform accepted the post',
    });
    await a.scheduler.tick(clock.set('2026-03-26T08:05:01Z'));
    expect(platform).toHaveLength(1);
    expect(a.store.digests.get(C1, TODAY)).toMatchObject({ state: 'posted', messageId: platform[0]!.ref.messageId });
  });

  it('GIVEN a rejected post THEN it is recorded failed with why, retried on a later tick, and posted once', async () => {
    const { clock, platform } = setUp();
    let fetches = 0;
    const a = startInstance(db, clock, platform, 'A', { refresh: async () => ((fetches += 1), { ok: true }) });
    a.adapter.rejectNext = new Error('not_in_channel');
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(a.store.digests.get(C1, TODAY)).toMatchObject({ state: 'failed', error: 'not_in_channel', attempts: 1 });
    await a.scheduler.tick(clock.set('2026-03-26T08:01:00Z')); // within the retry delay
    expect(platform).toHaveLength(0);
    await a.scheduler.tick(clock.set('2026-03-26T08:05:00Z'));
    expect(platform).toHaveLength(1);
    expect(a.store.digests.get(C1, TODAY)).toMatchObject({ state: 'posted', attempts: 2, error: null });
    expect(fetches).toBe(1); // the listings were fresh enough for the retry
  });

  it('GIVEN a tick still running THEN a second one waits for it and runs after it, never alongside', async () => {
    const { clock, platform } = setUp();
    const a = startInstance(db, clock, platform, 'A');
    let release!: () => void;
    a.adapter.holdPosts = new Promise((resolve) => (release = resolve));
    clock.set('2026-03-26T08:00:00Z');
    const first = a.scheduler.tick();
    await new Promise((resolve) => setImmediate(resolve));
    const second = a.scheduler.tick();
    expect(second).toBe(first);
    expect(platform).toHaveLength(0);
    release();
    const report = await second;
    expect(platform).toHaveLength(1);
    expect(report.deliveries).toEqual([]); // the run after the first found the digest posted
  });

  it('GIVEN two instances on one store THEN one holds the lease and the digest posts once', async () => {
    const { clock, platform } = setUp();
    const a = startInstance(db, clock, platform, 'A');
    const b = startInstance(db, clock, platform, 'B');
    expect(await a.scheduler.heartbeat()).toBe(true);
    expect(await b.scheduler.heartbeat()).toBe(false);
    expect(b.cron.active()).toEqual([]);
    clock.set('2026-03-26T08:00:00Z');
    const [ra, rb] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect([ra.leader, rb.leader]).toEqual([true, false]);
    expect(platform).toHaveLength(1);
  });

  it('GIVEN two processes delivering the same digest at the same moment THEN the claim lets only one post', async () => {
    const { clock, platform } = setUp();
    const [a, b] = [startInstance(db, clock, platform, 'A'), startInstance(db, clock, platform, 'B')];
    clock.set('2026-03-26T08:00:00Z');
    const deliver = (x: typeof a, id: string) =>
      deliverDigest({
        store: x.store,
        llm: new OfflineSummariser(),
        adapters: { slack: x.adapter },
        subscription: x.store.subscriptions.get(C1)!,
        date: TODAY,
        now: clock.now,
        instanceId: id,
      });
    const outcomes = await Promise.all([deliver(a, 'A'), deliver(b, 'B'), deliver(a, 'A2'), deliver(b, 'B2')]);
    expect(outcomes.filter((o) => o.status === 'posted')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'not-claimed')).toHaveLength(3);
    expect(platform).toHaveLength(1);
  });

  it('GIVEN the lease holder dies THEN the other instance takes over and posts the next day', async () => {
    const { clock, platform } = setUp();
    const a = startInstance(db, clock, platform, 'A');
    const b = startInstance(db, clock, platform, 'B');
    await a.scheduler.heartbeat();
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(platform).toHaveLength(1);
    a.store.close(); // killed: no release, no more renewals
    clock.set('2026-03-26T08:00:30Z');
    expect(await b.scheduler.heartbeat()).toBe(false); // the lease has not lapsed yet
    clock.set('2026-03-27T06:00:00Z');
    expect(await b.scheduler.heartbeat()).toBe(true);
    expect(b.cron.active()).toEqual([{ expression: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Berlin' }]);
    await b.scheduler.tick(clock.set('2026-03-27T08:00:00Z'));
    expect(platform.map((p) => p.idempotencyKey)).toEqual(['paperboy:slack:C1:2026-03-26', 'paperboy:slack:C1:2026-03-27']);
  });
});

describe('what a digest contains', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it('GIVEN the fetch fails every time THEN it is retried, reported, and the digest posts from known papers with a note', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const waits: number[] = [];
    let calls = 0;
    const a = startInstance(db, clock, platform, 'A', {
      refresh: async () => (
        (calls += 1),
        { ok: false, error: 'huggingface.co: 503 Service Unavailable', unreachable: ['HF Daily Papers'] }
      ),
      fetchRetry: { delaysMs: [10, 20], sleep: async (ms) => void waits.push(ms) },
    });
    seedListing(a.store, '2026-03-25', ['Known Paper About Agents'], '2026-03-25T04:00:00Z');
    subscribe(a.store, 'C1', {}, '2026-03-20T00:00:00Z');
    const report = await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(calls).toBe(3);
    expect(waits).toEqual([10, 20]);
    expect(report.fetch).toEqual({
      ok: false,
      attempts: 3,
      error: 'huggingface.co: 503 Service Unavailable',
      unreachable: ['HF Daily Papers'],
    });
    expect(platform).toHaveLength(1);
    const reply = platform[0]!.reply;
    expect(reply.blocks.find((b) => b.type === 'note')).toEqual({
      type: 'note',
      text: 'HF Daily Papers could not be reached; this digest is built from papers already known.',
    });
    expect(reply.fallback).not.toContain('huggingface.co');
    expect(reply.papers?.map((p) => p.title)).toEqual(['Known Paper About Agents']);
  });

  it('GIVEN the fetch succeeds on the second attempt THEN the digest carries no note and has today’s papers', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    let calls = 0;
    const a = startInstance(db, clock, platform, 'A', {
      refresh: async () => {
        calls += 1;
        if (calls === 1) throw new Error('ECONNRESET');
        seedListing(a.store, TODAY, ['Fresh Paper'], '2026-03-26T07:59:00Z');
        return { ok: true };
      },
      fetchRetry: { delaysMs: [1, 1], sleep: async () => undefined },
    });
    subscribe(a.store, 'C1', {}, '2026-03-20T00:00:00Z');
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(calls).toBe(2);
    expect(platform[0]!.reply.fallback).not.toContain('could not be reached');
    expect(platform[0]!.reply.papers?.map((p) => p.title)).toEqual(['Fresh Paper']);
  });

  it('GIVEN the next day THEN only papers first seen since the last digest are in it', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A');
    seedListing(a.store, TODAY, ['Old News'], '2026-03-26T04:00:00Z');
    subscribe(a.store, 'C1', {}, '2026-03-20T00:00:00Z');
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    seedListing(a.store, '2026-03-27', ['Old News', 'Brand New Result'], '2026-03-27T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-03-27T08:00:00Z'));
    expect(platform.map((p) => p.reply.papers?.map((v) => v.title))).toEqual([['Old News'], ['Brand New Result']]);
  });

  it('GIVEN channels with different topics THEN each day’s digest has the new papers on that channel’s topics', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A');
    seedListing(a.store, TODAY, ['Diffusion Models Revisited', 'Graph Agents for Planning'], '2026-03-26T04:00:00Z');
    subscribe(a.store, 'C1', { topics: ['diffusion model'], topicMode: 'filter' }, '2026-03-20T00:00:00Z');
    subscribe(a.store, 'C2', { topics: ['graph agent', 'planning'], topicMode: 'filter' }, '2026-03-20T00:00:00Z');
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    seedListing(a.store, '2026-03-27', ['Video Diffusion Models', 'Graph-Agents Everywhere', 'Protein Folding'], '2026-03-27T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-03-27T08:00:00Z'));
    const titles = (channel: string) => a.adapter.postsIn(channel).map((p) => p.reply.papers?.map((v) => v.title));
    expect(titles('C1')).toEqual([['Diffusion Models Revisited'], ['Video Diffusion Models']]);
    expect(titles('C2')).toEqual([['Graph Agents for Planning'], ['Graph-Agents Everywhere']]);
  });

  it.each([
    [true, 1, 'posted'],
    [false, 0, 'skipped'],
  ])('GIVEN nothing new and postWhenEmpty=%s THEN %i posts and the day is %s', async (postWhenEmpty, posts, state) => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A');
    seedListing(a.store, TODAY, ['Old News'], '2026-03-26T04:00:00Z');
    subscribe(a.store, 'C1', { postWhenEmpty }, '2026-03-20T00:00:00Z');
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    await a.scheduler.tick(clock.set('2026-03-27T08:00:00Z'));
    expect(platform).toHaveLength(1 + posts);
    if (posts) expect(platform[1]!.reply.fallback).toMatch(/^No new papers/);
    expect(a.store.digests.get(C1, '2026-03-27')?.state).toBe(state);
  });
});
