/**
 * Each store's searcher, made on first use: a worker pool over the store's file, or, for an in-memory store
 * (tests), the same search in this thread. The store owns its lifetime: Store.close() stops the workers.
 */
import type { SearchQuery } from '../core/query.ts';
import type { SearchRepo } from '../store/search.ts';
import type { StoreApi } from '../store/api.ts';
import { PgAppStore } from '../store/pg/app-store.ts';
import { Store } from '../store/store.ts';
import { findPapers, type SearchHits } from './find.ts';
import { SearchPool } from './pool.ts';

export interface Searcher {
  search(query: SearchQuery, limit: number): Promise<SearchHits>;
  close(): Promise<void>;
}

const searchers = new WeakMap<StoreApi, Searcher>();

export function searcherFor(store: StoreApi): Searcher {
  let searcher = searchers.get(store);
  if (!searcher) {
    // FTS5 on worker threads is SQLite's; PostgreSQL ranks with the same weights in its own query (store/pg/search.ts).
    if (store instanceof PgAppStore) return { search: (query, limit) => store.findPapers(query, limit), close: async () => {} };
    if (!(store instanceof Store)) throw new Error('this store has no SQLite search: use its own');
    const made = store.db.memory ? inThread(store.search) : new SearchPool(store.db.name);
    searchers.set(store, (searcher = made));
    store.onClose(() => void made.close());
  }
  return searcher;
}

function inThread(repo: SearchRepo): Searcher {
  return { search: async (query, limit) => findPapers(repo, query, limit), close: async () => {} };
}
