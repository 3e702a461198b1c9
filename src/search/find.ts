/**
 * One search over one store connection: FTS5 finds the matches, newest first, and src/core/rank.ts orders
 * them. Synchronous: it runs on a search worker (pool.ts), or in the caller's thread for an in-memory store.
 */
import { toFtsExpression, type SearchQuery, type Term } from '../core/query.ts';
import { rank, topicPattern, WEIGHTS } from '../core/rank.ts';
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
/** Date bounds that hold at most this many papers are met from the date index, not by reading every match's row. */
const DATED_IDS = 50_000;
/** How many of a clause's newest matches tell its share of the papers (its idf). */
const IDF_SAMPLE = 500;
/**
 * bm25's column weights (src/store/search.ts), for the matches scored by column. The abstract (1) is left
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
  const dated = query.since || query.before ? repo.datedIds(query.since, query.before, DATED_IDS) : undefined;
  const newest = dated ? repo.matchesAmong(request.match, dated, SCORED + 1) : repo.matches(request, false);
  const totalCapped = newest.length > SCORED;
  // bm25 needs every match's row when dates narrow the query, so those are scored by column as broad ones are.
  const found = totalCapped || dated ? byColumns(repo, query, newest.slice(0, SCORED)) : repo.matches(request, true);
  // Relevance relative to the best match (rank.ts): bm25's scale varies with the query and the store.
  const top = Math.max(0, ...found.map((m) => m.relevance));
  const normalised = found.map((m) => ({ ...m, relevance: top > 0 ? m.relevance / top : 0 }));
  const best = rank(normalised, { weights: WEIGHTS.search, now }).slice(0, limit);
  return { papers: repo.papers(best.map((m) => m.id)), total: Math.min(found.length, SCORED), totalCapped };
}

/**
 * bm25 without its term counts, for the newest matches of a broad query: a clause found in a column adds that
 * column's weight times the clause's idf, from its share of the newest papers. FTS5's bm25() would first walk
 * every phrase's whole match list (tens of milliseconds a common word at a million papers); this reads the
 * sample and the matches' short columns only.
 */
function byColumns(repo: SearchRepo, query: SearchQuery, matches: readonly SearchMatch[]): SearchMatch[] {
  const scores = new Map<number, number>();
  for (const clause of query.clauses) {
    const share = repo.share(toFtsExpression({ clauses: [clause], excluded: [], filters: [], notes: [] }), IDF_SAMPLE);
    const idf = Math.max(1e-6, Math.log((1 - share + 1e-6) / (share + 1e-6)));
    const patterns = clause.map(pattern);
    for (const m of matches) {
      const weight = COLUMNS.reduce((sum, [column, w]) => sum + (patterns.some((p) => p.test(m[column])) ? w : 0), 0);
      scores.set(m.id, (scores.get(m.id) ?? 0) + idf * weight);
    }
  }
  return matches.map((m) => ({ ...m, relevance: scores.get(m.id) ?? 0 }));
}

const NEVER = /(?!)/;
/** A term as a whole word or phrase (a prefix: the start of a word), as topics match (rank.ts). */
function pattern(term: Term): RegExp {
  if (!term.prefix) return topicPattern(term.text) ?? NEVER;
  return new RegExp(`(?<![\\p{L}\\p{N}])${term.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'iu');
}
