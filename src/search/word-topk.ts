/**
 * bm25's best papers for queries of single words (with OR and -exclusions; no phrases of several words,
 * prefixes, field filters or dates), scored without reading any paper's text: every word has complete
 * postings sorted by id (its impact list when that holds every paper with the word, else search_postings)
 * and every paper's length is known, so any paper's exact score is a few binary searches away.
 *
 * The candidates are the papers of the words' impact lists. A paper on none of them scores at most
 * Σ idf·tail (each list's weakest entry), so when the limit-th best candidate beats that bound the answer
 * is bm25's own (proved). Otherwise, when one clause's papers are few enough, all of them are scored
 * (proved). Otherwise the answer is the best of the candidates, each scored exactly (approximate); the
 * benchmark measures how often that is bm25's top 10.
 */
import { saturation } from './bm25.ts';
import { tailOf } from './evidence.ts';
import { isComplete, weightedAt, type ImpactList, type Postings } from './impact-lists.ts';
import type { Phrase } from './phrases.ts';
import { gallop, sortedUnique } from './postings-ops.ts';
import { rankBest, type RankingInput } from './rank.ts';

export interface WordTerm {
  readonly phrase: Phrase;
  /** null: no paper contains the word. */
  readonly list: ImpactList | null;
  readonly postings: Postings | null;
  readonly idf: number;
}

export interface WordTopKInput extends RankingInput {
  readonly terms: readonly WordTerm[];
  /** Score every paper of a clause when its words' postings hold at most this many entries in all. */
  readonly maxScan: number;
}

export interface WordTopKResult {
  readonly ids: number[];
  /** Proved to be bm25's answer; otherwise the best of the candidates. */
  readonly proved: boolean;
  /** How many papers match, when every match was scored. */
  readonly total?: number;
  readonly scored: number;
}

/** A complete impact list as postings. */
export function postingsOfList(list: ImpactList): Postings {
  const order = Array.from(list.ids.keys()).sort((a, b) => list.ids[a]! - list.ids[b]!);
  return { ids: Int32Array.from(order, (j) => list.ids[j]!), weights: Uint16Array.from(order, (j) => weightedAt(list, j)) };
}

export function wordTopK(input: WordTopKInput): WordTopKResult {
  const { terms, limit, averageLength } = input;
  const scoring = terms.filter((t) => !t.phrase.excluded);
  // Clauses of words to look for are numbered from 0 (phrases.ts); a match has a word of each and no exclusion.
  const clauses = 1 + Math.max(-1, ...terms.map((t) => t.phrase.clause));
  const byClause = Array.from({ length: clauses }, (_, clause) => scoring.filter((t) => t.phrase.clause === clause));
  const complete = (t: WordTerm) => !t.list || isComplete(t.list);
  // When all of one clause's lists are complete, every match is among the candidates.
  let everyMatch = byClause.some((alternatives) => alternatives.every(complete));
  const unseen = everyMatch ? -Infinity : scoring.reduce((sum, t) => sum + t.idf * (t.list ? tailOf(t.list, averageLength) : 0), 0);
  let ids = sortedUnique(scoring.flatMap((t) => (t.list ? [t.list.ids] : [])));
  let scores = scoreAll(ids, terms, clauses, input.lengths, averageLength);
  let ranked = rankBest(ids, scores, limit, input.upvotes, (k) => scores[k] !== -Infinity);
  let proved = everyMatch || (ranked.length === limit && ranked.at(-1)!.score > unseen);
  if (!proved) {
    const size = (alternatives: WordTerm[]) => alternatives.reduce((n, t) => n + (t.postings?.ids.length ?? 0), 0);
    const smallest = byClause.reduce((a, b) => (size(b) < size(a) ? b : a));
    if (size(smallest) <= input.maxScan) {
      ids = sortedUnique([ids, ...smallest.flatMap((t) => (t.postings ? [t.postings.ids] : []))]);
      scores = scoreAll(ids, terms, clauses, input.lengths, averageLength);
      ranked = rankBest(ids, scores, limit, input.upvotes, (k) => scores[k] !== -Infinity);
      proved = everyMatch = true;
    }
  }
  const total = everyMatch ? scores.reduce((n, s) => n + (s > -Infinity ? 1 : 0), 0) : undefined;
  return { ids: ranked.map((r) => r.id), proved, scored: ids.length, ...(total !== undefined ? { total } : {}) };
}

/**
 * Each paper's score (ids ascending), -Infinity when it does not match: one merge-like pass per word over
 * its postings, galloping ahead, so a broad word costs about one step per candidate.
 */
function scoreAll(ids: Int32Array, terms: readonly WordTerm[], clauses: number, lengths: Int32Array, averageLength: number): Float64Array {
  const scores = new Float64Array(ids.length);
  const found = new Uint8Array(ids.length * clauses);
  const excluded = new Uint8Array(ids.length);
  for (const t of terms) {
    if (!t.postings) continue;
    const postings = t.postings.ids;
    let at = 0;
    for (let k = 0; k < ids.length && at < postings.length; k++) {
      at = gallop(postings, ids[k]!, at);
      if (postings[at] !== ids[k]) continue;
      if (t.phrase.excluded) excluded[k] = 1;
      else {
        found[k * clauses + t.phrase.clause] = 1;
        scores[k]! += t.idf * saturation(t.postings.weights[at]!, lengths[ids[k]!]!, averageLength);
      }
    }
  }
  for (let k = 0; k < ids.length; k++) {
    let matches = excluded[k] === 0;
    for (let c = 0; matches && c < clauses; c++) matches = found[k * clauses + c] === 1;
    if (!matches) scores[k] = -Infinity;
  }
  return scores;
}
