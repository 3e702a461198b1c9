/**
 * Search on PostgreSQL (contract.ts's PaperSearch): the query language of src/core/query.ts as tsquery
 * (tsquery.ts) over the papers' GIN-indexed vector, the same ranking as SQLite (src/core/rank.ts's rank with
 * WEIGHTS.search on the candidates), and the same bound as src/search/find.ts: at most SCORED matches are
 * ranked, a broad query's newest SCORED. ts_rank_cd, with the FTS5 column weights and normalised by the
 * best match's, stands in for bm25.
 */
import type { SearchQuery } from '../../core/query.ts';
import { rank, WEIGHTS } from '../../core/rank.ts';
import { SCORED } from '../../search/find.ts';
import type { PaperSearch, PaperStore, SearchHits } from '../contract.ts';
import type { PgPool } from './db.ts';
import { toTsQuery } from './tsquery.ts';

interface Candidate {
  readonly id: number;
  readonly upvotes: number;
  readonly publishedAt: string | null;
  readonly firstSeenAt: string;
  readonly relevance: number;
}

const PAPER_DATE = 'coalesce(p.published_at, substr(p.first_seen_at, 1, 10))';
/**
 * The newest SCORED + 1 matches, then their rank: in the outer query so that ts_rank_cd reads only those (a
 * broad query's thousands of other matches are never scored). 1 divides by 1 + log(length), as bm25 favours
 * the shorter of two equal matches.
 */
const CANDIDATES = `
  SELECT m.id, m.upvotes, m."publishedAt", m."firstSeenAt",
    ts_rank_cd('{0.1, 0.3, 0.4, 1.0}', m.search, to_tsquery('simple', $1), 1) AS relevance
  FROM (
    SELECT p.id, p.upvotes, p.published_at AS "publishedAt", p.first_seen_at AS "firstSeenAt", p.search FROM papers p
    WHERE p.search @@ to_tsquery('simple', $1)
      AND ($2::text IS NULL OR p.names @@ to_tsquery('simple', $2))
      AND ($3::text IS NULL OR ${PAPER_DATE} >= $3)
      AND ($4::text IS NULL OR ${PAPER_DATE} < $4)
    ORDER BY p.id DESC LIMIT $5
  ) m`;

export class PgSearch implements PaperSearch {
  private readonly pool: PgPool;
  private readonly papers: PaperStore;

  constructor(pool: PgPool, papers: PaperStore) {
    this.pool = pool;
    this.papers = papers;
  }

  async find(query: SearchQuery, limit: number, now = Date.now()): Promise<SearchHits> {
    const { main, names } = toTsQuery(query);
    const { rows } = await this.pool.query<Candidate>(CANDIDATES, [main, names, query.since ?? null, query.before ?? null, SCORED + 1]);
    const totalCapped = rows.length > SCORED;
    const found = rows.slice(0, SCORED);
    const top = Math.max(0, ...found.map((m) => m.relevance));
    const normalised = found.map((m) => ({ ...m, relevance: top > 0 ? m.relevance / top : 0 }));
    const best = rank(normalised, { weights: WEIGHTS.search, now }).slice(0, limit);
    return { papers: await this.papers.getMany(best.map((m) => m.id)), total: found.length, totalCapped };
  }
}
