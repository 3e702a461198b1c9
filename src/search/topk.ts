/**
 * The best `limit` papers by bm25 without scoring every match, and a proof that they are the best.
 *
 * Each phrase of the query brings evidence: candidate papers with the phrase's weighted count (exact, or an
 * upper bound), whether every paper containing the phrase is among them, and otherwise a bound (`tail`) on
 * what any other paper can score for it. Each candidate gets an upper bound on its score; candidates are
 * taken best bound first, settled exactly from their text when a part is only bounded (or when only the
 * text can tell whether it matches), and the search stops once the `limit`-th exact score beats both the next bound and
 * the bound for papers that are no phrase's candidate: the answer is then provably plain bm25's. When the
 * proof would take settling more than `maxSettled` papers, or the lists are too shallow for it, it says so
 * and the caller runs the full query: either way the answer is the one plain bm25 gives.
 * Whether a candidate matches is known from the lists for simple queries (words that are all found in
 * a paper's list entries), else from its text; FTS5 confirms the final few.
 */
import { K1, saturation } from './bm25.ts';

export interface Evidence {
  readonly ids: ArrayLike<number>;
  readonly lengths: ArrayLike<number>;
  readonly weighted: ArrayLike<number>;
  /** `weighted` is the phrase's count itself, not an upper bound on it (for all entries, or per entry). */
  readonly exact: boolean | ArrayLike<boolean>;
  /** Every paper containing the phrase is among `ids`. */
  readonly complete: boolean;
  /** What a paper not among `ids` can score for the phrase at most, before idf (0 when complete). */
  readonly tail: number;
}

export interface ScoredPhrase {
  readonly idf: number;
  /** Every match contains this phrase. */
  readonly required: boolean;
  /** null for excluded phrases: they add nothing to the score of a match. */
  readonly evidence: Evidence | null;
}

export interface Settled {
  /** Weighted count of each phrase, in phrase order, and the paper's length in tokens. */
  readonly counts: readonly number[];
  readonly length: number;
  /** The paper matches the whole query (dates included). */
  readonly matches: boolean;
  readonly upvotes: number;
}

export interface TopKInput {
  readonly phrases: readonly ScoredPhrase[];
  readonly limit: number;
  readonly averageLength: number;
  /**
   * The query is words that must all occur (no OR, exclusion, prefix or dates): a candidate whose every
   * word has an exact, non-zero count matches without looking at its text.
   */
  readonly simple: boolean;
  /** The query has since: or before: bounds (which only the papers' rows can check). */
  readonly dated: boolean;
  /** Every paper matching the query's FTS5 expression (dates aside), when there are few enough to list. */
  readonly matchSet?: ReadonlySet<number>;
  /** Exact counts, and whether it matches, from the papers' text. */
  settle(ids: readonly number[]): Map<number, Settled>;
  /** Upvotes (the tie-break) of papers known to match. */
  upvotes(ids: readonly number[]): Map<number, number>;
  /** The papers among `ids` that FTS5 says match the whole query. */
  verify(ids: readonly number[]): Set<number>;
  /** verify() costs less per paper than settle() (no phrases: FTS5 checks word positions slowly, per paper). */
  readonly cheapVerify: boolean;
  /** Give up (the caller runs the full query) rather than settle more papers than this from their text. */
  readonly maxSettled: number;
}

export interface TopKStats {
  readonly candidates: number;
  readonly verified: number;
  readonly settled: number;
}

export type TopKOutcome = ({ readonly ids: number[] } | { readonly fallback: string }) & TopKStats;

const UNKNOWN = 0;
const EXACT = 1;
const BOUND = 2;
const BATCH = 32;
const MAX_SATURATION = K1 + 1;

interface Candidate {
  readonly id: number;
  readonly counts: Float64Array;
  readonly kinds: Uint8Array;
  length: number;
  bound: number;
}

interface Ranked {
  readonly id: number;
  readonly score: number;
  readonly upvotes: number;
}

/** bm25's order: score, then upvotes, then the newest id. */
const better = (a: Ranked, b: Ranked): number => b.score - a.score || b.upvotes - a.upvotes || b.id - a.id;

export function topK(input: TopKInput): TopKOutcome {
  const { phrases, averageLength, limit } = input;
  const m = phrases.length;
  const candidates = new Map<number, Candidate>();
  phrases.forEach(({ evidence }, i) => {
    if (!evidence) return;
    for (let j = 0; j < evidence.ids.length; j++) {
      const id = evidence.ids[j]!;
      let c = candidates.get(id);
      if (!c) candidates.set(id, (c = { id, counts: new Float64Array(m), kinds: new Uint8Array(m), length: -1, bound: 0 }));
      if (evidence.lengths[j]! >= 0) c.length = evidence.lengths[j]!;
      c.counts[i] = evidence.weighted[j]!;
      c.kinds[i] = (typeof evidence.exact === 'boolean' ? evidence.exact : evidence.exact[j]) ? EXACT : BOUND;
    }
  });

  const part = (c: Candidate, i: number): number => {
    const evidence = phrases[i]!.evidence;
    if (!evidence) return 0;
    const kind = c.kinds[i]!;
    if (kind === UNKNOWN) return evidence.complete ? 0 : evidence.tail;
    return c.counts[i] === Infinity || c.length < 0 ? MAX_SATURATION : saturation(c.counts[i]!, c.length, averageLength);
  };
  const score = (c: Candidate) => phrases.reduce((sum, p, i) => sum + p.idf * part(c, i), 0);
  /** A paper missing from a required phrase's complete evidence cannot match. */
  const possible = (c: Candidate) => phrases.every((p, i) => !(p.required && p.evidence?.complete && c.kinds[i] === UNKNOWN));
  const unseenBound =
    input.matchSet || phrases.some((p) => p.required && p.evidence?.complete)
      ? -Infinity
      : phrases.reduce((sum, p) => sum + p.idf * (p.evidence?.tail ?? 0), 0);

  const { matchSet } = input;
  if (matchSet) {
    for (const id of matchSet)
      if (!candidates.has(id)) candidates.set(id, { id, counts: new Float64Array(m), kinds: new Uint8Array(m), length: -1, bound: 0 });
  }
  const queue = [...candidates.values()].filter((c) => possible(c) && (!matchSet || matchSet.has(c.id)));
  for (const c of queue) c.bound = score(c);
  queue.sort((a, b) => b.bound - a.bound);

  const top: Ranked[] = [];
  const threshold = () => (top.length >= limit ? top[limit - 1]!.score : -Infinity);
  const allExact = (c: Candidate) =>
    phrases.every((p, i) => !p.evidence || c.kinds[i] === EXACT || (c.kinds[i] === UNKNOWN && p.evidence.complete));
  const knownMatch = (c: Candidate) =>
    (input.simple && phrases.every((_, i) => c.kinds[i] === EXACT && c.counts[i]! > 0)) || (!!matchSet && !input.dated && allExact(c));
  const stats = { candidates: candidates.size, verified: 0, settled: 0 };
  // Papers whose score and match are already known cost nothing to rank: they set the bar first, so
  // only the partly known ones that could still beat it are settled from their text.
  const known = queue.filter(knownMatch);
  const bar = known.map((c) => c.bound).sort((a, b) => b - a)[limit - 1] ?? -Infinity;
  const contenders = known.filter((c) => c.bound >= bar);
  const votes = input.upvotes(contenders.map((c) => c.id));
  for (const c of contenders) top.push({ id: c.id, score: c.bound, upvotes: votes.get(c.id)! });
  top.sort(better);
  top.length = Math.min(top.length, limit);
  const rest = queue.filter((c) => !knownMatch(c));
  queue.length = 0;
  queue.push(...rest);
  for (let next = 0; next < queue.length && (top.length < limit || queue[next]!.bound >= threshold());) {
    const batch: Candidate[] = [];
    while (batch.length < BATCH && next < queue.length && (top.length < limit || queue[next]!.bound >= threshold()))
      batch.push(queue[next++]!);
    const known = batch.filter(knownMatch);
    const votes = input.upvotes(known.map((c) => c.id));
    for (const c of known) top.push({ id: c.id, score: score(c), upvotes: votes.get(c.id)! });
    let unsettled = batch.filter((c) => !knownMatch(c));
    if (unsettled.length > 0 && !matchSet && input.cheapVerify) {
      // Without the set of matches, ask FTS5 which candidates match before reading any text: cheaper per paper.
      const matching = input.verify(unsettled.map((c) => c.id));
      stats.verified += unsettled.length;
      unsettled = unsettled.filter((c) => matching.has(c.id));
    }
    if (unsettled.length > 0) {
      if (stats.settled >= input.maxSettled) return { fallback: 'too many candidates to settle', ...stats };
      stats.settled += unsettled.length;
      const exact = input.settle(unsettled.map((c) => c.id));
      for (const c of unsettled) {
        const found = exact.get(c.id);
        if (!found?.matches) continue;
        c.length = found.length;
        c.counts.set(found.counts);
        c.kinds.fill(EXACT);
        top.push({ id: c.id, score: score(c), upvotes: found.upvotes });
      }
    }
    top.sort(better);
    top.length = Math.min(top.length, limit);
  }
  if (top.length < limit && unseenBound !== -Infinity) return { fallback: 'fewer matches among the candidates than asked for', ...stats };
  if (top.length >= limit && !(threshold() > unseenBound))
    return { fallback: 'the lists are not deep enough to prove the order', ...stats };
  const ids = top.map((r) => r.id);
  stats.verified += ids.length;
  if (input.verify(ids).size !== ids.length) return { fallback: 'FTS5 disagreed about a match', ...stats };
  return { ids, ...stats };
}
