/**
 * The searcher for a store connection: a worker pool over the store's file, or, for an in-memory store
 * (tests), the same engine in this thread. One per connection, made on first use.
 */
import type { SearchQuery } from '../core/query.ts';
import type { Db } from '../store/db.ts';
import { SearchEngine, type EngineResult } from './engine.ts';
import { SearchPool } from './pool.ts';

export interface Searcher {
  search(query: SearchQuery, limit: number): Promise<EngineResult>;
  close(): Promise<void>;
}

const searchers = new WeakMap<Db, Searcher>();

export function searcherFor(db: Db): Searcher {
  let searcher = searchers.get(db);
  if (!searcher) searchers.set(db, (searcher = db.memory ? inThread(db) : new SearchPool(db.name)));
  return searcher;
}

/** Stops the workers of this connection's searcher, if it has one. */
export async function closeSearcher(db: Db): Promise<void> {
  const searcher = searchers.get(db);
  searchers.delete(db);
  await searcher?.close();
}

function inThread(db: Db): Searcher {
  const engine = new SearchEngine(db);
  return { search: async (query, limit) => engine.search(query, limit), close: async () => {} };
}
