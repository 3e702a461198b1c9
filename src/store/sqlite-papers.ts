/**
 * The SQLite store's papers and search behind the asynchronous contract (contract.ts): today's synchronous
 * repositories, and search through the store's searcher (worker threads for a file, this thread in memory).
 */
import { searcherFor } from '../search/searcher.ts';
import type { DigestClaims, LeaseStore, PaperSearch, PaperStore, SeenEvents, SharedStore } from './contract.ts';
import { sqliteDigestClaims, sqliteLeases, sqliteSeenEvents } from './sqlite-claims.ts';
import { Store } from './store.ts';

export class SqliteSharedStore implements SharedStore {
  readonly kind = 'sqlite' as const;
  readonly papers: PaperStore;
  readonly search: PaperSearch;
  readonly digests: DigestClaims;
  readonly leases: LeaseStore;
  readonly events: SeenEvents;
  readonly store: Store;

  constructor(store: Store) {
    this.store = store;
    const repo = store.papers;
    this.papers = {
      ingestListing: async (listing, origin, hash, seenAt) => store.retryWhileBusy(() => repo.ingestListing(listing, origin, hash, seenAt)),
      get: async (id) => repo.get(id),
      getByArxivId: async (arxivId) => repo.getByArxivId(arxivId),
      getMany: async (ids) => repo.getMany(ids),
      count: async () => repo.count(),
      appearances: async (paperId) => repo.appearances(paperId),
    };
    this.search = { find: (query, limit) => searcherFor(store).search(query, limit) };
    this.digests = sqliteDigestClaims(store);
    this.leases = sqliteLeases(store);
    this.events = sqliteSeenEvents(store);
  }

  static open(path: string): SqliteSharedStore {
    return new SqliteSharedStore(Store.open(path));
  }

  async close(): Promise<void> {
    this.store.close();
  }
}
