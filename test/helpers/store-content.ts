import type { Db } from '../../src/store/db.ts';

/** Everything the full-text index holds, by arXiv id: each token's term, column and offset, and each paper's column sizes. */
export function ftsContent(db: Db): { instances: unknown[]; sizes: unknown[] } {
  db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fts_instances USING fts5vocab(main, papers_fts, 'instance')");
  return {
    instances: db
      .prepare('SELECT p.arxiv_id, v.term, v.col, v.offset FROM temp.fts_instances v JOIN papers p ON p.id = v.doc ORDER BY 1, 2, 3, 4')
      .raw()
      .all(),
    sizes: db.prepare('SELECT p.arxiv_id, d.sz FROM papers_fts_docsize d JOIN papers p ON p.id = d.id ORDER BY 1').raw().all(),
  };
}

const COLUMNS =
  'id, arxiv_id, title, title_key, abstract, authors, author_count, org_slug, org_name, published_at, upvotes, keywords, first_seen_at';

/** The papers' rows, in id order. */
export const rowsOf = (db: Db) => db.prepare(`SELECT ${COLUMNS} FROM papers ORDER BY id`).all();
