/**
 * Papers' full text per arXiv version on PostgreSQL, and the search over its passages: the SQLite
 * FullTextRepo (../fulltext.ts) with FTS5's 'porter unicode61' index as a tsvector column (text folded as
 * unicode61 folds it, fold.ts, and stemmed by migration 5's paperboy_english) and bm25 as FTS5 computes it
 * (bm25.ts) over the passages PostgreSQL finds.
 */
import type { Async } from '../async.ts';
import type { FullTextDoc, FullTextRepo, PassageInput, StoredPassage } from '../fulltext.ts';
import { inTransaction, type PgPool } from './db.ts';
import { bm25, idf, phraseFrequency, type Posting } from './bm25.ts';
import { foldText } from './fold.ts';

/** The heading (weight A) counts double the text (B), as bm25(fulltext_fts, 2.0, 1.0) weighs them. */
const COLUMN_WEIGHT = { A: 2, B: 1 } as const;
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
      await client.query(
        `WITH gone AS (DELETE FROM fulltext_chunks WHERE arxiv_id = $1 AND version = $2 RETURNING tokens)
         UPDATE fulltext_totals SET passages = passages - (SELECT count(*) FROM gone), tokens = tokens - (SELECT coalesce(sum(tokens), 0) FROM gone)`,
        [arxivId, version],
      );
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
        const tokens = chunk.map((c) => words(c.fold_heading) + words(c.fold_text));
        await client.query(
          `WITH added AS (INSERT INTO fulltext_chunks (arxiv_id, version, seq, number, heading, text, search, tokens)
             SELECT $1, $2, (c->>'seq')::int, c->>'number', c->>'heading', c->>'text', ${VECTOR}, (c->>'tokens')::int
             FROM jsonb_array_elements($3::jsonb) AS t(c) RETURNING tokens)
           UPDATE fulltext_totals SET passages = passages + (SELECT count(*) FROM added), tokens = tokens + (SELECT coalesce(sum(tokens), 0) FROM added)`,
          [arxivId, version, JSON.stringify(chunk.map((c, i) => ({ ...c, tokens: tokens[i] })))],
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
   * The passages that best match any of `words` (BM25, a heading match counting double), best first. Each
   * word is folded and stemmed into a phrase of lexemes, then quoted, so nothing typed is read as query syntax.
   */
  async best(arxivId: string, version: string, words: readonly string[], limit: number): Promise<StoredPassage[]> {
    if (words.length === 0) return [];
    const phrases = await this.phrases(words);
    if (phrases.length === 0) return [];
    const queries = phrases.map((p) => p.map((lexeme) => `'${lexeme}'`).join(' <-> '));
    const client = await this.pool.connect();
    try {
      const totals = (await client.query<{ passages: string; tokens: string }>('SELECT passages, tokens FROM fulltext_totals')).rows[0]!;
      const passages = Number(totals.passages);
      // From half the passages on, a phrase's idf is at its floor: counting further changes nothing.
      const { rows: hits } = await client.query<{ hits: number }>(
        `SELECT (SELECT count(*) FROM (SELECT 1 FROM fulltext_chunks WHERE search @@ to_tsquery('simple', t.q) LIMIT $2) m)::int AS hits
         FROM unnest($1::text[]) WITH ORDINALITY AS t(q, i) ORDER BY t.i`,
        [queries, Math.floor(passages / 2) + 1],
      );
      const { rows } = await client.query<PassageRow & Posting & { tokens: number }>(
        `SELECT c.seq, c.number, c.heading, c.text, c.tokens, u.lexeme, u.positions, u.weights FROM fulltext_chunks c
         CROSS JOIN LATERAL unnest(c.search) AS u WHERE c.arxiv_id = $1 AND c.version = $2 AND c.search @@ to_tsquery('simple', $3)
         AND u.lexeme = ANY($4::text[])`,
        [arxivId, version, queries.map((q) => `(${q})`).join(' | '), [...new Set(phrases.flat())]],
      );
      const idfs = hits.map((h) => idf(passages, h.hits));
      const average = passages > 0 ? Number(totals.tokens) / passages : 1;
      const found = new Map<number, { row: PassageRow & { tokens: number }; postings: Map<string, Posting> }>();
      for (const row of rows) {
        const entry = found.get(row.seq) ?? { row, postings: new Map<string, Posting>() };
        entry.postings.set(row.lexeme, row);
        found.set(row.seq, entry);
      }
      const scored = [...found.values()].map(({ row, postings }) => ({
        row,
        score: bm25(
          phrases.map((p) => phraseFrequency(p, postings, COLUMN_WEIGHT)),
          idfs,
          row.tokens,
          average,
        ),
      }));
      scored.sort((a, b) => b.score - a.score || a.row.seq - b.row.seq);
      return scored.slice(0, limit).map((s) => toPassage(s.row));
    } finally {
      client.release();
    }
  }

  /** Each word as the lexemes PostgreSQL indexes it under, in order (a folded "GPT-4" is "gpt" then "4"). */
  private async phrases(words: readonly string[]): Promise<string[][]> {
    const { rows } = await this.pool.query<{ i: string; lexeme: string; positions: number[] }>(
      `SELECT t.i, u.lexeme, u.positions FROM unnest($1::text[]) WITH ORDINALITY AS t(w, i),
       LATERAL unnest(to_tsvector('paperboy_english', t.w)) AS u`,
      [words.map(foldText)],
    );
    const byWord = new Map<string, [number, string][]>();
    for (const row of rows) {
      const at = byWord.get(row.i) ?? [];
      row.positions.forEach((p) => at.push([p, row.lexeme]));
      byWord.set(row.i, at);
    }
    return [...byWord.values()].map((at) => at.sort((a, b) => a[0] - b[0]).map(([, lexeme]) => lexeme));
  }
}

interface PassageRow {
  seq: number;
  number: string;
  heading: string;
  text: string;
}

const words = (folded: string): number => (folded === '' ? 0 : folded.split(' ').length);

const toPassage = (row: PassageRow): StoredPassage => ({ seq: row.seq, number: row.number, heading: row.heading, text: row.text });
