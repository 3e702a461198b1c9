/**
 * Search, behind one async function so that it can move to a worker thread (or another engine)
 * without touching the commands.
 */
import type { Store } from '../store/store.ts';
import type { Paper } from '../store/types.ts';
import { parseQuery, toFtsExpression, type SearchQuery } from './query.ts';

export interface SearchResult {
  readonly query: SearchQuery;
  /** Best first. */
  readonly papers: readonly Paper[];
  /** How many papers match in all. */
  readonly total: number;
  /** Things to tell the user about how the query was read. */
  readonly notes: readonly string[];
}

/** Throws UserError('bad-query') when the text cannot be read as a query. */
export async function search(store: Store, text: string, options: { limit: number }): Promise<SearchResult> {
  const query = parseQuery(text);
  const { papers, total } = store.search.find({
    match: toFtsExpression(query),
    ...(query.since ? { since: query.since } : {}),
    ...(query.before ? { before: query.before } : {}),
    limit: options.limit,
  });
  return { query, papers, total, notes: query.notes };
}
