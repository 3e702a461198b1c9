import { openDb, type Db } from './db.ts';
import { PaperRepo } from './papers.ts';
import { SeenEventRepo, ShownListRepo, SubscriptionRepo } from './channels.ts';
import { LlmCacheRepo } from './llm-cache.ts';

/** The store: one SQLite file, the only place with SQL. Repositories are grouped by concern. */
export class Store {
  readonly papers: PaperRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly lists: ShownListRepo;
  readonly events: SeenEventRepo;
  readonly llm: LlmCacheRepo;

  constructor(readonly db: Db) {
    this.papers = new PaperRepo(db);
    this.subscriptions = new SubscriptionRepo(db);
    this.lists = new ShownListRepo(db);
    this.events = new SeenEventRepo(db);
    this.llm = new LlmCacheRepo(db);
  }

  static open(path: string): Store {
    return new Store(openDb(path));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
