/**
 * The store's asynchronous contract, for the part that runs on PostgreSQL today: papers and their search,
 * and the exactly-once machinery (digest and note claims, the scheduler lease, event de-duplication).
 * Two implementations keep it: SQLite (sqlite-papers.ts and sqlite-claims.ts, today's repositories behind
 * promises) and PostgreSQL (pg/). test/store/contract/ runs the same cases against both. The rest of the
 * store (channels, feedback, …) is still the synchronous SQLite Store.
 */
import type { SearchQuery } from '../core/query.ts';
import type { SearchHits } from '../search/find.ts';
import type { Listing } from '../sources/types.ts';
import type { DigestNote, NoteClaim } from './digest-notes.ts';
import type { ClaimPolicy, ClaimResult, DigestRecord, LeaseInfo } from './digests.ts';
import type { IngestCounts } from './papers.ts';
import type { ChatPlatform, ListingAppearance, Paper } from './types.ts';

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

export interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

/**
 * The exactly-once record of each digest (src/store/digests.ts's DigestRepo): one row per channel and date.
 * Whether an existing record may be claimed is digests.ts's claimRefusal on both stores; concurrent claimers
 * never both win, and every later change applies only to the current holder's claim.
 */
export interface DigestClaims {
  get(channel: ChannelKey, date: string): Promise<DigestRecord | undefined>;
  claim(channel: ChannelKey, date: string, holder: string, now: Date, policy: ClaimPolicy): Promise<ClaimResult>;
  recordComposed(
    channel: ChannelKey,
    date: string,
    holder: string,
    paperIds: readonly number[],
    composedAt: Date,
    now: Date,
  ): Promise<boolean>;
  markPosted(
    channel: ChannelKey,
    date: string,
    holder: string,
    posted: { messageId: string; threadId: string; note?: string },
    now: Date,
  ): Promise<boolean>;
  markSkipped(channel: ChannelKey, date: string, holder: string, note: string, now: Date): Promise<boolean>;
  markFailed(channel: ChannelKey, date: string, holder: string, error: string, now: Date): Promise<boolean>;
  /** A digest never attempted in time; false when the day already has a record. */
  recordMissed(channel: ChannelKey, date: string, note: string, now: Date): Promise<boolean>;
  lastDelivered(channel: ChannelKey, beforeDate: string): Promise<DigestRecord | undefined>;
  history(channel: ChannelKey, limit?: number): Promise<DigestRecord[]>;
  /** Follow-up notes in a digest's thread, with the same rules (never forced). */
  readonly notes: DigestNoteClaims;
}

/** src/store/digest-notes.ts's DigestNotes, asynchronous. */
export interface DigestNoteClaims {
  list(channel: ChannelKey, date: string): Promise<DigestNote[]>;
  get(channel: ChannelKey, date: string, kind: string): Promise<DigestNote | undefined>;
  claim(channel: ChannelKey, date: string, kind: string, holder: string, now: Date, policy: ClaimPolicy): Promise<NoteClaim>;
  recordComposed(channel: ChannelKey, date: string, kind: string, holder: string, paperIds: readonly number[], now: Date): Promise<boolean>;
  markPosted(channel: ChannelKey, date: string, kind: string, holder: string, messageId: string, now: Date): Promise<boolean>;
  markFailed(channel: ChannelKey, date: string, kind: string, holder: string, error: string, now: Date): Promise<boolean>;
  /** Drops the holder's claim (nothing to post after all). */
  release(channel: ChannelKey, date: string, kind: string, holder: string): Promise<boolean>;
}

/** Named leases with an expiry (digests.ts's LeaseRepo): whoever holds "scheduler" runs the schedule. */
export interface LeaseStore {
  /** Takes the lease if free, expired or already ours (then extends it). True when `holder` holds it afterwards. */
  acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  /** Extends a lease still held; false once it has lapsed. */
  renew(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean>;
  release(name: string, holder: string): Promise<boolean>;
  get(name: string): Promise<LeaseInfo | undefined>;
}

/** Platform deliveries already handled (channels.ts's SeenEventRepo), shared by every replica. */
export interface SeenEvents {
  /** True the first time an event id is seen anywhere, false on every repeat. */
  firstSighting(platform: ChatPlatform, eventId: string, now?: Date): Promise<boolean>;
  prune(before: Date): Promise<number>;
}

export interface SharedStore {
  readonly kind: 'sqlite' | 'postgres';
  readonly papers: PaperStore;
  readonly search: PaperSearch;
  readonly digests: DigestClaims;
  readonly leases: LeaseStore;
  readonly events: SeenEvents;
  close(): Promise<void>;
}

/** Whether a store location names a PostgreSQL database (DATABASE_URL=postgres://…) rather than a SQLite file. */
export const isPostgresUrl = (location: string): boolean => /^postgres(?:ql)?:\/\//i.test(location);
