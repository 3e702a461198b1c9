/**
 * One search over one store connection: FTS5 finds the matches, newest first, and src/core/rank.ts orders
 * them. Synchronous: it runs on a search worker (pool.ts), or in the caller's thread for an in-memory store.
 */
import { toFtsExpression, type SearchQuery } from '../core/query.ts';
import { rank, WEIGHTS } from '../core/rank.ts';
import type { SearchMatch, SearchRepo } from '../store/search.ts';
import type { Paper } from '../store/types.ts';

export interface SearchHits {
  /** Best first. */
  readonly papers: Paper[];
  /** How many papers match; with `totalCapped`, more than this many. */
  readonly total: number;
  readonly totalCapped: boolean;
}

/**
 * A query with at most this many matches has every one scored by FTS5's bm25; one with more (a broad query)
 * has its newest SCORED ranked, and its count stops here.
 */
export const SCORED = 1000;
/** How many of a clause's newest matches tell its share of the papers (its idf). */
const IDF_SAMPLE = 500;
/**
 * bm25's column weights (src/store/search.ts), for the broad queries scored by column. The abstract (1) is left
 * out: nearly every match has its words there, so it would add the same to each.
 */
const COLUMNS = [
  ['title', 10],
  ['authors', 3],
  ['organization', 3],
  ['keywords', 4],
] as const;

export function findPapers(repo: SearchRepo, query: SearchQuery, limit: number, now = Date.now()): SearchHits {
  const request = { match: toFtsExpression(query), since: query.since, before: query.before, limit: SCORED + 1 };
  const newest = repo.matches(request, false);
  const totalCapped = newest.length > SCORED;
  const found = totalCapped ? byColumns(repo, query, newest.slice(0, SCORED)) : repo.matches(request, true);
  // Relevance relative to the best match (rank.ts): bm25's scale varies with the query and the store.
  const top = Math.max(0, ...found.map((m) => m.relevance));
  const normalised = found.map((m) => ({ ...m, relevance: top > 0 ? m.relevance / top : 0 }));
  const best = rank(normalised, { weights: WEIGHTS.search, now }).slice(0, limit);
  return { papers: repo.papers(best.map((m) => m.id)), total: Math.min(found.length, SCORED), totalCapped };
}

/**
 * bm25 without its term counts, for the newest matches of a broad query: a clause found in a column adds that
 * column's weight times the clause's idf, from its share of the newest papers. FTS5's bm25() would first walk
 * every phrase's whole match list (tens of milliseconds a common word at a million papers); here FTS5 seeks
 * each list to the oldest of these matches, so this costs the newest papers only.
 */
function byColumns(repo: SearchRepo, query: SearchQuery, matches: readonly SearchMatch[]): SearchMatch[] {
  const from = Math.min(...matches.map((m) => m.id));
  const all = toFtsExpression(query);
  const scores = new Map<number, number>();
  for (const clause of query.clauses) {
    const expression = toFtsExpression({ clauses: [clause], excluded: [], filters: [], notes: [] });
    const share = repo.share(expression, IDF_SAMPLE);
    const idf = Math.max(1e-6, Math.log((1 - share + 1e-6) / (share + 1e-6)));
    for (const [column, weight] of COLUMNS) {
      for (const id of repo.matchingFrom(`${column} : (${expression}) AND (${all})`, from))
        scores.set(id, (scores.get(id) ?? 0) + idf * weight);
    }
  }
  return matches.map((m) => ({ ...m, relevance: scores.get(m.id) ?? 0 }));
}
