/**
 * Papers' full text per arXiv version on PostgreSQL, and the search over its passages: the SQLite
 * FullTextRepo (../fulltext.ts) with FTS5's 'porter unicode61' index as a tsvector column (text folded as
 * unicode61 folds it, fold.ts, and stemmed by migration 5's paperboy_english) and bm25 as ts_rank_cd.
 */
import type { Async } from '../async.ts';
import type { FullTextDoc, FullTextRepo, PassageInput, StoredPassage } from '../fulltext.ts';
import { inTransaction, type PgPool } from './db.ts';
import { foldText } from './fold.ts';
import { termQuery } from './tsquery.ts';

/**
 * ts_rank_cd's weights {D, C, B, A}: the heading (A) counts double the text (B), as bm25(fulltext_fts, 2.0, 1.0)
 * weighs them; normalization 1 divides by 1 + log(length), as bm25 favours the shorter of two equal matches.
 */
const RANK = "ts_rank_cd('{0.1, 0.2, 0.5, 1.0}', search, to_tsquery('paperboy_english', $3), 1)";
const VECTOR = `setweight(to_tsvector('paperboy_english', c->>'fold_heading'), 'A') || setweight(to_tsvector('paperboy_english', c->>'fold_text'), 'B')`;
/** Passages per INSERT (each one element of a JSON parameter). */
const ROWS_PER_STATEMENT = 500;
/** Saves of one version take turns, as SQLite's writers do: "fulltext" hashed with the version. */
const SAVE_LOCK = "hashtext('fulltext ' || $1 || ' ' || $2)";

export class PgFullTextRepo implements Async<FullTextRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async doc(arxivId: string, version: string): Promise<FullTextDoc | undefined> {
    const { rows } = await this.pool.query<{ state: 'html' | 'missing'; title: string; fetched_at: string }>(
      'SELECT state, title, fetched_at FROM fulltext_docs WHERE arxiv_id = $1 AND version = $2',
      [arxivId, version],
    );
    const row = rows[0];
    return row ? { state: row.state, title: row.title, fetchedAt: row.fetched_at } : undefined;
  }

  /** Replaces what is stored for this version, in one transaction. */
  async save(
    arxivId: string,
    version: string,
    doc: { state: 'html' | 'missing'; title: string; passages: readonly PassageInput[] },
    now = new Date(),
  ): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query(`SELECT pg_advisory_xact_lock(${SAVE_LOCK})`, [arxivId, version]);
      await client.query('DELETE FROM fulltext_chunks WHERE arxiv_id = $1 AND version = $2', [arxivId, version]);
      await client.query('DELETE FROM fulltext_docs WHERE arxiv_id = $1 AND version = $2', [arxivId, version]);
      await client.query('INSERT INTO fulltext_docs (arxiv_id, version, state, title, fetched_at) VALUES ($1, $2, $3, $4, $5)', [
        arxivId,
        version,
        doc.state,
        doc.title.slice(0, 500),
        now.toISOString(),
      ]);
      for (let from = 0; from < doc.passages.length; from += ROWS_PER_STATEMENT) {
        const chunk = doc.passages.slice(from, from + ROWS_PER_STATEMENT).map((p, i) => ({
          seq: from + i,
          number: p.number,
          heading: p.heading,
          text: p.text,
          fold_heading: foldText(p.heading),
          fold_text: foldText(p.text),
        }));
        await client.query(
          `INSERT INTO fulltext_chunks (arxiv_id, version, seq, number, heading, text, search)
           SELECT $1, $2, (c->>'seq')::int, c->>'number', c->>'heading', c->>'text', ${VECTOR} FROM jsonb_array_elements($3::jsonb) AS t(c)`,
          [arxivId, version, JSON.stringify(chunk)],
        );
      }
    });
  }

  /** The first passages in reading order (the abstract and introduction). */
  async opening(arxivId: string, version: string, limit: number): Promise<StoredPassage[]> {
    const { rows } = await this.pool.query<StoredPassage>(
      'SELECT seq, number, heading, text FROM fulltext_chunks WHERE arxiv_id = $1 AND version = $2 ORDER BY seq LIMIT $3',
      [arxivId, version, limit],
    );
    return rows.map(toPassage);
  }

  /**
   * The passages that best match any of `words` (a heading match counting double), best first. Each word is
   * folded and quoted as a lexeme (tsquery.ts), so nothing typed is read as query syntax.
   */
  async best(arxivId: string, version: string, words: readonly string[], limit: number): Promise<StoredPassage[]> {
    const terms = words.map((text) => termQuery({ text, prefix: false })).filter((t): t is string => t !== undefined);
    if (terms.length === 0) return [];
    const { rows } = await this.pool.query<StoredPassage>(
      `SELECT seq, number, heading, text FROM fulltext_chunks
       WHERE arxiv_id = $1 AND version = $2 AND search @@ to_tsquery('paperboy_english', $3) ORDER BY ${RANK} DESC, seq LIMIT $4`,
      [arxivId, version, terms.join(' | '), limit],
    );
    return rows.map(toPassage);
  }
}

const toPassage = (row: StoredPassage): StoredPassage => ({ seq: row.seq, number: row.number, heading: row.heading, text: row.text });
