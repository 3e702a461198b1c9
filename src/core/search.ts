/**
 * Search, behind one async function so that the commands need not know where it runs: file-backed stores
 * search on worker threads, in-memory stores in this thread (src/search/).
 */
import { searcherFor } from '../search/searcher.ts';
import type { StoreApi } from '../store/api.ts';
import type { Paper } from '../store/types.ts';
import { parseQuery, type SearchQuery } from './query.ts';

export interface SearchResult {
  readonly query: SearchQuery;
  /** Best first. */
  readonly papers: readonly Paper[];
  /** How many papers match in all; with `totalCapped`, more than this many (counting further costs as much as ranking). */
  readonly total: number;
  readonly totalCapped?: boolean;
  /** Things to tell the user about how the query was read. */
  readonly notes: readonly string[];
}

/** Throws UserError('bad-query') when the text cannot be read as a query. */
export async function search(store: StoreApi, text: string, options: { limit: number }): Promise<SearchResult> {
  const query = parseQuery(text);
  const { papers, total, totalCapped } = await searcherFor(store).search(query, options.limit);
  return { query, papers, total, ...(totalCapped ? { totalCapped } : {}), notes: query.notes };
}
