/**
 * The whole store on PostgreSQL (DATABASE_URL=postgres://…), as the bot uses it (api.ts's StoreApi): every
 * repository on one pool, shared by every replica. Search ranks as src/search/find.ts does (search.ts's PgSearch).
 */
import type { StoreApi } from '../api.ts';
import type { SearchQuery } from '../../core/query.ts';
import type { SearchHits } from '../contract.ts';
import { PgBudgetRepo } from './budget.ts';
import { PgDigestClaims } from './claims.ts';
import { migratePg, openPool, type PgPool } from './db.ts';
import { PgDigestQueries } from './digest-queries.ts';
import { PgEmbeddingRepo } from './embeddings.ts';
import { PgSeenEvents } from './events.ts';
import { PgFeedbackRepo } from './feedback.ts';
import { PgFollowRepo } from './follows.ts';
import { PgFollowupNoteRepo } from './followup-notes.ts';
import { PgFullTextRepo } from './fulltext.ts';
import { PgInstallationRepo } from './installations.ts';
import { PgLeases } from './leases.ts';
import { PgShownListRepo } from './lists.ts';
import { PgLlmCacheRepo } from './llm-cache.ts';
import { PgPaperEventRepo } from './paper-events.ts';
import { PgPaperRepo } from './papers.ts';
import { PgReadingGroupRepo } from './reading-group.ts';
import { PgSearchRepo } from './search-repo.ts';
import { PgSearch } from './search.ts';
import { PgSubscriptionRepo } from './subscriptions.ts';
import { PgWeeklyRepo } from './weekly.ts';

export class PgAppStore implements StoreApi {
  readonly papers: PgPaperRepo;
  readonly subscriptions: PgSubscriptionRepo;
  readonly lists: PgShownListRepo;
  readonly events: PgSeenEvents;
  readonly llm: PgLlmCacheRepo;
  readonly digests: PgDigestClaims;
  readonly leases: PgLeases;
  readonly search: PgSearchRepo;
  readonly digestQueries: PgDigestQueries;
  readonly feedback: PgFeedbackRepo;
  readonly follows: PgFollowRepo;
  readonly embeddings: PgEmbeddingRepo;
  readonly paperEvents: PgPaperEventRepo;
  readonly followupNotes: PgFollowupNoteRepo;
  readonly readingGroup: PgReadingGroupRepo;
  readonly installations: PgInstallationRepo;
  readonly fullText: PgFullTextRepo;
  readonly budget: PgBudgetRepo;
  readonly weekly: PgWeeklyRepo;
  /** Writes are never refused up front: the server says when one fails. */
  readonly readOnly = false;
  readonly pool: PgPool;
  private readonly finder: PgSearch;
  private readonly closers: (() => void)[] = [];
  private closing: Promise<void> | undefined;

  constructor(pool: PgPool) {
    this.pool = pool;
    this.papers = new PgPaperRepo(pool);
    this.subscriptions = new PgSubscriptionRepo(pool);
    this.lists = new PgShownListRepo(pool);
    this.events = new PgSeenEvents(pool);
    this.llm = new PgLlmCacheRepo(pool);
    this.digests = new PgDigestClaims(pool);
    this.leases = new PgLeases(pool);
    this.search = new PgSearchRepo(pool);
    this.digestQueries = new PgDigestQueries(pool);
    this.feedback = new PgFeedbackRepo(pool);
    this.follows = new PgFollowRepo(pool);
    this.embeddings = new PgEmbeddingRepo(pool);
    this.paperEvents = new PgPaperEventRepo(pool);
    this.followupNotes = new PgFollowupNoteRepo(pool);
    this.readingGroup = new PgReadingGroupRepo(pool);
    this.installations = new PgInstallationRepo(pool);
    this.fullText = new PgFullTextRepo(pool);
    this.budget = new PgBudgetRepo(pool);
    this.weekly = new PgWeeklyRepo(pool);
    this.finder = new PgSearch(pool, this.papers);
  }

  /** Connects and applies pending migrations (one replica at a time, db.ts); a database that cannot be reached or migrated is refused here. */
  static async open(url: string, options: { maxConnections?: number } = {}): Promise<PgAppStore> {
    const pool = openPool(url, options.maxConnections);
    try {
      await migratePg(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgAppStore(pool);
  }

  /** A parsed query's best `limit` papers, ranked as src/search/find.ts ranks them on SQLite. */
  findPapers(query: SearchQuery, limit: number): Promise<SearchHits> {
    return this.finder.find(query, limit);
  }

  /** PostgreSQL's own row locks and transactions order concurrent writers: nothing to wait for here. */
  async retryWhileBusy<T>(work: () => T | Promise<T>): Promise<T> {
    return work();
  }

  onClose(stop: () => void): void {
    this.closers.push(stop);
  }

  async health(): Promise<{ lastDigestAt: string | null }> {
    const { rows } = await this.pool.query<{ at: string | null }>("SELECT max(updated_at) AS at FROM digests WHERE state = 'posted'");
    return { lastDigestAt: rows[0]?.at ?? null };
  }

  async backup(): Promise<void> {
    throw new Error(
      'this store is a PostgreSQL database: back it up with pg_dump (e.g. pg_dump --format=custom "$DATABASE_URL" > paperboy.dump)',
    );
  }

  /** Stops what lives as long as the store, then ends the pool; a second close waits for the first. */
  close(): Promise<void> {
    if (!this.closing) {
      for (const stop of this.closers.splice(0)) stop();
      this.closing = this.pool.end();
    }
    return this.closing;
  }
}
