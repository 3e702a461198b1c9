/**
 * Search, behind one async function so that it can move to a worker thread (or another engine)
 * without touching the commands. It does: file-backed stores search on worker threads over impact
 * lists (src/search/), in-memory stores in this thread; both give plain bm25's answer.
 */
import { searcherFor } from '../search/searcher.ts';
import type { Store } from '../store/store.ts';
import type { Paper } from '../store/types.ts';
import { parseQuery, type SearchQuery } from './query.ts';

export interface SearchResult {
  readonly query: SearchQuery;
  /** Best first. */
  readonly papers: readonly Paper[];
  /** How many papers match in all; with `totalCapped`, at least this many (counting further costs as much as ranking). */
  readonly total: number;
  readonly totalCapped?: boolean;
  /** Things to tell the user about how the query was read. */
  readonly notes: readonly string[];
}

/** Throws UserError('bad-query') when the text cannot be read as a query. */
export async function search(store: Store, text: string, options: { limit: number }): Promise<SearchResult> {
  const query = parseQuery(text);
  const { papers, total, totalCapped } = await searcherFor(store.db).search(query, options.limit);
  return { query, papers, total, ...(totalCapped ? { totalCapped } : {}), notes: query.notes };
}
