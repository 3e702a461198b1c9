import type { Db } from './db.ts';
import { rowToPaper } from './papers.ts';
import type { Paper } from './types.ts';

type PaperRow = Parameters<typeof rowToPaper>[0];

/** A match with what ranking reads (src/core/rank.ts's Rankable), and the short fields it is scored by. */
export interface SearchMatch {
  readonly id: number;
  /** −bm25 (higher is better) when asked for, else 0. */
  readonly relevance: number;
  readonly upvotes: number;
  readonly publishedAt: string | null;
  readonly firstSeenAt: string;
  readonly title: string;
  /** The text of papers_fts's authors, organization and keywords columns. */
  readonly authors: string;
  readonly organization: string;
  readonly keywords: string;
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
const FIELDS = `p.id, p.upvotes, p.published_at AS publishedAt, p.first_seen_at AS firstSeenAt, p.title,
  coalesce((SELECT group_concat(value, ', ') FROM json_each(p.authors)), '') AS authors,
  trim(coalesce(p.org_slug, '') || ' ' || coalesce(p.org_name, '')) AS organization,
  coalesce((SELECT group_concat(value, ', ') FROM json_each(p.keywords)), '') AS keywords`;

/** Up to this many papers, FTS5 checks each against a query (~40 µs) rather than listing every match (~1 µs a match). */
const SEEKS = 5000;

/**
 * FTS5's matches of a query, newest first (papers_fts is contentless; its rowid is papers.id, which grows with
 * ingest). FTS5 walks a match list in rowid order and stops at the LIMIT, so the newest matches of a broad
 * query cost little. bm25() does not: before the first row it walks every phrase's whole match list for its
 * idf, so `matches` only scores when asked (queries with few matches, src/search/find.ts).
 */
export class SearchRepo {
  private readonly newest;
  private readonly scored;
  private readonly ids;
  private readonly idsIn;
  private readonly dated;
  private readonly byIds;
  private readonly sample;
  private readonly byId;

  constructor(db: Db) {
    const query = (relevance: string) =>
      db.prepare<{ match: string; since: string | null; before: string | null; limit: number }, SearchMatch>(
        `SELECT ${relevance} AS relevance, ${FIELDS} FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
         WHERE papers_fts MATCH @match AND (@since IS NULL OR ${PAPER_DATE} >= @since) AND (@before IS NULL OR ${PAPER_DATE} < @before)
         ORDER BY papers_fts.rowid DESC LIMIT @limit`,
      );
    this.newest = query('0');
    this.scored = query(`-${SCORE}`);
    this.ids = db.prepare<[string], number>('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC').pluck();
    this.idsIn = db
      .prepare<[string, string], number>(
        'SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? AND rowid IN (SELECT value FROM json_each(?))',
      )
      .pluck();
    // Both halves use an index: papers_published, and papers_first_seen for papers without a publication date.
    this.dated = db
      .prepare<{ since: string; before: string; cap: number }, number>(
        `SELECT id FROM papers WHERE published_at >= @since AND published_at < @before
         UNION ALL SELECT id FROM papers WHERE published_at IS NULL AND first_seen_at >= @since AND first_seen_at < @before LIMIT @cap`,
      )
      .pluck();
    this.byIds = db.prepare<[string], SearchMatch>(`SELECT 0 AS relevance, ${FIELDS} FROM json_each(?) j JOIN papers p ON p.id = j.value`);
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

  /** Ids of the papers dated within the bounds (as `MatchRequest`'s), or undefined when there are more than `cap`. */
  datedIds(since: string | undefined, before: string | undefined, cap: number): Set<number> | undefined {
    const ids = this.dated.all({ since: since ?? '', before: before ?? '\uffff', cap: cap + 1 });
    return ids.length > cap ? undefined : new Set(ids);
  }

  /**
   * The newest `limit` matches among these papers, from matching ids alone (far cheaper than reading each
   * match's row): FTS5 seeks to each of a few papers (tens of microseconds each), or lists every match.
   */
  matchesAmong(match: string, among: ReadonlySet<number>, limit: number): SearchMatch[] {
    let ids: number[] = [];
    if (among.size <= SEEKS)
      ids = this.idsIn
        .all(match, JSON.stringify([...among]))
        .sort((a, b) => b - a)
        .slice(0, limit);
    else for (const id of this.ids.iterate(match)) if (among.has(id) && ids.push(id) >= limit) break;
    return this.byIds.all(JSON.stringify(ids)).sort((a, b) => b.id - a.id);
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
