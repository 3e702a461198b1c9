/**
 * Search on PostgreSQL (contract.ts's PaperSearch): the query language of src/core/query.ts as tsquery
 * (tsquery.ts), the same ranking as SQLite (src/core/rank.ts's rank with WEIGHTS.search on the candidates)
 * and the same bound as src/search/find.ts: at most SCORED matches are ranked, a broad query's newest SCORED.
 * ts_rank_cd with FTS5's column weights, relative to the best match, stands in for bm25; a broad query's
 * newest matches are scored without their abstracts (as find.ts scores them by column), which nearly all
 * of them match anyway.
 */
import type { SearchQuery } from '../../core/query.ts';
import { rank, WEIGHTS } from '../../core/rank.ts';
import { SCORED } from '../../search/find.ts';
import type { PaperSearch, PaperStore, SearchHits } from '../contract.ts';
import type pg from 'pg';
import { inTransaction, type PgPool } from './db.ts';
import { toTsQuery } from './tsquery.ts';

interface Candidate {
  readonly id: number;
  readonly upvotes: number;
  readonly publishedAt: string | null;
  readonly firstSeenAt: string;
  readonly relevance: number;
}

const PAPER_DATE = 'coalesce(p.published_at, substr(p.first_seen_at, 1, 10))';
export const WHERE = `p.search @@ to_tsquery('simple', $1) AND ($2::text IS NULL OR p.head @@ to_tsquery('simple', $2))
  AND ($3::text IS NULL OR ${PAPER_DATE} >= $3) AND ($4::text IS NULL OR ${PAPER_DATE} < $4)`;
const ESTIMATE = `EXPLAIN (FORMAT JSON) SELECT p.id FROM papers p WHERE ${WHERE}`;
/**
 * The newest SCORED + 1 matches, scored by `head` in the outer query, so that only those are. Ordered by
 * `p.id`, the planner may walk the primary key newest first and stop; by `p.id + 0`, it must collect the
 * GIN index's matches and sort them.
 */
const newest = (order: 'p.id' | 'p.id + 0') => `
  SELECT m.id, m.upvotes, m."publishedAt", m."firstSeenAt",
    ts_rank_cd('{0.3, 0.3, 0.4, 1.0}', m.head, to_tsquery('simple', $1), 1) AS relevance
  FROM (
    SELECT p.id, p.upvotes, p.published_at AS "publishedAt", p.first_seen_at AS "firstSeenAt", p.head
    FROM papers p WHERE ${WHERE} ORDER BY ${order} DESC LIMIT $5
  ) m`;
/** Every match of a query with at most SCORED: 1 divides by 1 + log(length), as bm25 favours the shorter of two equal matches. */
const SCORE_ALL = `SELECT id, ts_rank_cd('{0.1, 0.3, 0.4, 1.0}', search, to_tsquery('simple', $1), 1) AS relevance
  FROM papers WHERE id = ANY($2::int[])`;
/**
 * Walking newest first reads every paper it passes and its out-of-line vector (about 9 µs a paper at 100k);
 * collecting the index's matches and sorting them, about 4.5 µs a match. The planner does not know the first.
 */
const VECTOR_READ_COST = 2;
const SIZE_TTL_MS = 60_000;

export class PgSearch implements PaperSearch {
  private readonly pool: PgPool;
  private readonly papers: PaperStore;
  private size = { papers: 0, at: -Infinity };

  constructor(pool: PgPool, papers: PaperStore) {
    this.pool = pool;
    this.papers = papers;
  }

  async find(query: SearchQuery, limit: number, now = Date.now()): Promise<SearchHits> {
    const { main, head } = toTsQuery(query);
    const where = [main, head, query.since ?? null, query.before ?? null];
    const papers = await this.paperCount();
    const found = await inTransaction(this.pool, async (client) => {
      // The planner would rather read every row's vector in a sequential scan than use the index (it does not
      // know that costs microseconds a row): only the index, or the newest-first walk chosen here, may answer.
      await client.query('SET LOCAL enable_seqscan = off; SET LOCAL max_parallel_workers_per_gather = 0');
      const order = walkNewest(await estimate(client, where), papers) ? 'p.id' : 'p.id + 0';
      const { rows } = await client.query<Candidate>(newest(order), [...where, SCORED + 1]);
      if (rows.length > SCORED || rows.length === 0) return rows;
      const scored = await client.query<{ id: number; relevance: number }>(SCORE_ALL, [main, rows.map((m) => m.id)]);
      const relevance = new Map(scored.rows.map((r) => [r.id, r.relevance]));
      return rows.map((m) => ({ ...m, relevance: relevance.get(m.id) ?? 0 }));
    });
    const totalCapped = found.length > SCORED;
    const ranked = found.slice(0, SCORED);
    const top = Math.max(0, ...ranked.map((m) => m.relevance));
    const normalised = ranked.map((m) => ({ ...m, relevance: top > 0 ? m.relevance / top : 0 }));
    const best = rank(normalised, { weights: WEIGHTS.search, now }).slice(0, limit);
    return { papers: await this.papers.getMany(best.map((m) => m.id)), total: ranked.length, totalCapped };
  }

  /** The planner's count of papers (pg_class.reltuples), refreshed every minute: the scale for its estimates. */
  private async paperCount(): Promise<number> {
    if (performance.now() - this.size.at > SIZE_TTL_MS) {
      const { rows } = await this.pool.query<{ n: number }>(
        "SELECT greatest(reltuples, 0)::float8 AS n FROM pg_class WHERE oid = 'papers'::regclass",
      );
      this.size = { papers: rows[0]?.n ?? 0, at: performance.now() };
    }
    return this.size.papers;
  }
}

/** The planner's estimate of a query's matches. */
async function estimate(client: pg.PoolClient, where: readonly (string | null)[]): Promise<number> {
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(ESTIMATE, [...where]);
  return rows[0]!['QUERY PLAN'][0].Plan['Plan Rows'];
}

/** Whether walking the papers newest first (reading about SCORED / share of them) beats collecting every match. */
function walkNewest(matches: number, papers: number): boolean {
  if (papers <= 0 || matches <= SCORED) return false;
  const passed = (SCORED + 1) * (papers / Math.min(matches, papers));
  return passed * VECTOR_READ_COST < matches;
}
