/**
 * The channel, LLM, installation, feedback, follow, embedding, follow-up and reading-group repositories on both engines, for the contract suite: the SQLite Store's
 * own (synchronous, which Async<R> accepts as it is) and src/store/pg's over the same store describeContract
 * opens. seed() writes rows of tables other repositories own (feedback, digests), with `?` placeholders.
 */
import type { Async } from '../../../src/store/async.ts';
import type { BudgetRepo } from '../../../src/store/budget.ts';
import type { ShownListRepo, SubscriptionRepo } from '../../../src/store/channels.ts';
import type { PaperStore, SharedStore } from '../../../src/store/contract.ts';
import type { InstallationRepo } from '../../../src/store/installations.ts';
import type { LlmCacheRepo } from '../../../src/store/llm-cache.ts';
import type { EmbeddingRepo } from '../../../src/store/embeddings.ts';
import type { FeedbackRepo } from '../../../src/store/feedback.ts';
import type { FollowRepo } from '../../../src/store/follows.ts';
import type { FollowupNoteRepo } from '../../../src/store/followup-notes.ts';
import type { PaperEventRepo } from '../../../src/store/paper-events.ts';
import type { ReadingGroupRepo } from '../../../src/store/reading-group.ts';
import { PgEmbeddingRepo } from '../../../src/store/pg/embeddings.ts';
import { PgFeedbackRepo } from '../../../src/store/pg/feedback.ts';
import { PgFollowRepo } from '../../../src/store/pg/follows.ts';
import { PgFollowupNoteRepo } from '../../../src/store/pg/followup-notes.ts';
import { PgPaperEventRepo } from '../../../src/store/pg/paper-events.ts';
import { PgReadingGroupRepo } from '../../../src/store/pg/reading-group.ts';
import type { ParsedPaper } from '../../../src/sources/types.ts';
import { listing, parsed } from '../../helpers/papers.ts';
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
  readonly feedback: Async<FeedbackRepo>;
  readonly follows: Async<FollowRepo>;
  readonly embeddings: Async<EmbeddingRepo>;
  readonly paperEvents: Async<PaperEventRepo>;
  readonly followupNotes: Async<FollowupNoteRepo>;
  readonly readingGroup: Async<ReadingGroupRepo>;
  seed(sql: string, ...params: unknown[]): Promise<void>;
  /** The tables of `names` this store lacks (on PostgreSQL, some belong to other repositories' migrations). */
  missingTables(...names: string[]): Promise<string[]>;
}

export function describeRepos(title: string, cases: (open: () => Promise<Repos>) => void): void {
  describeContract(title, (openStore) => cases(async () => reposOf(await openStore())));
}

export function reposOf(shared: SharedStore): Repos {
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
      ...{ feedback: store.feedback, follows: store.follows, embeddings: store.embeddings, paperEvents: store.paperEvents },
      ...{ followupNotes: store.followupNotes, readingGroup: store.readingGroup },
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
      feedback: new PgFeedbackRepo(pool),
      follows: new PgFollowRepo(pool),
      embeddings: new PgEmbeddingRepo(pool),
      paperEvents: new PgPaperEventRepo(pool),
      followupNotes: new PgFollowupNoteRepo(pool),
      readingGroup: new PgReadingGroupRepo(pool),
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

/** Stores these papers (one listing) and returns their ids, in order. */
export async function addPapers(
  store: { papers: PaperStore },
  papers: readonly (Partial<ParsedPaper> & { title: string })[],
): Promise<number[]> {
  await store.papers.ingestListing(
    listing(
      'hf-json',
      '2026-06-12',
      papers.map((p) => parsed(p)),
    ),
    `setup-${papers[0]?.title}`,
    'h',
  );
  const ids: number[] = [];
  for (const p of papers) ids.push((await store.papers.getByArxivId(p.arxivId!))!.id);
  return ids;
}
