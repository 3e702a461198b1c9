/**
 * The store's asynchronous contract, for the part that runs on PostgreSQL today: papers and their search.
 * Two implementations keep it: SQLite (sqlite-papers.ts, today's repositories behind promises) and
 * PostgreSQL (pg/). test/store/contract/ runs the same cases against both. The rest of the store (channels,
 * digests, feedback, …) is still the synchronous SQLite Store.
 */
import type { SearchQuery } from '../core/query.ts';
import type { SearchHits } from '../search/find.ts';
import type { Listing } from '../sources/types.ts';
import type { IngestCounts } from './papers.ts';
import type { ListingAppearance, Paper } from './types.ts';

export type { SearchHits } from '../search/find.ts';

export interface PaperStore {
  /** One listing, atomically, with paper-merge.ts's rules: either every paper and the listing record land, or nothing. */
  ingestListing(listing: Listing, origin: string, contentHash: string, seenAt?: Date): Promise<IngestCounts>;
  get(id: number): Promise<Paper | undefined>;
  getByArxivId(arxivId: string): Promise<Paper | undefined>;
  /** In the order asked; ids that no longer exist are left out. */
  getMany(ids: readonly number[]): Promise<Paper[]>;
  count(): Promise<number>;
  appearances(paperId: number): Promise<ListingAppearance[]>;
}

export interface PaperSearch {
  /**
   * A parsed query's best `limit` papers. Bounded like src/search/find.ts: a query with more than SCORED (1000)
   * matches has only its newest SCORED ranked.
   */
  find(query: SearchQuery, limit: number): Promise<SearchHits>;
}

export interface SharedStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly papers: PaperStore;
  readonly search: PaperSearch;
  close(): Promise<void>;
}

/** Whether a store location names a PostgreSQL database (DATABASE_URL=postgres://…) rather than a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(?:ql)?:\/\//i.test(location);
