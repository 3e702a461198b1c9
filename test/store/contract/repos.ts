/**
 * The channel, LLM and installation repositories on both engines, for the contract suite: the SQLite Store's
 * own (synchronous, which Async<R> accepts as it is) and src/store/pg's over the same store describeContract
 * opens. seed() writes rows of tables other repositories own (feedback, digests), with `?` placeholders.
 */
import type { Async } from '../../../src/store/async.ts';
import type { BudgetRepo } from '../../../src/store/budget.ts';
import type { ShownListRepo, SubscriptionRepo } from '../../../src/store/channels.ts';
import type { PaperStore, SharedStore } from '../../../src/store/contract.ts';
import type { InstallationRepo } from '../../../src/store/installations.ts';
import type { LlmCacheRepo } from '../../../src/store/llm-cache.ts';
import { PgBudgetRepo } from '../../../src/store/pg/budget.ts';
import { PgInstallationRepo } from '../../../src/store/pg/installations.ts';
import { PgShownListRepo } from '../../../src/store/pg/lists.ts';
import { PgLlmCacheRepo } from '../../../src/store/pg/llm-cache.ts';
import { PgStore } from '../../../src/store/pg/store.ts';
import { PgSubscriptionRepo } from '../../../src/store/pg/subscriptions.ts';
import { PgWeeklyRepo } from '../../../src/store/pg/weekly.ts';
import { SqliteSharedStore } from '../../../src/store/sqlite-papers.ts';
import type { WeeklyRepo } from '../../../src/store/weekly.ts';
import { describeContract } from './stores.ts';

export interface Repos {
  readonly kind: 'sqlite' | 'postgres';
  readonly papers: PaperStore;
  readonly subscriptions: Async<SubscriptionRepo>;
  readonly lists: Async<ShownListRepo>;
  readonly llm: Async<LlmCacheRepo>;
  readonly budget: Async<BudgetRepo>;
  readonly weekly: Async<WeeklyRepo>;
  readonly installations: Async<InstallationRepo>;
  seed(sql: string, ...params: unknown[]): Promise<void>;
  /** The tables of `names` this store lacks (on PostgreSQL, some belong to other repositories' migrations). */
  missingTables(...names: string[]): Promise<string[]>;
}

export function describeRepos(title: string, cases: (open: () => Promise<Repos>) => void): void {
  describeContract(title, (openStore) => cases(async () => reposOf(await openStore())));
}

function reposOf(shared: SharedStore): Repos {
  if (shared instanceof SqliteSharedStore) {
    const { store } = shared;
    return {
      kind: 'sqlite',
      papers: shared.papers,
      subscriptions: store.subscriptions,
      lists: store.lists,
      llm: store.llm,
      budget: store.budget,
      weekly: store.weekly,
      installations: store.installations,
      seed: async (sql, ...params) => void store.db.prepare(sql).run(...params),
      missingTables: async (...names) =>
        names.filter((name) => !store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name)),
    };
  }
  if (shared instanceof PgStore) {
    const { pool } = shared;
    let n = 0;
    return {
      kind: 'postgres',
      papers: shared.papers,
      subscriptions: new PgSubscriptionRepo(pool),
      lists: new PgShownListRepo(pool),
      llm: new PgLlmCacheRepo(pool),
      budget: new PgBudgetRepo(pool),
      weekly: new PgWeeklyRepo(pool),
      installations: new PgInstallationRepo(pool),
      seed: async (sql, ...params) => {
        n = 0;
        await pool.query(
          sql.replace(/\?/g, () => `$${++n}`),
          params,
        );
      },
      missingTables: async (...names) => {
        const { rows } = await pool.query<{ name: string }>('SELECT name FROM unnest($1::text[]) AS name WHERE to_regclass(name) IS NULL', [
          names,
        ]);
        return rows.map((r) => r.name);
      },
    };
  }
  throw new Error(`no repositories for a ${shared.kind} store`);
}
