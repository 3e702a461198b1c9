import type { Db } from './db.ts';
import { rowToPaper } from './papers.ts';
import type { Paper } from './types.ts';

type PaperRow = Parameters<typeof rowToPaper>[0];

/** A match with what ranking reads (src/core/rank.ts's Rankable). */
export interface SearchMatch {
  readonly id: number;
  /** −bm25: higher is better. */
  readonly relevance: number;
  readonly upvotes: number;
  readonly publishedAt: string | null;
  readonly firstSeenAt: string;
}

export interface MatchRequest {
  /** An FTS5 MATCH expression in which every user term is already quoted (src/core/query.ts). */
  readonly match: string;
  /** YYYY-MM-DD bounds on the publication date, or the first-seen date when that is unknown. */
  readonly since?: string | undefined;
  readonly before?: string | undefined;
  /** The newest this many matches, newest first. */
  readonly limit: number;
}

/** bm25 column weights, in papers_fts column order: title, abstract, authors, organization, keywords. */
const SCORE = 'bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0)';
const PAPER_DATE = 'coalesce(p.published_at, substr(p.first_seen_at, 1, 10))';

/**
 * FTS5's matches of a query, newest first (papers_fts is contentless; its rowid is papers.id, which grows with
 * ingest). FTS5 walks a match list in rowid order and stops at the LIMIT, so a broad query costs its newest
 * matches only, while a rare one still reaches the whole store.
 */
export class SearchRepo {
  private readonly newest;
  private readonly byId;

  constructor(db: Db) {
    this.newest = db.prepare<{ match: string; since: string | null; before: string | null; limit: number }, SearchMatch>(
      `SELECT p.id, -${SCORE} AS relevance, p.upvotes, p.published_at AS publishedAt, p.first_seen_at AS firstSeenAt
       FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
       WHERE papers_fts MATCH @match AND (@since IS NULL OR ${PAPER_DATE} >= @since) AND (@before IS NULL OR ${PAPER_DATE} < @before)
       ORDER BY papers_fts.rowid DESC LIMIT @limit`,
    );
    this.byId = db.prepare<[string], PaperRow>('SELECT p.* FROM json_each(?) j JOIN papers p ON p.id = j.value ORDER BY j.key');
  }

  matches(request: MatchRequest): SearchMatch[] {
    return this.newest.all({ match: request.match, since: request.since ?? null, before: request.before ?? null, limit: request.limit });
  }

  /** These papers, in this order. */
  papers(ids: readonly number[]): Paper[] {
    return this.byId.all(JSON.stringify(ids)).map(rowToPaper);
  }
}
