import { afterEach, describe, expect, it } from 'vitest';
import { findList } from '../../src/core/lists.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { postLatePapers } from '../../src/scheduler/late-papers.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

const C1 = { platform: 'slack' as const, id: 'C1' };
const TODAY = '2026-03-26';
const MORNING = ['Sparse Attention at Scale', 'Diffusion Policies for Robots', 'Graph Agents'];
const LATE = ['Tiny Recursive Models', 'Retrieval Heads Explained'];

describe('late papers', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  /** Today's digest posted at 09:00 Berlin from the morning listing; then two more papers join the same listing day. */
  async function digestThenLatePapers(change = {}) {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, TODAY, MORNING, '2026-03-26T04:00:00Z');
    subscribe(seed, 'C1', change, '2026-03-20T00:00:00Z');
    const a = startInstance(db, clock, platform, 'A');
    await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(platform).toHaveLength(1);
    // The listing upvotes its papers 10 × (count − position): the late two rank below the morning three.
    seedListing(seed, TODAY, [...MORNING, ...LATE], '2026-03-26T10:00:00Z');
    return { clock, platform, a };
  }

  const threadNotes = (platform: AcceptedPost[]) => platform.filter((p) => p.parent);

  it('GIVEN papers joining today’s listing after the digest THEN they are posted once in its thread, numbered after it, and `compare 3 4` resolves there', async () => {
    const { clock, platform, a } = await digestThenLatePapers();
    const digest = platform[0]!;
    await a.scheduler.tick(clock.set('2026-03-26T11:00:00Z'));

    const notes = threadNotes(platform);
    expect(notes).toHaveLength(1);
    const note = notes[0]!;
    expect(note.parent?.threadId).toBe(digest.ref.threadId);
    expect(note.reply.blocks.find((b) => b.type === 'header')).toMatchObject({ text: "2 more papers joined today's list" });
    expect(note.reply.papers?.map((p) => [p.rank, p.title])).toEqual([
      [4, LATE[0]],
      [5, LATE[1]],
    ]);
    const list = (await findList(a.store, { channel: C1, threadId: digest.ref.threadId }, 'U1'))!;
    expect(list.paperIds).toHaveLength(5);
    expect(list.paperIds.slice(0, 3)).toEqual(digest.reply.papers!.map((p) => p.paperId));
    expect(list.paperIds.slice(3)).toEqual(note.reply.papers!.map((p) => p.paperId));

    await a.scheduler.tick(clock.set('2026-03-26T12:00:00Z'));
    await a.scheduler.tick(clock.set('2026-03-26T13:00:00Z'));
    expect(platform).toHaveLength(2);
  });

  it('GIVEN min:N THEN late papers under it are not posted, through the same ranking as the digest', async () => {
    const { clock, platform, a } = await digestThenLatePapers({ minUpvotes: 15 });
    await a.scheduler.tick(clock.set('2026-03-26T11:00:00Z'));
    // The morning digest showed 30 and 20 (10 was under min:15); of the late 20 and 10 only the 20 passes, as number 3.
    expect(platform[0]!.reply.papers).toHaveLength(2);
    const notes = threadNotes(platform);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.reply.papers?.map((p) => [p.rank, p.title])).toEqual([[3, LATE[0]]]);
  });

  it('GIVEN two instances on one store THEN the late papers are posted once', async () => {
    const { clock, platform, a } = await digestThenLatePapers();
    const b = startInstance(db, clock, platform, 'B', { leaseTtlMs: 1 });
    // B cannot lead while A's lease holds; call the two ticks together, then let B lead once A's lapses.
    await Promise.all([a.scheduler.tick(clock.set('2026-03-26T11:00:00Z')), b.scheduler.tick(clock.now())]);
    await a.scheduler.stop();
    await b.scheduler.tick(clock.set('2026-03-26T11:05:00Z'));
    expect(b.scheduler.isLeader()).toBe(true);
    expect(threadNotes(platform)).toHaveLength(1);
    await b.scheduler.stop();
  });

  it('GIVEN two processes looking for late papers at once (no lease between them) THEN one posts and the other finds it claimed', async () => {
    const { clock, platform, a } = await digestThenLatePapers();
    const b = startInstance(db, clock, platform, 'B');
    clock.set('2026-03-26T11:00:00Z');
    const request = (i: typeof a, name: string) => ({
      store: i.store,
      llm: new OfflineSummariser(),
      adapters: { slack: i.adapter },
      subscription: i.store.subscriptions.get(C1)!,
      date: TODAY,
      now: clock.now,
      instanceId: name,
    });
    const outcomes = await Promise.all([postLatePapers(request(a, 'A')), postLatePapers(request(b, 'B'))]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['none', 'posted']);
    expect(threadNotes(platform)).toHaveLength(1);
  });

  it('GIVEN a crash between the thread post and its record THEN a restart recognises the post and does not post twice', async () => {
    const { clock, platform, a } = await digestThenLatePapers();
    const post = a.adapter.postInThread.bind(a.adapter);
    a.adapter.postInThread = async (...args) => {
      await post(...args);
      a.store.close(); // the process dies with the response in flight
      throw new Error('connection reset after the platform accepted the post');
    };
    await a.scheduler.tick(clock.set('2026-03-26T11:00:00Z'));
    expect(threadNotes(platform)).toHaveLength(1);

    const b = startInstance(db, clock, platform, 'B');
    await b.scheduler.tick(clock.set('2026-03-26T11:02:00Z')); // A's claim is fresh: wait
    await b.scheduler.tick(clock.set('2026-03-26T11:10:00Z')); // stale: take over, find the post by its key
    expect(threadNotes(platform)).toHaveLength(1);
    const digest = b.store.digests.get(C1, TODAY)!;
    expect(b.store.digests.notes.get(C1, TODAY, 'late:1')).toMatchObject({ state: 'posted', claimedBy: 'B' });
    expect(b.store.lists.load(C1, digest.threadId!)).toHaveLength(5);
    await b.scheduler.tick(clock.set('2026-03-26T12:00:00Z'));
    expect(platform).toHaveLength(2);
  });
});
