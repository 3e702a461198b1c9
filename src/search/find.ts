/**
 * One search over one store connection: FTS5 finds the matches, newest first, and src/core/rank.ts orders
 * the newest SCORED of them. Synchronous: it runs on a search worker (pool.ts), or in the caller's thread
 * for an in-memory store.
 */
import { toFtsExpression, type SearchQuery } from '../core/query.ts';
import { rank, WEIGHTS } from '../core/rank.ts';
import type { SearchRepo } from '../store/search.ts';
import type { Paper } from '../store/types.ts';

export interface SearchHits {
  /** Best first. */
  readonly papers: Paper[];
  /** How many papers match; with `totalCapped`, more than this many. */
  readonly total: number;
  readonly totalCapped: boolean;
}

/**
 * How many of the newest matches are ranked, and how far they are counted. Ranking costs about 20 µs a
 * match at a million papers, so a query matching half the store would take seconds to rank in full; a
 * query with fewer matches ranks every one of them, however old.
 */
export const SCORED = 1000;

export function findPapers(repo: SearchRepo, query: SearchQuery, limit: number, now = Date.now()): SearchHits {
  const found = repo.matches({ match: toFtsExpression(query), since: query.since, before: query.before, limit: SCORED + 1 });
  const totalCapped = found.length > SCORED;
  const scored = found.slice(0, SCORED);
  // Relevance relative to the best match (rank.ts): bm25's scale varies with the query and the store.
  const top = Math.max(0, ...scored.map((m) => m.relevance));
  const normalised = scored.map((m) => ({ ...m, relevance: top > 0 ? m.relevance / top : 0 }));
  const best = rank(normalised, { weights: WEIGHTS.search, now }).slice(0, limit);
  return { papers: repo.papers(best.map((m) => m.id)), total: Math.min(found.length, SCORED), totalCapped };
}
