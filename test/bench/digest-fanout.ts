/**
 * Digest fan-out: the day's digest for `channels` subscribed channels with distinct topics, over a store of
 * `papers` synthetic papers made from the sample abstracts' vocabulary, through the one digest path
 * (deliverDigest → composeDigest → rankPapers) that scheduled, on-demand and CLI digests share. Each channel's
 * last digest was yesterday, so its digest is the papers first seen since then. The figure is a whole scheduler
 * tick (claim, compose, render as Slack Block Kit, record) for every channel; beside it, the composing and
 * rendering alone, as the `digest` command does it.
 * The paper store is the shared bench corpus (stores.ts, cached under data/bench/). Prints nothing, asserts nothing.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { addDays } from '../../src/core/dates.ts';
import { composeDigest } from '../../src/core/digest.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import type { Reply } from '../../src/message/model.ts';
import { renderSlack } from '../../src/platforms/slack/render.ts';
import type { ChannelRef, ChatAdapter } from '../../src/platforms/types.ts';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import { Store } from '../../src/store/store.ts';
import { generatePapers } from './corpus.ts';
import { benchStore } from './stores.ts';
import { loadVocabulary } from './vocabulary.ts';

export interface FanoutOptions {
  papers?: number;
  channels?: number;
  /** Papers in today's listing (new since every channel's last digest). */
  newToday?: number;
}

export interface FanoutResult {
  /** A whole scheduler tick: claim, compose, render and record every channel's digest. */
  tickSeconds: number;
  /** The CPU time of that tick: what it costs on a machine that is not shared. */
  tickCpuSeconds: number;
  /** Digests the tick posted: every channel's, once. */
  tickPosted: number;
  /** Composing and rendering every channel's digest on its own, as the `digest` command does. */
  composeSeconds: number;
  perChannelMs: number;
  papers: number;
  channels: number;
  /** Papers shown across the tick's digests: a check that the work was real. */
  shown: number;
}

const TODAY = '2026-07-01';
/** The bench corpus is first seen at 2026-06-30T00:00Z (stores.ts); yesterday's digests came after it. */
const YESTERDAYS_DIGEST = '2026-06-30T09:00:00.000Z';

/** A copy of the cached bench store (`papers` synthetic papers), plus today's listing of `newToday` new ones. */
async function storeWithTodaysPapers(papers: number, newToday: number): Promise<{ store: Store; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-fanout-'));
  const path = join(dir, 'paperboy.db');
  copyFileSync((await benchStore({ size: papers, seed: 1 })).path, path);
  const store = Store.open(path);
  // Another seed's papers, renumbered into a month the corpus does not use, so every one is new.
  const today = [...generatePapers({ size: newToday, seed: 2 })].map((paper, i) => {
    const arxivId = `2607.${String(i + 1).padStart(5, '0')}`;
    return { ...paper, arxivId, url: `https://arxiv.org/abs/${arxivId}`, publishedAt: TODAY };
  });
  store.papers.ingestListing(
    { source: 'hf-json', listingDate: TODAY, papers: today, problems: [] },
    `bench-${TODAY}`,
    `h-${TODAY}`,
    new Date(`${TODAY}T06:00:00Z`),
  );
  return { store, cleanup: () => (store.close(), rmSync(dir, { recursive: true, force: true })) };
}

/** Topics a team would pick: the sample listings' keywords and mid-frequency abstract words, in distinct pairs. */
function topicPairs(channels: number): string[][] {
  const vocabulary = loadVocabulary();
  const topics = [...vocabulary.keywords, ...vocabulary.wordsByFrequency.slice(100, 2_000).filter((w) => w.length >= 5)];
  return Array.from({ length: channels }, (_, i) => [topics[i % topics.length]!, topics[(i * 7 + 3) % topics.length]!]);
}

/** Subscribes `channels` channels with distinct pairs of topics, each with yesterday's digest posted. */
function subscribeChannels(store: Store, channels: number): void {
  const pairs = topicPairs(channels);
  const policy = { staleAfterMs: 300_000, maxAttempts: 3, retryDelayMs: 300_000 };
  const yesterday = addDays(TODAY, -1);
  store.db.transaction(() => {
    for (let i = 0; i < channels; i += 1) {
      const channel = { platform: 'slack' as const, id: `C${String(i).padStart(5, '0')}` };
      const topicMode = i % 2 === 0 ? 'boost' : 'filter';
      store.subscriptions.upsert(
        channel,
        { time: '09:00', timezone: 'UTC', days: [0, 1, 2, 3, 4, 5, 6], topics: pairs[i]!, topicMode, size: 10 },
        new Date('2026-01-01T00:00:00Z'),
      );
      const composedAt = new Date(Date.parse(YESTERDAYS_DIGEST) + i);
      store.digests.claim(channel, yesterday, 'bench', composedAt, policy);
      store.digests.recordComposed(channel, yesterday, 'bench', [], composedAt, composedAt);
      store.digests.markPosted(channel, yesterday, 'bench', { messageId: `m${i}`, threadId: `m${i}` }, composedAt);
    }
  })();
}

/** Renders each digest for Slack and answers like chat.postMessage would, without a network; counts the papers shown. */
function renderingAdapter(): ChatAdapter & { shown: number } {
  let posts = 0;
  return {
    platform: 'slack',
    shown: 0,
    start: async () => undefined,
    stop: async () => undefined,
    async post(channel: ChannelRef, reply: Reply) {
      renderSlack(reply);
      posts += 1;
      this.shown += reply.papers?.length ?? 0;
      return { channel, messageId: `ts-${posts}`, threadId: `ts-${posts}` };
    },
    async postInThread(parent) {
      return parent;
    },
  };
}

/** Every channel's digest composed and rendered on its own, as `digest` in that channel would. */
async function composeAll(store: Store): Promise<number> {
  const llm = new OfflineSummariser();
  const started = performance.now();
  for (const subscription of store.subscriptions.list()) {
    const channel = { platform: subscription.platform, id: subscription.channelId };
    const since = store.digests.lastDelivered(channel, TODAY)?.composedAt ?? undefined;
    const digest = await composeDigest(
      { store, llm },
      { channel, subscription, limit: subscription.size, ...(since ? { since, date: TODAY } : {}) },
    );
    renderSlack(digest.reply);
  }
  return (performance.now() - started) / 1000;
}

export async function benchDigestFanout({ papers = 100_000, channels = 1000, newToday = 200 }: FanoutOptions = {}): Promise<FanoutResult> {
  const { store, cleanup } = await storeWithTodaysPapers(papers, newToday);
  try {
    subscribeChannels(store, channels);
    const now = new Date(`${TODAY}T09:00:00Z`);
    const adapter = renderingAdapter();
    const scheduler = createScheduler({
      store,
      llm: new OfflineSummariser(),
      adapters: { slack: adapter },
      log: silentLogger,
      now: () => now,
      cron: { schedule: () => ({ stop: () => undefined, destroy: () => undefined }) },
    });
    const tickStarted = performance.now();
    const cpuBefore = process.cpuUsage();
    const tick = await scheduler.tick();
    const tickSeconds = (performance.now() - tickStarted) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const tickCpuSeconds = (cpu.user + cpu.system) / 1e6;
    await scheduler.stop();
    // After the tick, so that the tick's figure is a cold one.
    const composeSeconds = await composeAll(store);
    return {
      tickSeconds,
      tickCpuSeconds,
      tickPosted: tick.deliveries.filter((d) => d.outcome.status === 'posted').length,
      composeSeconds,
      perChannelMs: (composeSeconds * 1000) / channels,
      papers: store.papers.count(),
      channels,
      shown: adapter.shown,
    };
  } finally {
    cleanup();
  }
}
