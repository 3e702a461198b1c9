/**
 * The SQLite SearchRepo's surface (../search.ts) on PostgreSQL, for src/search/find.ts: the same FTS5 match
 * expressions (read back by fts-match.ts and matched as search.ts matches them), the same fields and orders.
 * Relevance, when asked for, is ts_rank_cd with search.ts's column weights (higher is better, as −bm25 is).
 */
import type { Async } from '../async.ts';
import type { MatchRequest, SearchMatch, SearchRepo } from '../search.ts';
import type { Paper } from '../types.ts';
import type { PgPool } from './db.ts';
import { fromFtsExpression } from './fts-match.ts';
import { PgPaperRepo } from './papers.ts';
import { WHERE } from './search.ts';
import { toTsQuery } from './tsquery.ts';

const listText = (column: string) =>
  `coalesce((SELECT string_agg(j.value, ', ' ORDER BY j.n) FROM jsonb_array_elements_text(p.${column}::jsonb) WITH ORDINALITY AS j(value, n)), '')`;
const FIELDS = `p.id, p.upvotes, p.published_at AS "publishedAt", p.first_seen_at AS "firstSeenAt", p.title,
  ${listText('authors')} AS authors, trim(coalesce(p.org_slug, '') || ' ' || coalesce(p.org_name, '')) AS organization,
  ${listText('keywords')} AS keywords`;
const SCORE = "ts_rank_cd('{0.1, 0.3, 0.4, 1.0}', p.search, to_tsquery('simple', $1), 1)";
/** search.ts's WHERE with only the match ($1 main, $2 head): no date bounds. */
const MATCH = WHERE.replace(/\$3/g, 'NULL').replace(/\$4/g, 'NULL');

/** A match expression as search.ts's tsquery texts. */
const tsQuery = (match: string) => toTsQuery(fromFtsExpression(match));

export class PgSearchRepo implements Async<SearchRepo> {
  private readonly pool: PgPool;
  private readonly byIds: PgPaperRepo;

  constructor(pool: PgPool) {
    this.pool = pool;
    this.byIds = new PgPaperRepo(pool);
  }

  /** The newest matches; `relevance` is the match's score when `scored`, else 0. */
  async matches(request: MatchRequest, scored: boolean): Promise<SearchMatch[]> {
    const { main, head } = tsQuery(request.match);
    const { rows } = await this.pool.query<SearchMatch>(
      `SELECT ${scored ? SCORE : '0'}::float8 AS relevance, ${FIELDS} FROM papers p WHERE ${WHERE} ORDER BY p.id DESC LIMIT $5`,
      [main, head, request.since ?? null, request.before ?? null, request.limit],
    );
    return rows;
  }

  /** Ids of the papers dated within the bounds (as `MatchRequest`'s), or undefined when there are more than `cap`. */
  async datedIds(since: string | undefined, before: string | undefined, cap: number): Promise<Set<number> | undefined> {
    const { rows } = await this.pool.query<{ id: number }>(
      `(SELECT id FROM papers WHERE published_at IS NOT NULL AND ($1::text IS NULL OR published_at >= $1) AND ($2::text IS NULL OR published_at < $2))
       UNION ALL (SELECT id FROM papers WHERE published_at IS NULL AND ($1::text IS NULL OR first_seen_at >= $1)
         AND ($2::text IS NULL OR first_seen_at < $2)) LIMIT $3`,
      [since ?? null, before ?? null, cap + 1],
    );
    return rows.length > cap ? undefined : new Set(rows.map((r) => r.id));
  }

  /** The newest `limit` matches among these papers (relevance 0), newest first. */
  async matchesAmong(match: string, among: ReadonlySet<number>, limit: number): Promise<SearchMatch[]> {
    const { main, head } = tsQuery(match);
    const { rows } = await this.pool.query<SearchMatch>(
      `SELECT 0::float8 AS relevance, ${FIELDS} FROM papers p WHERE p.id = ANY($3::int[]) AND ${MATCH} ORDER BY p.id DESC LIMIT $4`,
      [main, head, [...among], limit],
    );
    return rows;
  }

  /** The share of papers that match, from the newest `size` matches (the whole store when it has fewer). */
  async share(match: string, size: number): Promise<number> {
    const { main, head } = tsQuery(match);
    const { rows } = await this.pool.query<{ oldest: number | null; count: number; newest: number | null }>(
      `SELECT min(id) AS oldest, count(*)::int AS count, (SELECT max(id) FROM papers) AS newest
       FROM (SELECT p.id FROM papers p WHERE ${MATCH} ORDER BY p.id DESC LIMIT $3) m`,
      [main, head, size],
    );
    const { oldest, count, newest } = rows[0]!;
    if (!oldest || !newest) return 0;
    return count / (count < size ? newest : newest - oldest + 1);
  }

  /** These papers, in this order. */
  async papers(ids: readonly number[]): Promise<Paper[]> {
    return this.byIds.getMany(ids);
  }
}
