import type { Db } from './db.ts';
import { rowToPaper } from './papers.ts';
import type { Paper } from './types.ts';

type PaperRow = Parameters<typeof rowToPaper>[0];

export interface FtsSearch {
  /** An FTS5 MATCH expression in which every user term is already quoted (src/core/query.ts). */
  readonly match: string;
  /** YYYY-MM-DD bounds on the publication date, or the first-seen date when that is unknown. */
  readonly since?: string;
  readonly before?: string;
  readonly limit: number;
  /** Count the matches no further than this (`totalCapped` then says there are more): a full count costs a full scan. */
  readonly countCap?: number;
}

type Params = { match: string; since: string | null; before: string | null };

/** bm25 column weights, in papers_fts column order: title, abstract, authors, organization, keywords. */
const SCORE = 'bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0)';
const PAPER_DATE = 'coalesce(p.published_at, substr(p.first_seen_at, 1, 10))';
const DATED = `papers_fts MATCH @match AND (@since IS NULL OR ${PAPER_DATE} >= @since) AND (@before IS NULL OR ${PAPER_DATE} < @before)`;

/**
 * Full-text search over papers_fts (contentless; rowid = papers.id). Without date bounds the ranking and the
 * count run on the FTS index alone and only the best rows are joined to papers: several times faster for
 * common words, whose matches run into tens of thousands at 100k papers.
 */
export class SearchRepo {
  private readonly best;
  private readonly bestDated;
  private readonly count;
  private readonly countDated;

  constructor(db: Db) {
    this.best = db.prepare<{ match: string; limit: number }, PaperRow>(
      `SELECT p.* FROM (SELECT rowid AS id, ${SCORE} AS score FROM papers_fts WHERE papers_fts MATCH @match ORDER BY score LIMIT @limit) hits
       JOIN papers p ON p.id = hits.id ORDER BY hits.score, p.upvotes DESC, p.id DESC`,
    );
    this.bestDated = db.prepare<Params & { limit: number }, PaperRow>(
      `SELECT p.* FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE ${DATED} ORDER BY ${SCORE}, p.upvotes DESC, p.id DESC LIMIT @limit`,
    );
    this.count = db.prepare<{ match: string; cap: number }, { n: number }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH @match LIMIT @cap)',
    );
    this.countDated = db.prepare<Params & { cap: number }, { n: number }>(
      `SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE ${DATED} LIMIT @cap)`,
    );
  }

  /** The best matches first, and how many papers match in all (or, past `countCap`, at least). */
  find(search: FtsSearch): { papers: Paper[]; total: number; totalCapped?: boolean } {
    const params: Params = { match: search.match, since: search.since ?? null, before: search.before ?? null };
    const dated = params.since !== null || params.before !== null;
    const { match } = params;
    const rows = dated ? this.bestDated.all({ ...params, limit: search.limit }) : this.best.all({ match, limit: search.limit });
    const papers = rows.map(rowToPaper);
    if (papers.length < search.limit) return { papers, total: papers.length };
    const cap = search.countCap ?? -1;
    const total = (
      dated ? this.countDated.get({ ...params, cap: cap < 0 ? -1 : cap + 1 }) : this.count.get({ match, cap: cap < 0 ? -1 : cap + 1 })
    )!.n;
    return cap >= 0 && total > cap ? { papers, total: cap, totalCapped: true } : { papers, total };
  }
}
