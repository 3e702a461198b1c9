/**
 * The repositories beyond papers and search, as each store of the contract suite offers them: SQLite's own
 * (synchronous, awaited as Async<…>) and the PostgreSQL ones on the store's pool.
 */
import type { Async } from '../../../src/store/async.ts';
import type { SharedStore } from '../../../src/store/contract.ts';
import type { EmbeddingRepo } from '../../../src/store/embeddings.ts';
import type { FeedbackRepo } from '../../../src/store/feedback.ts';
import type { FollowRepo } from '../../../src/store/follows.ts';
import type { FollowupNoteRepo } from '../../../src/store/followup-notes.ts';
import type { PaperEventRepo } from '../../../src/store/paper-events.ts';
import { PgEmbeddingRepo } from '../../../src/store/pg/embeddings.ts';
import { PgFeedbackRepo } from '../../../src/store/pg/feedback.ts';
import { PgFollowRepo } from '../../../src/store/pg/follows.ts';
import { PgFollowupNoteRepo } from '../../../src/store/pg/followup-notes.ts';
import { PgPaperEventRepo } from '../../../src/store/pg/paper-events.ts';
import { PgReadingGroupRepo } from '../../../src/store/pg/reading-group.ts';
import { PgStore } from '../../../src/store/pg/store.ts';
import type { ReadingGroupRepo } from '../../../src/store/reading-group.ts';
import { SqliteSharedStore } from '../../../src/store/sqlite-papers.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import type { ParsedPaper } from '../../../src/sources/types.ts';

export interface Repos {
  readonly feedback: Async<FeedbackRepo>;
  readonly follows: Async<FollowRepo>;
  readonly embeddings: Async<EmbeddingRepo>;
  readonly paperEvents: Async<PaperEventRepo>;
  readonly followupNotes: Async<FollowupNoteRepo>;
  readonly readingGroup: Async<ReadingGroupRepo>;
  /** Runs SQL on the store as it is (test setup only): `?` placeholders, numbered for PostgreSQL. */
  exec(sql: string, ...args: unknown[]): Promise<void>;
}

export function reposOf(store: SharedStore): Repos {
  if (store instanceof SqliteSharedStore) {
    const s = store.store;
    return {
      ...{ feedback: s.feedback, follows: s.follows, embeddings: s.embeddings, paperEvents: s.paperEvents },
      ...{ followupNotes: s.followupNotes, readingGroup: s.readingGroup },
      exec: async (sql, ...args) => void s.db.prepare(sql).run(...args),
    };
  }
  if (!(store instanceof PgStore)) throw new Error(`no repositories for a ${store.kind} store`);
  const pool = store.pool;
  return {
    feedback: new PgFeedbackRepo(pool),
    follows: new PgFollowRepo(pool),
    embeddings: new PgEmbeddingRepo(pool),
    paperEvents: new PgPaperEventRepo(pool),
    followupNotes: new PgFollowupNoteRepo(pool),
    readingGroup: new PgReadingGroupRepo(pool),
    exec: async (sql, ...args) => {
      let n = 0;
      await pool.query(
        sql.replace(/\?/g, () => `$${++n}`),
        args,
      );
    },
  };
}

/** Stores these papers (one listing) and returns their ids, in order. */
export async function addPapers(store: SharedStore, papers: readonly (Partial<ParsedPaper> & { title: string })[]): Promise<number[]> {
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
