/**
 * Digest fan-out: compose and render (Slack Block Kit) the day's digest for `channels` subscribed
 * channels with distinct topics, over a store of `papers` synthetic papers made from the sample
 * abstracts' vocabulary. Each channel's last digest was yesterday, so its digest is the papers first
 * seen since then: the path the scheduler takes. Three figures: every channel querying and ranking
 * on its own (naive); the tick's new papers read once and shared (batched, what the scheduler does);
 * and a whole scheduler tick (claim, compose, render, record) for every channel.
 * The synthetic store is built once and cached in the temp folder. Prints nothing, asserts nothing.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { composeDigest, type DigestRequest } from '../../src/core/digest.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/message/model.ts';
import { renderSlack } from '../../src/platforms/slack/render.ts';
import type { ChannelRef, ChatAdapter } from '../../src/platforms/types.ts';
import { DigestBatch, type BatchedCandidates } from '../../src/scheduler/batch.ts';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { Store } from '../../src/store/store.ts';

export interface FanoutOptions {
  papers?: number;
  channels?: number;
  /** Papers in today's listing (new since every channel's last digest). */
  newToday?: number;
}

export interface FanoutResult {
  /** Composing and rendering every channel's digest from one shared read of the day's papers. */
  seconds: number;
  perChannelMs: number;
  /** The same when every channel queries and ranks on its own. */
  naiveSeconds: number;
  /** A whole scheduler tick: claim, compose, render and record every channel's digest. */
  tickSeconds: number;
  /** Digests the tick posted: every channel's, once. */
  tickPosted: number;
  papers: number;
  channels: number;
  /** Papers shown across all digests of the batched run: a check that the work was real. */
  shown: number;
}

const TODAY = '2026-03-27';
const FIXTURES = new URL('../fixtures/listings/', import.meta.url);

/** Deterministic PRNG (mulberry32) so every run builds the same store. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(): { words: string[]; topics: string[] } {
  const text = readdirSync(FIXTURES).filter((f) => f.endsWith('.txt')).map((f) => readFileSync(join(FIXTURES.pathname, f), 'utf8')).join(' ');
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(/[a-z][a-z-]{2,}[a-z]/g) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
  const words = [...counts.keys()];
  // Topics are content words that are neither everywhere nor unique: what a team would subscribe to.
  const topics = words.filter((w) => w.length >= 6 && (counts.get(w) ?? 0) >= 2 && (counts.get(w) ?? 0) <= 40);
  return { words, topics };
}

function syntheticPaper(pick: () => string, rand: () => number, serial: number, date: string): ParsedPaper {
  const phrase = (n: number) => Array.from({ length: n }, pick).join(' ');
  const sentences = Array.from({ length: 5 + Math.floor(rand() * 4) }, () => `${phrase(14 + Math.floor(rand() * 12))}.`);
  const title = phrase(5 + Math.floor(rand() * 6));
  return {
    title: title.charAt(0).toUpperCase() + title.slice(1),
    abstract: sentences.map((s) => s.charAt(0).toUpperCase() + s.slice(1)).join(' '),
    authors: Array.from({ length: 1 + Math.floor(rand() * 5) }, () => `${pick()} ${pick()}`),
    authorCount: null,
    organization: null,
    publishedAt: date,
    upvotes: Math.floor(rand() ** 3 * 200),
    arxivId: `${2000 + Math.floor(serial / 90_000)}.${String(serial % 90_000).padStart(5, '0')}`,
    url: null,
  };
}

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Builds (or reuses from the temp folder) the paper store: daily listings of 500 back from yesterday, then today's. */
function cachedPaperStore(papers: number, newToday: number): string {
  const path = join(tmpdir(), `paperboy-bench-fanout-v1-${papers}-${newToday}.db`);
  if (existsSync(path)) return path;
  const store = Store.open(`${path}.building`);
  const rand = random(42);
  const { words } = vocabulary();
  const pick = () => words[Math.floor(rand() * words.length)]!;
  const older = papers - newToday;
  for (let start = 0, day = 1; start < older; start += 500, day += 1) {
    const date = addDays(TODAY, -day);
    const listing = Array.from({ length: Math.min(500, older - start) }, (_, i) => syntheticPaper(pick, rand, start + i, date));
    store.papers.ingestListing({ source: 'hf-json', listingDate: date, papers: listing, problems: [] }, `bench-${date}`, `h-${date}`, new Date(`${date}T06:00:00Z`));
  }
  const today = Array.from({ length: newToday }, (_, i) => syntheticPaper(pick, rand, older + i, TODAY));
  store.papers.ingestListing({ source: 'hf-json', listingDate: TODAY, papers: today, problems: [] }, `bench-${TODAY}`, `h-${TODAY}`, new Date(`${TODAY}T06:00:00Z`));
  store.close();
  renameSync(`${path}.building`, path);
  return path;
}

/** Subscribes `channels` channels with distinct pairs of topics, each with yesterday's digest posted. */
function subscribeChannels(store: Store, channels: number): void {
  const { topics } = vocabulary();
  const policy = { staleAfterMs: 300_000, maxAttempts: 3, retryDelayMs: 300_000 };
  const yesterday = addDays(TODAY, -1);
  store.db.transaction(() => {
    for (let i = 0; i < channels; i += 1) {
      const channel = { platform: 'slack' as const, id: `C${String(i).padStart(5, '0')}` };
      const chosen = [topics[i % topics.length]!, topics[(i * 13 + 5) % topics.length]!];
      const topicMode = i % 2 === 0 ? 'boost' : 'filter';
      store.subscriptions.upsert(channel, { time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], topics: chosen, topicMode, size: 10 }, new Date('2026-01-01T00:00:00Z'));
      const composedAt = new Date(Date.parse(`${yesterday}T09:00:00Z`) + i);
      store.digests.claim(channel, yesterday, 'bench', composedAt, policy);
      store.digests.recordComposed(channel, yesterday, 'bench', [], composedAt, composedAt);
      store.digests.markPosted(channel, yesterday, 'bench', { messageId: `m${i}`, threadId: `m${i}` }, composedAt);
    }
  })();
}

/** Renders each digest for Slack and answers like chat.postMessage would, without a network. */
function renderingAdapter(): ChatAdapter {
  let posts = 0;
  return {
    platform: 'slack',
    start: async () => undefined,
    stop: async () => undefined,
    async post(channel: ChannelRef, reply: Reply) {
      renderSlack(reply);
      posts += 1;
      return { channel, messageId: `ts-${posts}`, threadId: `ts-${posts}` };
    },
    async postInThread(parent) {
      return parent;
    },
  };
}

async function composeAll(store: Store, batch: DigestBatch | undefined): Promise<{ seconds: number; shown: number }> {
  const llm = new OfflineSummariser();
  let shown = 0;
  const started = performance.now();
  for (const subscription of store.subscriptions.list()) {
    const channel = { platform: subscription.platform, id: subscription.channelId };
    const since = store.digests.lastDelivered(channel, TODAY)?.composedAt ?? undefined;
    const request: DigestRequest & BatchedCandidates = {
      channel, subscription, limit: subscription.size,
      ...(since ? { since, date: TODAY } : {}),
      ...(since && batch ? { candidates: batch.since(since), topicHits: batch.topicHits(subscription.topics) } : {}),
    };
    const digest = await composeDigest({ store, llm: batch ? batch.summariser(llm) : llm }, request);
    if (renderSlack(digest.reply).blocks.length > 0) shown += digest.papers.length;
  }
  return { seconds: (performance.now() - started) / 1000, shown };
}

export async function benchDigestFanout({ papers = 100_000, channels = 1000, newToday = 200 }: FanoutOptions = {}): Promise<FanoutResult> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fanout-'));
  const path = join(dir, 'paperboy.db');
  copyFileSync(cachedPaperStore(papers, newToday), path);
  const store = Store.open(path);
  try {
    subscribeChannels(store, channels);
    const naive = await composeAll(store, undefined);
    const batched = await composeAll(store, DigestBatch.load(store, `${addDays(TODAY, -1)}T09:00:00.000Z`, new Date()));
    const now = new Date(`${TODAY}T09:00:00Z`);
    const scheduler = createScheduler({ store, llm: new OfflineSummariser(), adapters: { slack: renderingAdapter() }, log: silentLogger, now: () => now, cron: { schedule: () => ({ stop: () => undefined, destroy: () => undefined }) } });
    const tickStarted = performance.now();
    const tick = await scheduler.tick();
    const tickSeconds = (performance.now() - tickStarted) / 1000;
    await scheduler.stop();
    return {
      seconds: batched.seconds, perChannelMs: (batched.seconds * 1000) / channels, naiveSeconds: naive.seconds, tickSeconds,
      tickPosted: tick.deliveries.filter((d) => d.outcome.status === 'posted').length, papers: store.papers.count(), channels, shown: batched.shown,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
