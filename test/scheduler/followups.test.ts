import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import type { PostedRef } from '../../src/platforms/types.ts';
import { postFollowups } from '../../src/scheduler/followups.ts';
import { composeRoundup } from '../../src/core/roundup.ts';
import { parseListing } from '../../src/sources/detect.ts';
import type { Store } from '../../src/store/store.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, startInstance, subscribe, tempDb, type Instance } from './harness.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const C1 = { platform: 'slack' as const, id: 'C1' };
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const RSS = fixture('arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml');
const HF = fixture('hf/sotawhat_hf_daily_papers.json');
const ATOM = fixture('arxiv/sotawhat_arxiv_api_transformer.xml');

/** The HF listing as it was before: paper `id` without its code and with these upvotes. */
function hfWith(id: string, change: { githubRepo?: null; upvotes?: number }): string {
  const entries = JSON.parse(HF) as { paper: Record<string, unknown> }[];
  const entry = entries.find((e) => e.paper['id'] === id)!;
  if (change.githubRepo === null) delete entry.paper['githubRepo'];
  if (change.upvotes !== undefined) entry.paper['upvotes'] = change.upvotes;
  return JSON.stringify(entries);
}

/** The arXiv API entry of 2606.13677 as it reads once the paper is published: arxiv:journal_ref (and arxiv:doi). */
const atomPublished = (doi: boolean) =>
  ATOM.replace(
    '<arxiv:comment>Project Page: https://zhaohengyin.github.io/mana</arxiv:comment>',
    `$&\n    <arxiv:journal_ref>Proc. Robotics: Science and Systems (RSS) 2026</arxiv:journal_ref>${doi ? '\n    <arxiv:doi>10.15607/RSS.2026.XXII.013</arxiv:doi>' : ''}`,
  );

/** The day before the real feed's replacement: 2009.13987 announced as its v2, a new paper on Wednesday. */
const rssDayBefore = RSS.replace('Thu, 24 Sep 2026 00:00:00 -0400', 'Wed, 23 Sep 2026 00:00:00 -0400')
  .replace('arXiv:2009.13987v3 Announce Type: replace', 'arXiv:2009.13987v2 Announce Type: new')
  .replace(/(<link>https:\/\/arxiv\.org\/abs\/2009\.13987<\/link>[\s\S]*?<arxiv:announce_type>)replace/, '$1new');

function ingest(store: Store, text: string, origin: string, at: string) {
  const hash = createHash('sha256').update(text).digest('hex');
  return store.papers.ingestListing(parseListing(text), origin, hash, new Date(at));
}

describe('follow-ups on papers a channel discussed', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  function setup(change = {}, createdAt = '2026-03-01T00:00:00Z') {
    db = tempDb();
    const clock = new Clock(new Date(createdAt));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    subscribe(seed, 'C1', { size: 25, days: [0, 1, 2, 3, 4, 5, 6], ...change }, createdAt);
    const dispatcher = createDispatcher({
      services: { store: seed, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands,
      log: silentLogger,
      now: clock.now,
    });
    const say = (text: string, thread?: PostedRef) => {
      const { command, text: rest } = dispatcher.parseText(text);
      return dispatcher.run({
        command,
        input: { text: rest },
        channel: C1,
        user: { id: 'U1', name: 'ada' },
        ...(thread ? { thread } : {}),
      });
    };
    const a = startInstance(db, clock, platform, 'A');
    return { clock, platform, seed, say, a };
  }

  const followups = (platform: AcceptedPost[]) => platform.filter((p) => p.idempotencyKey?.includes(':followup:'));
  const digestOf = (platform: AcceptedPost[]) => platform.find((p) => !p.parent)!;

  it('GIVEN an arXiv RSS replacement of a paper summarised in a digest thread THEN one note in that thread names the new version', async () => {
    const { clock, platform, seed, say, a } = setup();
    ingest(seed, rssDayBefore, 'rss', '2026-09-23T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-09-23T07:00:00Z')); // 09:00 in Berlin: the digest
    const digest = digestOf(platform);
    expect(digest.reply.papers?.map((p) => p.arxivId)).toContain('2009.13987');
    expect((await say('summarize 2009.13987', digest.ref)).tone).not.toBe('error');

    ingest(seed, RSS, 'rss', '2026-09-24T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-09-24T05:00:00Z'));
    const notes = followups(platform);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.parent?.threadId).toBe(digest.ref.threadId);
    expect(notes[0]!.reply.fallback).toMatch(/Random Polytope Descriptors.*new version v3 on arXiv/);

    // The week's roundup tells it again, among the week's follow-ups.
    const roundup = await composeRoundup(seed, {
      channel: C1,
      date: '2026-09-25',
      since: new Date('2026-09-18T22:00:00Z'),
      until: new Date('2026-09-25T14:00:00Z'),
      topics: [],
    });
    expect(roundup.reply.fallback).toMatch(/Follow-ups this week:\n• “Random Polytope Descriptors[^”]*”: new version v3 on arXiv\./);

    await a.scheduler.tick(clock.set('2026-09-24T06:00:00Z'));
    ingest(seed, RSS, 'rss-again', '2026-09-25T04:00:00Z'); // the same replacement seen again is no news
    await a.scheduler.tick(clock.set('2026-09-25T05:00:00Z'));
    expect(followups(platform)).toHaveLength(1);
  });

  it('GIVEN an HF listing where githubRepo appears for a paper liked in the channel THEN the note goes to the digest thread that listed it, with the code link', async () => {
    const { clock, platform, seed, say, a } = setup();
    ingest(seed, hfWith('2606.13392', { githubRepo: null }), 'hf', '2026-06-12T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T07:00:00Z'));
    const digest = digestOf(platform);
    expect((await say('like 2606.13392')).tone).not.toBe('error'); // a slash command: in the channel, no thread

    ingest(seed, HF, 'hf', '2026-06-12T10:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T10:05:00Z'));
    const notes = followups(platform);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.parent?.threadId).toBe(digest.ref.threadId);
    expect(notes[0]!.reply.fallback).toContain('code released');
    const paper = notes[0]!.reply.blocks.find((b) => b.type === 'paper');
    expect(paper?.type === 'paper' && paper.paper.links).toContainEqual({ label: 'Code', url: 'https://github.com/MiniMax-AI/MSA' });
  });

  it('GIVEN an arXiv API entry gaining its journal_ref and DOI the same day THEN the thread gets one note with both; a later change waits for the next day', async () => {
    const { clock, platform, seed, say, a } = setup();
    ingest(seed, ATOM, 'api', '2026-06-14T04:00:00Z');
    clock.set('2026-06-14T08:00:00Z');
    const thread: PostedRef = { channel: C1, messageId: '1700.1', threadId: '1700.1' };
    expect((await say('compare 2606.13677 2606.13591', thread)).tone).not.toBe('error');

    ingest(seed, atomPublished(false), 'api', '2026-06-15T03:00:00Z');
    ingest(seed, atomPublished(true), 'api', '2026-06-15T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-15T05:00:00Z'));
    const notes = followups(platform);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.parent?.threadId).toBe('1700.1');
    expect(notes[0]!.reply.fallback).toContain('published: Proc. Robotics: Science and Systems (RSS) 2026; DOI 10.15607/RSS.2026.XXII.013');

    // A DOI for the other compared paper the same day: the thread already had its note today.
    const comment = '<arxiv:comment>22 pages and 5 figures, 9 pages and 2 figures before the appendix</arxiv:comment>';
    ingest(seed, atomPublished(true).replace(comment, `$&\n    <arxiv:doi>10.1000/maps.2026.7</arxiv:doi>`), 'api', '2026-06-15T07:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-15T09:00:00Z'));
    expect(followups(platform)).toHaveLength(1);
    await a.scheduler.tick(clock.set('2026-06-16T05:00:00Z'));
    expect(followups(platform)).toHaveLength(2);
    expect(followups(platform)[1]!.reply.fallback).toMatch(/Multiagent Protocols.*DOI 10\.1000\/maps\.2026\.7/);
  });

  it('GIVEN a crash between the thread post and its record THEN a restart recognises the post by its key and never posts it again', async () => {
    const { clock, platform, seed, say, a } = setup();
    ingest(seed, hfWith('2606.13392', { githubRepo: null }), 'hf', '2026-06-12T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T07:00:00Z'));
    await say('save 2606.13392', digestOf(platform).ref);
    ingest(seed, HF, 'hf', '2026-06-12T10:00:00Z');
    const post = a.adapter.postInThread.bind(a.adapter);
    a.adapter.postInThread = async (...args) => {
      await post(...args);
      a.store.close(); // the process dies with the answer in flight
      throw new Error('connection reset after the platform accepted the post');
    };
    await a.scheduler.tick(clock.set('2026-06-12T10:05:00Z'));
    expect(followups(platform)).toHaveLength(1);

    const b = startInstance(db, clock, platform, 'B');
    await b.scheduler.tick(clock.set('2026-06-12T10:07:00Z')); // A's claim is fresh: wait
    await b.scheduler.tick(clock.set('2026-06-12T10:15:00Z')); // stale: take over, find the post by its key
    await b.scheduler.tick(clock.set('2026-06-13T10:15:00Z'));
    expect(followups(platform)).toHaveLength(1);
    const thread = digestOf(platform).ref.threadId;
    expect(b.store.followupNotes.get({ channel: C1, threadId: thread, date: '2026-06-12' })).toMatchObject({
      state: 'posted',
      claimedBy: 'B',
    });
    await b.scheduler.stop();
  });

  it('GIVEN two instances on one store THEN the follow-up is posted once, by schedulers and by direct calls alike', async () => {
    const { clock, platform, seed, say, a } = setup();
    ingest(seed, hfWith('2606.13392', { githubRepo: null }), 'hf', '2026-06-12T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T07:00:00Z'));
    await say('like 2606.13392');
    ingest(seed, HF, 'hf', '2026-06-12T10:00:00Z');
    const b = startInstance(db, clock, platform, 'B', { leaseTtlMs: 1 });
    await Promise.all([a.scheduler.tick(clock.set('2026-06-12T10:05:00Z')), b.scheduler.tick(clock.now())]);
    await a.scheduler.stop();
    await b.scheduler.tick(clock.set('2026-06-12T10:20:00Z'));
    expect(b.scheduler.isLeader()).toBe(true);
    expect(followups(platform)).toHaveLength(1);
    await b.scheduler.stop();

    // No lease between them: two processes calling at once.
    ingest(seed, hfWith('2606.13392', { upvotes: 200 }), 'hf-3', '2026-06-13T04:00:00Z');
    const call = (i: Instance, name: string) =>
      postFollowups({
        store: i.store,
        adapters: { slack: i.adapter },
        subscription: i.store.subscriptions.get(C1)!,
        now: clock.now,
        instanceId: name,
      });
    clock.set('2026-06-13T05:00:00Z');
    const outcomes = await Promise.all([call(a, 'A2'), call(b, 'B2')]);
    expect(outcomes.flat().map((o) => o.status)).toEqual(['posted']);
    expect(followups(platform)).toHaveLength(2);
    expect(followups(platform)[1]!.reply.fallback).toContain('103 → 200 upvotes');
  });

  it('GIVEN followups:off THEN nothing is posted, and settings say so', async () => {
    const { clock, platform, seed, say, a } = setup();
    expect((await say('subscribe followups:off')).fallback).toContain('Follow-ups: off');
    ingest(seed, hfWith('2606.13392', { githubRepo: null }), 'hf', '2026-06-12T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T07:00:00Z'));
    await say('like 2606.13392', digestOf(platform).ref);
    ingest(seed, HF, 'hf', '2026-06-12T10:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T10:05:00Z'));
    expect(followups(platform)).toHaveLength(0);
    expect((await say('settings')).fallback).toContain('Follow-ups: off');
    expect((await say('subscribe followups:on')).fallback).toContain('Follow-ups: news on papers discussed here');
  });

  it('GIVEN upvotes THEN only a jump of the threshold since the discussion is news; a paper discussed longer ago than the watch is not followed', async () => {
    const { clock, platform, seed, say, a } = setup();
    ingest(seed, HF, 'hf', '2026-06-12T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-12T07:00:00Z'));
    await say('like 2606.13392', digestOf(platform).ref); // 103 upvotes then
    ingest(seed, hfWith('2606.13392', { upvotes: 150 }), 'hf-2', '2026-06-13T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-13T05:00:00Z'));
    expect(followups(platform)).toHaveLength(0);
    ingest(seed, hfWith('2606.13392', { upvotes: 170 }), 'hf-3', '2026-06-14T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-14T05:00:00Z'));
    expect(followups(platform)).toHaveLength(0);
    ingest(seed, hfWith('2606.13392', { upvotes: 201 }), 'hf-4', '2026-06-15T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-06-15T05:00:00Z'));
    expect(followups(platform).map((p) => p.reply.fallback)).toEqual([expect.stringContaining('103 → 201 upvotes')]);

    // 61 days on, without another word about it here: no longer watched.
    ingest(seed, hfWith('2606.13392', { upvotes: 400 }), 'hf-5', '2026-08-15T04:00:00Z');
    await a.scheduler.tick(clock.set('2026-08-15T05:00:00Z'));
    expect(followups(platform)).toHaveLength(1);
  });

  it('GIVEN PAPERBOY_FOLLOWUP_DAYS and PAPERBOY_FOLLOWUP_UPVOTES THEN they are read, default 60 days and 50 upvotes, and a bad value is reported', () => {
    expect(loadConfig({}).followups).toEqual({ days: 60, upvoteJump: 50 });
    expect(loadConfig({ PAPERBOY_FOLLOWUP_DAYS: '14', PAPERBOY_FOLLOWUP_UPVOTES: '25' }).followups).toEqual({ days: 14, upvoteJump: 25 });
    expect(() => loadConfig({ PAPERBOY_FOLLOWUP_DAYS: 'soon' })).toThrow(/PAPERBOY_FOLLOWUP_DAYS must be a whole number from 0 to 3650/);
    expect(() => loadConfig({ PAPERBOY_FOLLOWUP_UPVOTES: '0' })).toThrow(/PAPERBOY_FOLLOWUP_UPVOTES must be a whole number from 1/);
  });
});
