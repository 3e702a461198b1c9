import type { StoreApi } from './api.ts';
import { retryWhileBusy } from './busy.ts';
import { openDb, type Db, type OpenOptions } from './db.ts';
import { PaperRepo } from './papers.ts';
import { SeenEventRepo, ShownListRepo, SubscriptionRepo } from './channels.ts';
import { LlmCacheRepo } from './llm-cache.ts';
import { DigestRepo, LeaseRepo } from './digests.ts';
import { SearchRepo } from './search.ts';
import { DigestQueries } from './digest-queries.ts';
import { FeedbackRepo } from './feedback.ts';
import { FollowRepo } from './follows.ts';
import { EmbeddingRepo } from './embeddings.ts';
import { FollowupNoteRepo } from './followup-notes.ts';
import { PaperEventRepo } from './paper-events.ts';
import { ReadingGroupRepo } from './reading-group.ts';
import { InstallationRepo } from './installations.ts';
import { FullTextRepo } from './fulltext.ts';
import { BudgetRepo } from './budget.ts';
import { WeeklyRepo } from './weekly.ts';

/** The store: one SQLite file, the only place with SQL. Repositories are grouped by concern. */
export class Store implements StoreApi {
  readonly papers: PaperRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly lists: ShownListRepo;
  readonly events: SeenEventRepo;
  readonly llm: LlmCacheRepo;
  readonly digests: DigestRepo;
  readonly leases: LeaseRepo;
  readonly search: SearchRepo;
  readonly digestQueries: DigestQueries;
  readonly feedback: FeedbackRepo;
  readonly follows: FollowRepo;
  readonly embeddings: EmbeddingRepo;
  /** Where papers were discussed and what changed since (follow-ups), and the follow-up notes posted. */
  readonly paperEvents: PaperEventRepo;
  readonly followupNotes: FollowupNoteRepo;
  readonly readingGroup: ReadingGroupRepo;
  readonly installations: InstallationRepo;
  readonly fullText: FullTextRepo;
  readonly budget: BudgetRepo;
  readonly weekly: WeeklyRepo;

  readonly db: Db;
  private readonly closers: (() => void)[] = [];

  /** The longest retryWhileBusy waits for another process's write lock. */
  readonly busyWaitMs: number | undefined;

  constructor(db: Db, options: { busyWaitMs?: number } = {}) {
    this.db = db;
    this.busyWaitMs = options.busyWaitMs;
    this.papers = new PaperRepo(db);
    this.subscriptions = new SubscriptionRepo(db);
    this.lists = new ShownListRepo(db);
    this.events = new SeenEventRepo(db);
    this.llm = new LlmCacheRepo(db);
    this.digests = new DigestRepo(db);
    this.leases = new LeaseRepo(db);
    this.search = new SearchRepo(db);
    this.digestQueries = new DigestQueries(db);
    this.feedback = new FeedbackRepo(db);
    this.follows = new FollowRepo(db);
    this.embeddings = new EmbeddingRepo(db);
    this.paperEvents = new PaperEventRepo(db);
    this.followupNotes = new FollowupNoteRepo(db);
    this.readingGroup = new ReadingGroupRepo(db);
    this.installations = new InstallationRepo(db);
    this.fullText = new FullTextRepo(db);
    this.budget = new BudgetRepo(db);
    this.weekly = new WeeklyRepo(db);
  }

  static open(path: string, options: OpenOptions & { busyWaitMs?: number } = {}): Store {
    return new Store(openDb(path, options), options);
  }

  /** Opened read-only (db.ts: the file, folder or disk cannot be written): reads answer, writes fail with one line. */
  get readOnly(): boolean {
    return this.db.readonly;
  }

  /** Runs `work` (which writes), waiting asynchronously while another process holds the write lock (busy.ts). */
  retryWhileBusy<T>(work: () => T | Promise<T>): Promise<T> {
    return retryWhileBusy(work, this.busyWaitMs);
  }

  /** What lives as long as this store (its search workers, src/search/searcher.ts) stops when it closes. */
  onClose(stop: () => void): void {
    this.closers.push(stop);
  }

  /** For /readyz: a query that touches the file, and when a digest was last posted (null: never). */
  health(): { lastDigestAt: string | null } {
    const row = this.db.prepare("SELECT max(updated_at) AS at FROM digests WHERE state = 'posted'").get() as { at: string | null };
    return { lastDigestAt: row.at };
  }

  /** A consistent copy of the store at `path` through SQLite's online backup, while others keep writing. */
  async backup(path: string): Promise<void> {
    // All pages in one step: the copy is one read snapshot (WAL lets writers go on), never restarted by their commits.
    await this.db.backup(path, { progress: () => 1 << 30 });
  }

  /** The one shutdown for the store and what it owns; every caller that opens a store closes it. */
  close(): void {
    for (const stop of this.closers.splice(0)) stop();
    if (this.db.open) this.db.close();
  }
}
