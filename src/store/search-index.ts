/**
 * SQL behind the fast search path (src/search/): FTS5's own bookkeeping read from its shadow tables
 * (row count and token totals, each row's length, the structure record that changes with every write),
 * the impact lists, and the small queries that check and complete candidates.
 */
import type { Db } from './db.ts';
import { rowToPaper } from './papers.ts';
import { decodeIds, decodeWeights, encodeIds, encodeWeights } from './postings-codec.ts';
import type { Paper } from './types.ts';

/** A paper's text per papers_fts column, exactly as the papers_fts_insert trigger writes it. */
export type ColumnTexts = readonly [title: string, abstract: string, authors: string, organization: string, keywords: string];

export interface PaperText {
  readonly id: number;
  readonly columns: ColumnTexts;
}

/** A candidate's text with what its ranking and date filters need. */
export interface CandidateText extends PaperText {
  /** The date since: and before: compare: published, else first seen (YYYY-MM-DD). */
  readonly day: string;
  readonly upvotes: number;
}

interface TextRow {
  id: number;
  title: string;
  abstract: string;
  authors: string;
  org_slug: string | null;
  org_name: string | null;
  keywords: string;
}

const listText = (json: string): string => {
  const values = JSON.parse(json) as unknown;
  return Array.isArray(values) ? values.map(String).join(', ') : '';
};

const toPaperText = (row: TextRow): PaperText => ({
  id: row.id,
  columns: [row.title, row.abstract, listText(row.authors), `${row.org_slug ?? ''} ${row.org_name ?? ''}`.trim(), listText(row.keywords)],
});

/** SQLite's varint: big-endian groups of 7 bits, the 9th byte whole (FTS5 writes its sizes with it). */
export function readVarints(blob: Uint8Array): number[] {
  const values: number[] = [];
  for (let at = 0; at < blob.length;) {
    let value = 0;
    let i = 0;
    for (; i < 8; i++) {
      const byte = blob[at + i]!;
      value = value * 128 + (byte & 0x7f);
      if (byte < 0x80) break;
    }
    if (i === 8) value = value * 256 + blob[at + 8]!;
    at += i + 1;
    values.push(value);
  }
  return values;
}

// Typed arrays are stored in the machine's byte order: the store file never moves between machines of
// another order in practice (x86 and ARM are both little-endian).
const bytesOf = (array: Int32Array | Uint16Array): Buffer => Buffer.from(array.buffer, array.byteOffset, array.byteLength);
const copyOut = (blob: Buffer): ArrayBuffer => blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength) as ArrayBuffer;
const int32s = (blob: Buffer): Int32Array => new Int32Array(copyOut(blob));

export interface SearchIndexMeta {
  readonly ftsVersion: Buffer;
  readonly depth: number;
  readonly papers: number;
}

export interface DateRange {
  readonly since?: string | undefined;
  readonly before?: string | undefined;
}

const PAPER_DATE = 'coalesce(p.published_at, substr(p.first_seen_at, 1, 10))';

export class SearchIndexRepo {
  private readonly statements;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    const ids = 'SELECT value FROM json_each(@ids)';
    this.statements = {
      averages: db.prepare<[], { block: Buffer }>('SELECT block FROM papers_fts_data WHERE id = 1'),
      structure: db.prepare<[], { block: Buffer }>('SELECT block FROM papers_fts_data WHERE id = 10'),
      docsize: db.prepare<{ ids: string }, { id: number; sz: Buffer }>(`SELECT id, sz FROM papers_fts_docsize WHERE id IN (${ids})`),
      meta: db.prepare<[], { fts_version: Buffer; depth: number; papers: number }>(
        'SELECT fts_version, depth, papers FROM search_index WHERE id = 1',
      ),
      term: db.prepare<[string], { df: number; entries: Buffer }>('SELECT df, entries FROM search_terms WHERE term = ?'),
      postings: db.prepare<[string], { count: number; ids: Buffer; weights: Buffer }>(
        'SELECT count, ids, weights FROM search_postings WHERE term = ?',
      ),
      lengths: db.prepare<[], { lengths: Buffer | null }>('SELECT lengths FROM search_index WHERE id = 1'),
      candidates: db.prepare<{ ids: string }, TextRow & { day: string; upvotes: number }>(
        `SELECT id, title, abstract, authors, org_slug, org_name, keywords, upvotes, ${PAPER_DATE} AS day FROM papers p WHERE id IN (${ids})`,
      ),
      upvotes: db.prepare<{ ids: string }, { id: number; upvotes: number }>(`SELECT id, upvotes FROM papers WHERE id IN (${ids})`),
      papers: db.prepare<{ ids: string }, Parameters<typeof rowToPaper>[0]>(`SELECT * FROM papers WHERE id IN (${ids})`),
      texts: db.prepare<[number, number], TextRow>(
        'SELECT id, title, abstract, authors, org_slug, org_name, keywords FROM papers WHERE id BETWEEN ? AND ? ORDER BY id',
      ),
      idAt: db.prepare<[number], { id: number }>('SELECT id FROM papers ORDER BY id LIMIT 1 OFFSET ?'),
      matching: db.prepare<{ match: string; limit: number }, { id: number }>(
        'SELECT rowid AS id FROM papers_fts WHERE papers_fts MATCH @match LIMIT @limit',
      ),
      matchIds: db.prepare<[string], number>('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid').pluck(),
      scored: db.prepare<{ match: string; limit: number }, { id: number; score: number; sz: Buffer }>(
        `SELECT f.rowid AS id, bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0) AS score, d.sz FROM papers_fts f
         JOIN papers_fts_docsize d ON d.id = f.rowid WHERE papers_fts MATCH @match LIMIT @limit`,
      ),
      countIn: db.prepare<{ match: string; from: bigint; to: bigint }, { n: number }>(
        'SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH @match AND rowid BETWEEN @from AND @to',
      ),
      count: db.prepare<{ match: string; cap: number }, { n: number }>(
        'SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH @match LIMIT @cap)',
      ),
      countDated: db.prepare<{ match: string; cap: number; since: string | null; before: string | null }, { n: number }>(
        `SELECT count(*) AS n FROM (SELECT 1 FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE papers_fts MATCH @match
           AND (@since IS NULL OR ${PAPER_DATE} >= @since) AND (@before IS NULL OR ${PAPER_DATE} < @before) LIMIT @cap)`,
      ),
      verify: db.prepare<{ match: string; ids: string; since: string | null; before: string | null }, { id: number }>(
        `SELECT p.id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
         WHERE papers_fts MATCH @match AND papers_fts.rowid IN (${ids})
           AND (@since IS NULL OR ${PAPER_DATE} >= @since) AND (@before IS NULL OR ${PAPER_DATE} < @before)`,
      ),
    };
  }

  /** Rows in papers_fts and their average length in tokens (all columns), as bm25 sees them. */
  totals(): { rows: number; averageLength: number } {
    const block = this.statements.averages.get()?.block;
    if (!block) return { rows: 0, averageLength: 0 };
    const [rows = 0, ...columns] = readVarints(block);
    return { rows, averageLength: rows > 0 ? columns.reduce((a, b) => a + b, 0) / rows : 0 };
  }

  /** papers_fts's structure record: any write to the full-text index changes it. */
  ftsVersion(): Buffer {
    return this.statements.structure.get()?.block ?? Buffer.alloc(0);
  }

  /** Each row's length in tokens, all columns together. */
  lengths(ids: readonly number[]): Map<number, number> {
    const lengths = new Map<number, number>();
    for (const { id, sz } of this.statements.docsize.all({ ids: JSON.stringify(ids) }))
      lengths.set(
        id,
        readVarints(sz).reduce((a, b) => a + b, 0),
      );
    return lengths;
  }

  meta(): SearchIndexMeta | undefined {
    const row = this.statements.meta.get();
    return row && { ftsVersion: row.fts_version, depth: row.depth, papers: row.papers };
  }

  term(term: string): { df: number; entries: Buffer } | undefined {
    return this.statements.term.get(term);
  }

  /** A term's complete postings, when its impact list leaves papers out. */
  postings(term: string): { ids: Int32Array; weights: Uint16Array } | undefined {
    const row = this.statements.postings.get(term);
    return row && { ids: decodeIds(row.ids, row.count), weights: decodeWeights(row.weights, row.count) };
  }

  /** Every paper's length in tokens, by id, as of the last build. */
  paperLengths(): Int32Array | undefined {
    const blob = this.statements.lengths.get()?.lengths;
    return blob ? int32s(blob) : undefined;
  }

  candidates(ids: readonly number[]): CandidateText[] {
    return this.statements.candidates
      .all({ ids: JSON.stringify(ids) })
      .map((row) => ({ ...toPaperText(row), day: row.day, upvotes: row.upvotes }));
  }

  /** Papers by id, in the order asked. */
  papers(ids: readonly number[]): Paper[] {
    const byId = new Map(this.statements.papers.all({ ids: JSON.stringify(ids) }).map((row) => [row.id, rowToPaper(row)]));
    return ids.map((id) => byId.get(id)).filter((p): p is Paper => p !== undefined);
  }

  upvotes(ids: readonly number[]): Map<number, number> {
    return new Map(this.statements.upvotes.all({ ids: JSON.stringify(ids) }).map((r) => [r.id, r.upvotes]));
  }

  /** Ids that cut the papers into `parts` runs of about equal size: part i is [bounds[i], bounds[i + 1]). */
  idBounds(parts: number): number[] {
    const { rows } = this.totals();
    const inner = Array.from(
      { length: parts - 1 },
      (_, i) => this.statements.idAt.get(Math.floor(((i + 1) * rows) / parts))?.id ?? Number.MAX_SAFE_INTEGER,
    );
    return [0, ...inner, Number.MAX_SAFE_INTEGER];
  }

  /** The text of the papers with ids in [from, to), read in one snapshot, with that snapshot's index version and totals. */
  scan<T>(
    range: { from: number; to: number },
    read: (snapshot: { version: Buffer; rows: number; averageLength: number }, papers: Iterable<PaperText>) => T,
  ): T {
    this.db.exec('BEGIN');
    try {
      const snapshot = { version: this.ftsVersion(), ...this.totals() };
      return read(
        snapshot,
        (function* (rows) {
          for (const row of rows) yield toPaperText(row);
        })(this.statements.texts.iterate(range.from, range.to - 1)),
      );
    } finally {
      this.db.exec('COMMIT');
    }
  }

  /**
   * Replaces every list and postings at once; false (and nothing written) when papers_fts changed since
   * `meta.ftsVersion`.
   */
  replace(
    meta: SearchIndexMeta,
    lengths: Int32Array,
    lists: Iterable<readonly [term: string, df: number, entries: Buffer, postings: { ids: Int32Array; weights: Uint16Array } | undefined]>,
  ): boolean {
    const insert = this.db.prepare('INSERT INTO search_terms (term, df, entries) VALUES (?, ?, ?)');
    const insertPostings = this.db.prepare('INSERT INTO search_postings (term, count, ids, weights) VALUES (?, ?, ?, ?)');
    return this.db
      .transaction(() => {
        if (!this.ftsVersion().equals(meta.ftsVersion)) return false;
        this.db.exec('DELETE FROM search_terms; DELETE FROM search_postings');
        for (const [term, df, entries, postings] of lists) {
          insert.run(term, df, entries);
          if (postings) insertPostings.run(term, postings.ids.length, encodeIds(postings.ids), encodeWeights(postings.weights));
        }
        this.db
          .prepare('INSERT OR REPLACE INTO search_index (id, fts_version, depth, papers, built_at, lengths) VALUES (1, ?, ?, ?, ?, ?)')
          .run(meta.ftsVersion, meta.depth, meta.papers, new Date().toISOString(), bytesOf(lengths));
        return true;
      })
      .immediate();
  }

  /** Up to `limit` ids matching an FTS5 expression, unranked. */
  matching(match: string, limit: number): number[] {
    return this.statements.matching.all({ match, limit }).map((r) => r.id);
  }

  /** Every match of an expression, ids ascending. */
  matchIds(match: string): Int32Array {
    return Int32Array.from(this.statements.matchIds.all(match));
  }

  /** Every match of an expression (up to `limit`) with its bm25 score (papers_fts weights) and length in tokens. */
  scored(match: string, limit: number): { id: number; score: number; length: number }[] {
    return this.statements.scored
      .all({ match, limit })
      .map(({ id, score, sz }) => ({ id, score, length: readVarints(sz).reduce((a, b) => a + b, 0) }));
  }

  /** How many papers match (within the dates), counting no further than `cap` (-1: no cap). */
  count(match: string, dates: DateRange, cap = -1): number {
    if (!dates.since && !dates.before) return this.statements.count.get({ match, cap })!.n;
    return this.statements.countDated.get({ match, cap, since: dates.since ?? null, before: dates.before ?? null })!.n;
  }

  /** How many papers with ids in [from, to] match (ids bound as integers: FTS5 ignores a rowid bound given as a REAL). */
  countIn(match: string, from: number, to: number): number {
    return this.statements.countIn.get({ match, from: BigInt(from), to: BigInt(to) })!.n;
  }

  /** Which of `ids` match the expression and the date range. */
  verify(match: string, ids: readonly number[], dates: DateRange): Set<number> {
    const rows = this.statements.verify.all({ match, ids: JSON.stringify(ids), since: dates.since ?? null, before: dates.before ?? null });
    return new Set(rows.map((r) => r.id));
  }
}
