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

/**
 * Every weight ranking uses. `taste` is the slot for a channel's own taste score (0 until there is one); `followed` is 1
 * for a paper by an author or organisation the channel follows, ½ when only the name matches (src/core/follows.ts).
 */
export const WEIGHTS = {
  /**
   * Relevance first; among papers within about a tenth of each other, newer (recency is 1 today, ½ after
   * RECENCY_HALF_LIFE_DAYS) and more upvoted ones (100 upvotes add 0.09).
   */
  search: { relevance: 1, upvotes: 0.02, recency: 0.1, topicMatch: 0, taste: 0, followed: 0 },
  /**
   * Digests and `top`: by upvotes (log keeps their order), papers matching a topic first when topics boost. Taste is
   * a cosine (src/core/taste.ts): 0.1 more of it outweighs 55 times the upvotes (test/bench/taste-eval.ts chose 40).
   * Papers by people the channel follows come before everything else.
   */
  digest: { relevance: 0, upvotes: 1, recency: 0, topicMatch: 100, taste: 40, followed: 1000 },
  /**
   * A reading group's `shortlist`: the channel's net votes (likes − dislikes), a save half a like; upvotes only
   * break ties (log1p of 10 000 upvotes is under a tenth of a vote).
   */
  shortlist: { relevance: 0, upvotes: 0.01, recency: 0, topicMatch: 0, taste: 0, followed: 0, votes: 1, saves: 0.5 },
} as const;
export const RECENCY_HALF_LIFE_DAYS = 180;

export type Weights = { readonly [K in keyof (typeof WEIGHTS)['search']]: number } & {
  /** A channel's own votes on a paper (only the shortlist weighs them). */
  readonly votes?: number;
  readonly saves?: number;
};

export interface RankOptions {
  readonly weights?: Weights;
  readonly topics?: readonly string[];
  /** filter: only matching papers; boost: matching papers first; tiebreak: topics only break ties. Default boost. */
  readonly topicMode?: TopicMode;
  readonly minUpvotes?: number;
  /** Precomputed topic match counts; must count what topicMatcher(topics) counts. */
  readonly topicHits?: (paper: Paper) => number;
  /** A channel's taste for a paper, added with weight `taste`. */
  readonly taste?: (paper: Rankable) => number;
  /** Whether the channel follows the paper's author or organisation (0, ½, 1); followed papers pass every filter. */
  readonly followed?: (paper: Rankable) => number;
  /** For recency; default now. */
  readonly now?: number;
}

const escapeRegex = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const topicWords = (topic: string) =>
  topic
    .trim()
    .split(/[\s\-_]+/)
    .filter(Boolean);

/** A topic matches a whole word or phrase in the title, abstract or keywords, plurals included ("agent" finds "agents"). */
export function topicPattern(topic: string): RegExp | undefined {
  const words = topicWords(topic).map(escapeRegex);
  if (words.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s\\-_]+')}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu');
}

/*
 * topicPattern split in three so that only the small middle part is compiled per topic (a unicode
 * property class under /iu costs about half a millisecond to compile, the bare phrase a few microseconds):
 * the phrase, then the shared boundary checks at its start and end. Each phrase match has one end (a word
 * never starts with a separator), so trying every start gives exactly topicPattern's answer.
 */
const WORD_BEFORE = /(?<![\p{L}\p{N}])/iuy;
const PLURAL_AND_WORD_END = /(?:s|es)?(?![\p{L}\p{N}])/iuy;

function phraseMatches(phrase: RegExp, text: string): boolean {
  phrase.lastIndex = 0;
  for (let m = phrase.exec(text); m; m = phrase.exec(text)) {
    WORD_BEFORE.lastIndex = m.index;
    PLURAL_AND_WORD_END.lastIndex = m.index + m[0].length;
    if (WORD_BEFORE.test(text) && PLURAL_AND_WORD_END.test(text)) return true;
    // The next code point: in unicode mode V8 moves a lastIndex inside a surrogate pair back to its start.
    phrase.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
  }
  return false;
}

interface CompiledTopic {
  /** The topic's words joined by separators, without the word boundaries (see phraseMatches). */
  readonly phrase: RegExp;
  /**
   * The words a match must contain as whole words of the paper (the last one maybe with "s" or "es"), lower-cased,
   * when every word is plain letters and digits; null otherwise (the regex alone decides).
   */
  readonly words: readonly string[] | null;
}

/** Compiled topics by their text: a thousand channels share a few hundred topics, and compiling one costs about a millisecond. */
const compiled = new Map<string, CompiledTopic | null>();
const MAX_COMPILED = 5_000;

function compileTopic(topic: string): CompiledTopic | undefined {
  const cached = compiled.get(topic);
  if (cached !== undefined) return cached ?? undefined;
  const words = topicWords(topic);
  const lower = words.map((w) => w.toLowerCase());
  const phrase = new RegExp(words.map(escapeRegex).join('[\\s\\-_]+'), 'giu');
  const entry = words.length > 0 ? { phrase, words: lower.every((w) => /^[a-z0-9]+$/.test(w)) ? lower : null } : null;
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(topic, entry);
  return entry ?? undefined;
}

interface Haystack {
  readonly title: string;
  readonly abstract: string;
  readonly keywords: readonly string[];
  readonly text: string;
  /**
   * The text's words, split where the regex's word boundaries are, then lower-cased. Under the `iu` flags an
   * ASCII letter also matches "ſ" (long s) and "K" (Kelvin sign): toLowerCase turns the latter into "k" and
   * the former is mapped here, so every paper the regex matches passes the word check.
   */
  readonly words: ReadonlySet<string>;
}

/** Each paper's haystack, built once while its text is unchanged: digests of many channels match the same papers. */
const haystacks = new Map<number, Haystack>();
const MAX_HAYSTACKS = 4_000;
const sameWords = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((w, i) => w === b[i]);

function haystackOf(paper: Paper): Haystack {
  const cached = haystacks.get(paper.id);
  if (cached && cached.title === paper.title && cached.abstract === paper.abstract && sameWords(cached.keywords, paper.keywords))
    return cached;
  const text = `${paper.title}\n${paper.abstract}\n${paper.keywords.join(', ')}`;
  const words = new Set(text.split(/[^\p{L}\p{N}]+/u).map((w) => w.toLowerCase().replaceAll('ſ', 's')));
  const haystack = { title: paper.title, abstract: paper.abstract, keywords: [...paper.keywords], text, words };
  haystacks.delete(paper.id);
  if (haystacks.size >= MAX_HAYSTACKS) haystacks.delete(haystacks.keys().next().value!);
  haystacks.set(paper.id, haystack);
  return haystack;
}

/** False when the paper cannot match the topic; true when its regex must decide. */
function mayMatch(topic: CompiledTopic, words: ReadonlySet<string>): boolean {
  if (!topic.words) return true;
  const last = topic.words.length - 1;
  return topic.words.every((w, i) => words.has(w) || (i === last && (words.has(`${w}s`) || words.has(`${w}es`))));
}

/** How many of the topics a paper matches. */
export function topicMatcher(topics: readonly string[]): (paper: Paper) => number {
  const patterns = topics.map(compileTopic).filter((p): p is CompiledTopic => p !== undefined);
  return (paper) => {
    if (patterns.length === 0) return 0;
    const { text, words } = haystackOf(paper);
    return patterns.reduce((n, t) => n + (mayMatch(t, words) && phraseMatches(t.phrase, text) ? 1 : 0), 0);
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
export function score(
  paper: Rankable,
  weights: Weights,
  signals: { now: number; topicHits: number; taste: number; followed?: number; votes?: number; saves?: number },
): number {
  return (
    weights.relevance * (paper.relevance ?? 0) +
    weights.upvotes * Math.log1p(Math.max(0, paper.upvotes)) +
    weights.recency * recency(paper, signals.now) +
    weights.topicMatch * (signals.topicHits > 0 ? 1 : 0) +
    weights.taste * signals.taste +
    weights.followed * (signals.followed ?? 0) +
    (weights.votes ?? 0) * (signals.votes ?? 0) +
    (weights.saves ?? 0) * (signals.saves ?? 0)
  );
}

const newer = (a: Rankable, b: Rankable): number =>
  (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.firstSeenAt.localeCompare(a.firstSeenAt);

/** Returns a new array, best first. `topicHits` counts each paper's topics (0 when there are none). */
export function rank<T extends Rankable>(
  items: readonly T[],
  options: {
    weights: Weights;
    topicHits?: (item: T) => number;
    taste?: (item: T) => number;
    followed?: (item: T) => number;
    /** A channel's net votes and saves on each item. */
    votes?: (item: T) => { readonly votes: number; readonly saves: number };
    now?: number;
  },
): T[] {
  const now = options.now ?? Date.now();
  return items
    .map((item) => {
      const topicHits = options.topicHits?.(item) ?? 0;
      const signals = {
        now,
        topicHits,
        taste: options.taste?.(item) ?? 0,
        followed: options.followed?.(item) ?? 0,
        ...options.votes?.(item),
      };
      return { item, topicHits, score: score(item, options.weights, signals) };
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
    const followed = (options.followed?.(paper) ?? 0) > 0;
    if (!followed && paper.upvotes < (options.minUpvotes ?? 0)) return false;
    const n = matches(paper);
    hits.set(paper, n);
    return followed || !(hasTopics && mode === 'filter' && n === 0);
  });
  const base = options.weights ?? WEIGHTS.digest;
  // Only boost lets a topic match lift a paper; the other modes use the count to break ties.
  const weights = mode === 'boost' ? base : { ...base, topicMatch: 0 };
  return rank(eligible, {
    weights,
    topicHits: (paper) => hits.get(paper) ?? 0,
    ...(options.taste ? { taste: options.taste } : {}),
    ...(options.followed ? { followed: options.followed } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
}
