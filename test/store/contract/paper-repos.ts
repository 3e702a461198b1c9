/**
 * The whole repositories behind the contract, on both stores (stores.ts opens them): SQLite's own classes,
 * awaited, and their PostgreSQL implementations (src/store/pg/) on the same database as the store's papers.
 */
import type { Async } from '../../../src/store/async.ts';
import type { SharedStore } from '../../../src/store/contract.ts';
import type { DigestQueries } from '../../../src/store/digest-queries.ts';
import type { FullTextRepo } from '../../../src/store/fulltext.ts';
import type { PaperRepo } from '../../../src/store/papers.ts';
import { PgDigestQueries } from '../../../src/store/pg/digest-queries.ts';
import { PgFullTextRepo } from '../../../src/store/pg/fulltext.ts';
import { PgPaperRepo } from '../../../src/store/pg/papers.ts';
import { PgSearchRepo } from '../../../src/store/pg/search-repo.ts';
import type { PgStore } from '../../../src/store/pg/store.ts';
import type { SearchRepo } from '../../../src/store/search.ts';
import { SqliteSharedStore } from '../../../src/store/sqlite-papers.ts';
import { describeContract } from './stores.ts';

export interface Repos {
  readonly kind: 'sqlite' | 'postgres';
  readonly papers: Async<PaperRepo>;
  readonly digest: Async<DigestQueries>;
  readonly search: Async<SearchRepo>;
  readonly fullText: Async<FullTextRepo>;
  /** Test set-up outside these repositories: someone discussed the paper (follow-ups' table). */
  discussed(paperId: number): Promise<void>;
  /** The follow-up events recorded for a paper, oldest first. */
  events(paperId: number): Promise<{ kind: string; value: string; detail: string | null; detectedAt: string }[]>;
}

export type OpenRepos = () => Promise<Repos>;

/** Runs `cases` once per store, each case with fresh, empty repositories. */
export function describeRepos(title: string, cases: (open: OpenRepos) => void): void {
  describeContract(title, (open) => cases(async () => reposOf(await open())));
}

function reposOf(shared: SharedStore): Repos {
  if (shared instanceof SqliteSharedStore) {
    const { store } = shared;
    return {
      kind: 'sqlite',
      papers: store.papers,
      digest: store.digestQueries,
      search: store.search,
      fullText: store.fullText,
      discussed: async (paperId) => store.paperEvents.discussed({ platform: 'slack', id: 'C1' }, '', [paperId], new Date(0)),
      events: async (paperId) =>
        store.paperEvents.ofPaper(paperId).map(({ kind, value, detail, detectedAt }) => ({ kind, value, detail, detectedAt })),
    };
  }
  const { pool } = shared as PgStore;
  return {
    kind: 'postgres',
    papers: new PgPaperRepo(pool),
    digest: new PgDigestQueries(pool),
    search: new PgSearchRepo(pool),
    fullText: new PgFullTextRepo(pool),
    discussed: async (paperId) => {
      await pool.query(
        `INSERT INTO paper_discussions (platform, channel_id, thread_id, paper_id, first_at, last_at, upvotes_then)
         SELECT 'slack', 'C1', '', id, $2, $2, upvotes FROM papers WHERE id = $1`,
        [paperId, new Date(0).toISOString()],
      );
    },
    events: async (paperId) =>
      (
        await pool.query<{ kind: string; value: string; detail: string | null; detectedAt: string }>(
          'SELECT kind, value, detail, detected_at AS "detectedAt" FROM paper_events WHERE paper_id = $1 ORDER BY id',
          [paperId],
        )
      ).rows,
  };
}
