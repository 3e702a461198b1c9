/**
 * The queries behind digests, `top` and `status` on PostgreSQL, and `status`'s one write: the SQLite
 * DigestQueries (../digest-queries.ts) statement for statement. SQLite leaves a NULL last in a descending
 * order and PostgreSQL first, hence NULLS LAST; rows without an ORDER BY there come in id order here.
 */
import type { Async } from '../async.ts';
import { toSourceFetch, type DigestQueries, type NewPaperOptions, type SourceFetch, type SourceFetchRow } from '../digest-queries.ts';
import { rowToPaper, type PaperRow } from '../paper-merge.ts';
import type { Paper } from '../types.ts';
import type { PgPool } from './db.ts';
import { PAPER_COLUMNS } from './upsert.ts';

const P = PAPER_COLUMNS.map((c) => `p.${c}`).join(', ');
/** The day a paper belongs to for "top of the week": when it was last listed, else published, else first seen. */
const PAPER_DAY = 'coalesce(p.last_listed_on, p.published_at, substr(p.first_seen_at, 1, 10))';
/** Replacements and cross-lists are not new papers; a channel may count cross-lists in ($cross = 1). */
const newPaper = (cross: string) => `(p.announce_type IS NULL OR p.announce_type = 'new' OR (${cross} = 1 AND p.announce_type = 'cross'))`;
const cross = (options: NewPaperOptions) => (options.crossLists ? 1 : 0);

export class PgDigestQueries implements Async<DigestQueries> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  private async papers(sql: string, params: readonly unknown[]): Promise<Paper[]> {
    const { rows } = await this.pool.query<PaperRow>(sql, [...params]);
    return rows.map(rowToPaper);
  }

  /** Records a source's latest fetch (one row per source). */
  async recordFetch(fetch: SourceFetch): Promise<void> {
    await this.pool.query(
      `INSERT INTO source_fetches (source, fetched_at, ok, result, papers, new_papers) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source) DO UPDATE SET fetched_at = excluded.fetched_at, ok = excluded.ok, result = excluded.result,
         papers = excluded.papers, new_papers = excluded.new_papers`,
      [fetch.source, fetch.fetchedAt, fetch.ok ? 1 : 0, fetch.result, fetch.papers, fetch.newPapers],
    );
  }

  /** Each source's latest fetch, by name. */
  async lastFetches(): Promise<SourceFetch[]> {
    const { rows } = await this.pool.query<SourceFetchRow>('SELECT * FROM source_fetches ORDER BY source');
    return rows.map(toSourceFetch);
  }

  /** The most recent listing date (YYYY-MM-DD), or the most recent on or before `upTo`; null when none. */
  async latestListingDate(upTo?: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ d: string | null }>(
      'SELECT max(listing_date) AS d FROM listings WHERE $1::text IS NULL OR listing_date <= $1',
      [upTo || null],
    );
    return rows[0]?.d ?? null;
  }

  /** Papers listed on `date` (any source) that no earlier-dated listing had: that day's new papers. */
  async newInListing(date: string, options: NewPaperOptions = {}): Promise<Paper[]> {
    return this.papers(
      `SELECT ${P} FROM papers p
       WHERE p.id IN (SELECT lp.paper_id FROM listings l JOIN listing_papers lp ON lp.listing_id = l.id WHERE l.listing_date = $1)
         AND NOT EXISTS (SELECT 1 FROM listing_papers earlier JOIN listings el ON el.id = earlier.listing_id
           WHERE earlier.paper_id = p.id AND el.listing_date < $1)
         AND ${newPaper('$2')} ORDER BY p.id`,
      [date, cross(options)],
    );
  }

  /** Papers first seen after the ISO timestamp `since` (e.g. the channel's last digest). */
  async firstSeenSince(since: string, options: NewPaperOptions = {}): Promise<Paper[]> {
    return this.papers(`SELECT ${P} FROM papers p WHERE p.first_seen_at > $1 AND ${newPaper('$2')} ORDER BY p.first_seen_at, p.id`, [
      since,
      cross(options),
    ]);
  }

  /** Papers first seen after `after` and no later than `upTo` (ISO timestamps). */
  async firstSeenBetween(after: string, upTo: string, options: NewPaperOptions = {}): Promise<Paper[]> {
    return this.papers(
      `SELECT ${P} FROM papers p WHERE p.first_seen_at > $1 AND p.first_seen_at <= $2 AND ${newPaper('$3')}
       ORDER BY p.first_seen_at, p.id`,
      [after, upTo, cross(options)],
    );
  }

  /** Most upvoted papers whose day falls in [from, to] (either bound optional), most recent first on ties. */
  async topInPeriod(period: { from?: string; to?: string; limit: number }): Promise<Paper[]> {
    return this.papers(
      `SELECT ${P} FROM papers p WHERE ($1::text IS NULL OR ${PAPER_DAY} >= $1) AND ($2::text IS NULL OR ${PAPER_DAY} <= $2)
       ORDER BY p.upvotes DESC, coalesce(p.published_at, p.first_seen_at) DESC, p.id DESC LIMIT $3`,
      [period.from ?? null, period.to ?? null, period.limit],
    );
  }
}
