/**
 * The store as its callers see it, whatever the engine: every repository of the SQLite Store as `Async<R>`
 * (each call may answer now or later, so callers await it), and the store-wide calls they make. The SQLite
 * Store implements it as it is; a PostgreSQL store implements it with promises.
 */
import type { Async } from './async.ts';
import type { BudgetRepo } from './budget.ts';
import type { SeenEventRepo, ShownListRepo, SubscriptionRepo } from './channels.ts';
import type { DigestNotes } from './digest-notes.ts';
import type { DigestQueries } from './digest-queries.ts';
import type { DigestRepo, LeaseRepo } from './digests.ts';
import type { EmbeddingRepo } from './embeddings.ts';
import type { FeedbackRepo } from './feedback.ts';
import type { FollowRepo } from './follows.ts';
import type { FollowupNoteRepo } from './followup-notes.ts';
import type { FullTextRepo } from './fulltext.ts';
import type { InstallationRepo } from './installations.ts';
import type { LlmCacheRepo } from './llm-cache.ts';
import type { PaperEventRepo } from './paper-events.ts';
import type { PaperRepo } from './papers.ts';
import type { ReadingGroupRepo } from './reading-group.ts';
import type { SearchRepo } from './search.ts';
import type { WeeklyRepo } from './weekly.ts';

export interface StoreApi {
  readonly papers: Async<PaperRepo>;
  readonly subscriptions: Async<SubscriptionRepo>;
  readonly lists: Async<ShownListRepo>;
  readonly events: Async<SeenEventRepo>;
  readonly llm: Async<LlmCacheRepo>;
  /** A digest's thread notes (late papers) keep the digests' exactly-once rules. */
  readonly digests: Async<DigestRepo> & { readonly notes: Async<DigestNotes> };
  readonly leases: Async<LeaseRepo>;
  readonly search: Async<SearchRepo>;
  readonly digestQueries: Async<DigestQueries>;
  readonly feedback: Async<FeedbackRepo>;
  readonly follows: Async<FollowRepo>;
  readonly embeddings: Async<EmbeddingRepo>;
  readonly paperEvents: Async<PaperEventRepo>;
  readonly followupNotes: Async<FollowupNoteRepo>;
  readonly readingGroup: Async<ReadingGroupRepo>;
  readonly installations: Async<InstallationRepo>;
  readonly fullText: Async<FullTextRepo>;
  readonly budget: Async<BudgetRepo>;
  readonly weekly: Async<WeeklyRepo>;

  /** Reads answer, writes fail with one line (known when the store opens, so answered at once). */
  readonly readOnly: boolean;
  /** Runs `work` (which writes), waiting while another writer holds the lock, up to the store's limit. */
  retryWhileBusy<T>(work: () => T | Promise<T>): Promise<T>;
  /** What lives as long as the store stops when it closes. */
  onClose(stop: () => void): void;
  /** For /readyz: a query that reaches the database, and when a digest was last posted (null: never). */
  health(): { lastDigestAt: string | null } | Promise<{ lastDigestAt: string | null }>;
  /** A consistent copy of the store at `path`. */
  backup(path: string): Promise<void>;
  close(): void | Promise<void>;
}
