/**
 * bm25's best papers for queries with phrases of several words or field filters (no prefixes, no dates),
 * from the complete postings of their words. Every paper containing a phrase contains all of its words, so
 * the papers of the query's most selective clause, as its words' postings give them, hold every match.
 * For each such candidate the postings give each word's exact column-weighted count (a filter's words
 * have postings of their own, in its column only); a phrase can occur no more often than its scarcest
 * word, which bounds its count. When a phrase's hits are known (FTS5 lists them), only its hits are
 * candidates and most counts are exact: a phrase whose scarcest word occurs once occurs once. Candidates
 * whose every part is exact are ranked as they are; the others are settled from their text, highest bound
 * first, until the limit-th best exact score beats the next bound. The answer is then bm25's own, given
 * the phrases' idf (the caller says whether those are exact).
 */
import { COLUMNS, WEIGHTS, lengthNorm, saturated, saturation } from './bm25.ts';
import type { Postings } from './impact-lists.ts';
import type { Phrase } from './phrases.ts';
import { gallop, intersection, sortedUnique } from './postings-ops.ts';
import { better, rankBest, type RankingInput } from './rank.ts';
import type { Settled } from './topk.ts';

export interface PostingsPhrase {
  readonly phrase: Phrase;
  /** Each token's complete postings (in the phrase's column only, when it has one); null for a token no paper contains. */
  readonly tokens: readonly (Postings | null)[];
  readonly idf: number;
  /**
   * Every paper containing the phrase, ids ascending, when known (FTS5's match set): the phrase's presence
   * is then known, and so is its count wherever the bound is the weight of a single instance.
   */
  readonly hits?: Int32Array;
}

export interface PhraseTopKInput extends RankingInput {
  /** In phrasesOf() order: settle() counts them in that order. */
  readonly phrases: readonly PostingsPhrase[];
  /** Give up rather than read the text of more papers than this. */
  readonly maxSettled: number;
  /**
   * Give up after the first batch when fewer than this share of the papers read were matches: the phrase
   * is rare among papers with its words, and reading on would cost more than FTS5 listing its hits.
   */
  readonly minYield?: number;
  settle(ids: readonly number[]): Map<number, Settled>;
}

export type PhraseTopKResult =
  | {
      readonly ids: number[];
      readonly candidates: number;
      readonly settled: number;
      readonly total?: number;
      readonly knownMatches: number;
    }
  | { readonly fallback: string; readonly candidates: number; readonly settled: number };

const BATCH = 32;
const present = (p: PostingsPhrase): p is PostingsPhrase & { tokens: Postings[] } => p.tokens.every((t) => t !== null);

/** The papers that can contain the phrase: those with all of its words, or its hits when known. */
function papersWithWords(p: PostingsPhrase): Int32Array {
  if (!present(p)) return new Int32Array(0);
  if (p.hits) return p.hits;
  return p.tokens.length === 1 ? p.tokens[0]!.ids : intersection(p.tokens.map((t) => t!.ids));
}

/** What is certain of a phrase in a candidate: whether it is there, and its weighted count. */
const PRESENCE = 1;
const COUNT = 2;

/**
 * For each candidate, the phrase's weighted count (exact for one word) or a bound on it (0 when absent, which
 * is certain), and what of it is certain.
 */
function countsOf(p: PostingsPhrase, candidates: Int32Array): { counts: Float64Array; sure: Uint8Array } {
  const counts = new Float64Array(candidates.length);
  const sure = new Uint8Array(candidates.length);
  if (!present(p)) return { counts, sure: sure.fill(PRESENCE | COUNT) };
  const single = p.tokens.length === 1;
  // One instance weighs at least this much; a present phrase bounded by it occurs exactly once.
  const least = p.phrase.column ? WEIGHTS[COLUMNS.indexOf(p.phrase.column)]! : Math.min(...WEIGHTS);
  const at = p.tokens.map(() => 0);
  let hitAt = 0;
  for (let k = 0; k < candidates.length; k++) {
    const id = candidates[k]!;
    let fewest = Infinity;
    for (let t = 0; t < p.tokens.length && fewest > 0; t++) {
      const { ids, weights } = p.tokens[t]!;
      const i = (at[t] = gallop(ids, id, at[t]!));
      fewest = ids[i] === id ? Math.min(fewest, weights[i]!) : 0;
    }
    if (p.hits && fewest > 0) {
      hitAt = gallop(p.hits, id, hitAt);
      if (p.hits[hitAt] !== id) fewest = 0;
    }
    counts[k] = fewest;
    if (single || fewest === 0) sure[k] = PRESENCE | COUNT;
    else if (p.hits) sure[k] = fewest <= least ? PRESENCE | COUNT : PRESENCE;
  }
  return { counts, sure };
}

export function phraseTopK(input: PhraseTopKInput): PhraseTopKResult {
  const { phrases, limit, averageLength, lengths } = input;
  const clauses = 1 + Math.max(-1, ...phrases.map((p) => p.phrase.clause));
  const scoring = phrases.filter((p) => !p.phrase.excluded);
  const byClause = Array.from({ length: clauses }, (_, c) => scoring.filter((p) => p.phrase.clause === c));
  // The clause whose words are rarest gives the candidates (a cheap estimate first: its hits, or its scarcest word's postings).
  const size = (p: PostingsPhrase) => (!present(p) ? 0 : (p.hits?.length ?? Math.min(...p.tokens.map((t) => t!.ids.length))));
  const estimate = (alternatives: PostingsPhrase[]) => alternatives.reduce((n, p) => n + size(p), 0);
  const chosen = byClause.reduce((a, b) => (estimate(b) < estimate(a) ? b : a));
  let candidates = chosen.length === 1 ? papersWithWords(chosen[0]!) : sortedUnique(chosen.map(papersWithWords));
  // Papers that miss another clause cannot match: leave them out before anything is counted for them.
  for (const clause of byClause) if (clause !== chosen) candidates = narrow(candidates, clause);
  const n = candidates.length;
  const evidence = phrases.map((p) => countsOf(p, candidates));
  const counts = evidence.map((e) => e.counts);
  const sure = evidence.map((e) => e.sure);

  const m = phrases.length;
  const scored = Int32Array.from(phrases.flatMap((p, i) => (p.phrase.excluded ? [] : [i])));
  const idfs = Float64Array.from(phrases, (p) => p.idf);
  const excluded = Uint8Array.from(phrases, (p) => (p.phrase.excluded ? 1 : 0));
  /** Σ idf·saturation over the scored phrases, the weighted counts read by `weighted(i)`. */
  const scoreOf = (weighted: (i: number) => number, length: number): number => {
    let score = 0;
    for (const i of scored) score += idfs[i]! * saturation(weighted(i), length, averageLength);
    return score;
  };
  // Per candidate: 0 cannot match; 1 matches with a known score; 2 needs its text. Clauses are bits (at most
  // MAX_TERMS, 32, of them): those a candidate may match, and those it surely does.
  const state = new Uint8Array(n);
  const bounds = new Float64Array(n);
  const clauseBit = Int32Array.from(phrases, (p) => 1 << p.phrase.clause);
  const every = clauses >= 32 ? -1 : (1 << clauses) - 1;
  let knownMatches = 0;
  for (let k = 0; k < n; k++) {
    let possible = 0;
    let certain = 0;
    let fails = false;
    let unsure = false;
    for (let i = 0; i < m; i++) {
      if (counts[i]![k]! === 0) continue;
      const known = sure[i]![k]!;
      if (excluded[i] === 1) {
        if (known & PRESENCE) fails = true;
        else unsure = true;
      } else {
        possible |= clauseBit[i]!;
        if (known & PRESENCE) certain |= clauseBit[i]!;
        if (!(known & COUNT)) unsure = true;
      }
    }
    if (fails || possible !== every) continue;
    if (certain !== every) unsure = true;
    state[k] = unsure ? 2 : 1;
    if (!unsure) knownMatches++;
    let bound = 0;
    const norm = lengthNorm(lengths[candidates[k]!]!, averageLength);
    for (let j = 0; j < scored.length; j++) bound += idfs[scored[j]!]! * saturated(counts[scored[j]!]![k]!, norm);
    bounds[k] = bound;
  }

  const top = rankBest(candidates, bounds, limit, input.upvotes, (k) => state[k] === 1);
  const threshold = () => (top.length >= limit ? top[limit - 1]!.score : -Infinity);
  const heap = new BoundHeap(bounds, state);
  let settled = 0;
  let settledMatches = 0;
  // The bar only rises as papers are settled, so at most this many need their text. Over the budget, give
  // up before reading any (a query that needs more than the budget usually needs far more).
  if (top.length >= limit && heap.countAtLeast(threshold()) > input.maxSettled)
    return { fallback: 'too many candidates to settle', candidates: n, settled };
  while (heap.size > 0 && (top.length < limit || heap.peek() >= threshold())) {
    const batch: number[] = [];
    while (batch.length < BATCH && heap.size > 0 && (top.length < limit || heap.peek() >= threshold())) batch.push(heap.pop());
    if (settled + batch.length > input.maxSettled) return { fallback: 'too many candidates to settle', candidates: n, settled };
    settled += batch.length;
    const found = input.settle(batch.map((k) => candidates[k]!));
    for (const k of batch) {
      const paper = found.get(candidates[k]!);
      if (!paper?.matches) continue;
      settledMatches++;
      top.push({ id: candidates[k]!, score: scoreOf((i) => paper.counts[i]!, paper.length), upvotes: paper.upvotes });
    }
    if (input.minYield !== undefined && settledMatches < settled * input.minYield)
      return { fallback: 'few candidates hold the phrase', candidates: n, settled };
    top.sort(better);
    top.length = Math.min(top.length, limit);
  }
  // Every candidate's fate is known when none was left unsettled.
  return {
    ids: top.map((r) => r.id),
    candidates: n,
    settled,
    knownMatches,
    ...(heap.size === 0 ? { total: knownMatches + settledMatches } : {}),
  };
}

/** The candidates (ids ascending) that may match one of a clause's alternatives: all of its words, or its hits when known. */
function narrow(candidates: Int32Array, alternatives: readonly PostingsPhrase[]): Int32Array {
  const lists = alternatives.filter(present).map((p) => (p.hits ? [p.hits] : p.tokens.map((t) => t!.ids)));
  const at = lists.map((l) => new Int32Array(l.length));
  const kept = new Int32Array(candidates.length);
  let size = 0;
  for (let k = 0; k < candidates.length; k++) {
    const id = candidates[k]!;
    let any = false;
    for (let a = 0; a < lists.length && !any; a++) {
      const words = lists[a]!;
      const cursors = at[a]!;
      let all = true;
      for (let t = 0; t < words.length && all; t++) {
        const ids = words[t]!;
        const i = (cursors[t] = gallop(ids, id, cursors[t]!));
        all = ids[i] === id;
      }
      any = all;
    }
    if (any) kept[size++] = id;
  }
  return kept.subarray(0, size);
}

/** The candidates that need their text, highest bound first (a binary max-heap of their indices). */
class BoundHeap {
  private readonly items: Int32Array;
  size: number;

  private readonly bounds: Float64Array;
  constructor(bounds: Float64Array, state: Uint8Array) {
    this.bounds = bounds;
    this.items = new Int32Array(state.reduce((n, s) => n + (s === 2 ? 1 : 0), 0));
    let at = 0;
    for (let k = 0; k < state.length; k++) if (state[k] === 2) this.items[at++] = k;
    this.size = at;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.down(i);
  }

  countAtLeast(bound: number): number {
    let count = 0;
    for (let i = 0; i < this.size; i++) if (this.bounds[this.items[i]!]! >= bound) count++;
    return count;
  }

  peek(): number {
    return this.bounds[this.items[0]!]!;
  }

  pop(): number {
    const top = this.items[0]!;
    this.items[0] = this.items[--this.size]!;
    this.down(0);
    return top;
  }

  private down(i: number): void {
    const { items, bounds } = this;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && bounds[items[right]!]! > bounds[items[left]!]! ? right : left;
      if (bounds[items[child]!]! <= bounds[items[i]!]!) return;
      [items[i], items[child]] = [items[child]!, items[i]!];
      i = child;
    }
  }
}
