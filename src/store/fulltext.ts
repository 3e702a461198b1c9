import type { Db } from './db.ts';

export interface PassageInput {
  readonly number: string;
  readonly heading: string;
  readonly text: string;
}

export interface StoredPassage extends PassageInput {
  readonly seq: number;
}

export interface FullTextDoc {
  readonly state: 'html' | 'missing';
  readonly title: string;
  readonly fetchedAt: string;
}

interface PassageRow {
  seq: number;
  number: string;
  heading: string;
  text: string;
}

const toPassage = (row: PassageRow): StoredPassage => ({ seq: row.seq, number: row.number, heading: row.heading, text: row.text });

/** Papers' full text per arXiv version (fetched once for every channel), and full-text search over its passages. */
export class FullTextRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  doc(arxivId: string, version: string): FullTextDoc | undefined {
    const row = this.db
      .prepare('SELECT state, title, fetched_at FROM fulltext_docs WHERE arxiv_id = ? AND version = ?')
      .get(arxivId, version) as { state: 'html' | 'missing'; title: string; fetched_at: string } | undefined;
    return row ? { state: row.state, title: row.title, fetchedAt: row.fetched_at } : undefined;
  }

  /** Replaces what is stored for this version, in one transaction. */
  save(
    arxivId: string,
    version: string,
    doc: { state: 'html' | 'missing'; title: string; passages: readonly PassageInput[] },
    now = new Date(),
  ): void {
    const insert = this.db.prepare('INSERT INTO fulltext_chunks (arxiv_id, version, seq, number, heading, text) VALUES (?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM fulltext_chunks WHERE arxiv_id = ? AND version = ?').run(arxivId, version);
      this.db.prepare('DELETE FROM fulltext_docs WHERE arxiv_id = ? AND version = ?').run(arxivId, version);
      this.db
        .prepare('INSERT INTO fulltext_docs (arxiv_id, version, state, title, fetched_at) VALUES (?, ?, ?, ?, ?)')
        .run(arxivId, version, doc.state, doc.title.slice(0, 500), now.toISOString());
      doc.passages.forEach((p, seq) => insert.run(arxivId, version, seq, p.number, p.heading, p.text));
    })();
  }

  /** The first passages in reading order (the abstract and introduction). */
  opening(arxivId: string, version: string, limit: number): StoredPassage[] {
    const rows = this.db
      .prepare('SELECT seq, number, heading, text FROM fulltext_chunks WHERE arxiv_id = ? AND version = ? ORDER BY seq LIMIT ?')
      .all(arxivId, version, limit) as PassageRow[];
    return rows.map(toPassage);
  }

  /**
   * The passages that best match any of `words` (BM25, a heading match counting double), best first.
   * Every word is quoted before it reaches FTS5, so nothing typed is read as query syntax.
   */
  best(arxivId: string, version: string, words: readonly string[], limit: number): StoredPassage[] {
    if (words.length === 0) return [];
    const match = words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' OR ');
    const rows = this.db
      .prepare(
        `SELECT c.seq, c.number, c.heading, c.text FROM fulltext_fts JOIN fulltext_chunks c ON c.id = fulltext_fts.rowid
         WHERE fulltext_fts MATCH ? AND c.arxiv_id = ? AND c.version = ? ORDER BY bm25(fulltext_fts, 2.0, 1.0) LIMIT ?`,
      )
      .all(match, arxivId, version, limit) as PassageRow[];
    return rows.map(toPassage);
  }
}
