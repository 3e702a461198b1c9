import type { Db } from './db.ts';
import { rowToPaper } from './papers.ts';
import type { Paper } from './types.ts';

type PaperRow = Parameters<typeof rowToPaper>[0];

/** A match with what ranking reads (src/core/rank.ts's Rankable). */
export interface SearchMatch {
  readonly id: number;
  /** −bm25 (higher is better) when asked for, else 0. */
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
 * ingest). FTS5 walks a match list in rowid order and stops at the LIMIT, so the newest matches of a broad
 * query cost little. bm25() does not: before the first row it walks every phrase's whole match list for its
 * idf, so `matches` only scores when asked (queries with few matches, src/search/find.ts).
 */
export class SearchRepo {
  private readonly newest;
  private readonly scored;
  private readonly from;
  private readonly sample;
  private readonly byId;

  constructor(db: Db) {
    const query = (relevance: string) =>
      db.prepare<{ match: string; since: string | null; before: string | null; limit: number }, SearchMatch>(
        `SELECT p.id, ${relevance} AS relevance, p.upvotes, p.published_at AS publishedAt, p.first_seen_at AS firstSeenAt
         FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
         WHERE papers_fts MATCH @match AND (@since IS NULL OR ${PAPER_DATE} >= @since) AND (@before IS NULL OR ${PAPER_DATE} < @before)
         ORDER BY papers_fts.rowid DESC LIMIT @limit`,
      );
    this.newest = query('0');
    this.scored = query(`-${SCORE}`);
    this.from = db.prepare<{ match: string; from: number }, { id: number }>(
      'SELECT rowid AS id FROM papers_fts WHERE papers_fts MATCH @match AND rowid >= CAST(@from AS INTEGER)',
    );
    this.sample = db.prepare<{ match: string; size: number }, { oldest: number | null; count: number; newest: number | null }>(
      `SELECT min(id) AS oldest, count(*) AS count, (SELECT max(id) FROM papers) AS newest
       FROM (SELECT rowid AS id FROM papers_fts WHERE papers_fts MATCH @match ORDER BY rowid DESC LIMIT @size)`,
    );
    this.byId = db.prepare<[string], PaperRow>('SELECT p.* FROM json_each(?) j JOIN papers p ON p.id = j.value ORDER BY j.key');
  }

  /** The newest matches; `relevance` is −bm25 when `scored`, else 0. */
  matches(request: MatchRequest, scored: boolean): SearchMatch[] {
    const params = { match: request.match, since: request.since ?? null, before: request.before ?? null, limit: request.limit };
    return (scored ? this.scored : this.newest).all(params);
  }

  /** Ids of the papers from id `from` on that match (FTS5 seeks to `from` in each match list). */
  matchingFrom(match: string, from: number): Set<number> {
    return new Set(this.from.all({ match, from }).map((r) => r.id));
  }

  /**
   * The share of papers that match, from the newest `size` matches (the whole store when it has fewer): what
   * an idf needs, at the cost of `size` matches instead of all of them.
   */
  share(match: string, size: number): number {
    const { oldest, count, newest } = this.sample.get({ match, size })!;
    if (!oldest || !newest) return 0;
    return count / (count < size ? newest : newest - oldest + 1);
  }

  /** These papers, in this order. */
  papers(ids: readonly number[]): Paper[] {
    return this.byId.all(JSON.stringify(ids)).map(rowToPaper);
  }
}
