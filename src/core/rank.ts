/**
 * Ranking, for search, digests and `top`: one score per paper, the weighted sum of its signals, with every
 * weight in WEIGHTS. Equal scores go to the newer paper (publication date, then first seen), then to the one
 * matching more topics, then to the lower id. Topics either filter (only matching papers), boost (matching
 * papers first) or only break ties.
 */
import type { Paper } from '../store/types.ts';

export type TopicMode = 'filter' | 'boost' | 'tiebreak';

/** What ranking reads of a paper: a Paper has all of it; search's candidates add their relevance. */
export interface Rankable {
  readonly id: number;
  readonly upvotes: number;
  readonly publishedAt: string | null;
  readonly firstSeenAt: string;
  /**
   * How well the paper matches the search query, 0 to 1: FTS5's bm25 (title 10, abstract 1, authors 3,
   * organization 3, keywords 4) over the best match's, so that the weights below mean the same for every
   * query and store size. 0 without a query.
   */
  readonly relevance?: number;
}

/** Every weight ranking uses. `taste` is the slot for a channel's own taste score (0 until there is one). */
export const WEIGHTS = {
  /**
   * Relevance first; among papers within about a tenth of each other, newer (recency is 1 today, ½ after
   * RECENCY_HALF_LIFE_DAYS) and more upvoted ones (100 upvotes add 0.09).
   */
  search: { relevance: 1, upvotes: 0.02, recency: 0.1, topicMatch: 0, taste: 0 },
  /**
   * Digests and `top`: by upvotes (log keeps their order), papers matching a topic first when topics boost. Taste is
   * a cosine (src/core/taste.ts): 0.1 more of it outweighs 55 times the upvotes (test/bench/taste-eval.ts chose 40).
   */
  digest: { relevance: 0, upvotes: 1, recency: 0, topicMatch: 100, taste: 40 },
} as const;
export const RECENCY_HALF_LIFE_DAYS = 180;

export type Weights = { readonly [K in keyof (typeof WEIGHTS)['search']]: number };

export interface RankOptions {
  readonly weights?: Weights;
  readonly topics?: readonly string[];
  /** filter: only matching papers; boost: matching papers first; tiebreak: topics only break ties. Default boost. */
  readonly topicMode?: TopicMode;
  readonly minUpvotes?: number;
  /** Precomputed topic match counts (the scheduler's word index over a tick's papers); must count what topicMatcher(topics) counts. */
  readonly topicHits?: (paper: Paper) => number;
  /** A channel's taste for a paper, added with weight `taste`. */
  readonly taste?: (paper: Rankable) => number;
  /** For recency; default now. */
  readonly now?: number;
}

/** A topic matches a whole word or phrase in the title, abstract or keywords, plurals included ("agent" finds "agents"). */
export function topicPattern(topic: string): RegExp | undefined {
  const words = topic
    .trim()
    .split(/[\s\-_]+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s\\-_]+')}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu');
}

/** How many of the topics a paper matches. */
export function topicMatcher(topics: readonly string[]): (paper: Paper) => number {
  const patterns = topics.map(topicPattern).filter((p): p is RegExp => p !== undefined);
  return (paper) => {
    if (patterns.length === 0) return 0;
    const text = `${paper.title}\n${paper.abstract}\n${paper.keywords.join(', ')}`;
    return patterns.reduce((n, pattern) => n + (pattern.test(text) ? 1 : 0), 0);
  };
}

const DAY_MS = 86_400_000;
const dayOf = (paper: Rankable): string => paper.publishedAt ?? paper.firstSeenAt.slice(0, 10);

/** 1 for a paper of today, ½ for one RECENCY_HALF_LIFE_DAYS old, and so on (undated: as first seen). */
export function recency(paper: Rankable, now: number): number {
  const age = Math.max(0, (now - Date.parse(dayOf(paper))) / DAY_MS);
  return Number.isFinite(age) ? 0.5 ** (age / RECENCY_HALF_LIFE_DAYS) : 0;
}

/** The one score: the weighted sum of a paper's signals. */
export function score(paper: Rankable, weights: Weights, signals: { now: number; topicHits: number; taste: number }): number {
  return (
    weights.relevance * (paper.relevance ?? 0) +
    weights.upvotes * Math.log1p(Math.max(0, paper.upvotes)) +
    weights.recency * recency(paper, signals.now) +
    weights.topicMatch * (signals.topicHits > 0 ? 1 : 0) +
    weights.taste * signals.taste
  );
}

const newer = (a: Rankable, b: Rankable): number =>
  (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.firstSeenAt.localeCompare(a.firstSeenAt);

/** Returns a new array, best first. `topicHits` counts each paper's topics (0 when there are none). */
export function rank<T extends Rankable>(
  items: readonly T[],
  options: { weights: Weights; topicHits?: (item: T) => number; taste?: (item: T) => number; now?: number },
): T[] {
  const now = options.now ?? Date.now();
  return items
    .map((item) => {
      const topicHits = options.topicHits?.(item) ?? 0;
      return { item, topicHits, score: score(item, options.weights, { now, topicHits, taste: options.taste?.(item) ?? 0 }) };
    })
    .sort((a, b) => b.score - a.score || newer(a.item, b.item) || b.topicHits - a.topicHits || a.item.id - b.item.id)
    .map(({ item }) => item);
}

/** Digests and `top`: eligible papers, best first (a new array). */
export function rankPapers(papers: readonly Paper[], options: RankOptions = {}): Paper[] {
  const mode = options.topicMode ?? 'boost';
  const matches = options.topicHits ?? topicMatcher(options.topics ?? []);
  const hasTopics = (options.topics ?? []).some((t) => t.trim() !== '');
  const hits = new Map<Paper, number>();
  const eligible = papers.filter((paper) => {
    if (paper.upvotes < (options.minUpvotes ?? 0)) return false;
    const n = matches(paper);
    hits.set(paper, n);
    return !(hasTopics && mode === 'filter' && n === 0);
  });
  const base = options.weights ?? WEIGHTS.digest;
  // Only boost lets a topic match lift a paper; the other modes use the count to break ties.
  const weights = mode === 'boost' ? base : { ...base, topicMatch: 0 };
  return rank(eligible, {
    weights,
    topicHits: (paper) => hits.get(paper) ?? 0,
    ...(options.taste ? { taste: options.taste } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}
