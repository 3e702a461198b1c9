/**
 * The bulk-load path for papers the store has never seen (benchmarks, backfills of old arXiv months).
 * It does NOT merge: a paper whose arXiv id is already stored is skipped and counted, left untouched.
 * Listings, with their merge rules and one transaction per file, go through PaperRepo.ingestListing.
 *
 * Speed comes from three things: many papers per transaction through prepared statements; each paper's
 * full-text row written by a plain INSERT with the texts the insert trigger would compute, computed here,
 * with the per-row trigger dropped inside the transaction (FTS5 flushes its pending terms at every
 * statement savepoint, so through the trigger each paper would become a tiny index segment of its own);
 * and index merging deferred to one pass at the end. bulk-split.ts builds a new store file on two threads.
 */
import type { ParsedPaper } from '../sources/types.ts';
import { titleKey } from '../sources/normalize.ts';
import type { Db } from './db.ts';

export interface BulkOptions {
  /** Papers per transaction (and per FTS5 segment). */
  readonly batch?: number;
  /** Their first-seen time; default now. */
  readonly seenAt?: Date;
  /** Called after each committed batch with the number of papers read so far. */
  readonly onBatch?: (read: number) => void;
}

export interface BulkResult {
  readonly read: number;
  readonly inserted: number;
  /** Papers whose arXiv id was already stored. */
  readonly skipped: number;
}

const COLUMNS = [
  'arxiv_id',
  'title',
  'title_key',
  'abstract',
  'authors',
  'author_count',
  'org_slug',
  'org_name',
  'published_at',
  'upvotes',
  'url',
  'pdf_url',
  'github_repo',
  'project_page',
  'ai_summary',
  'keywords',
  'categories',
  'comment',
  'journal_ref',
  'doi',
  'first_seen_at',
  'updated_at',
] as const;

/** One paper as the values of one row, in COLUMNS order. */
export function bulkRow(p: ParsedPaper, seenAt: string): unknown[] {
  return [
    p.arxivId,
    p.title,
    titleKey(p.title),
    p.abstract,
    JSON.stringify(p.authors),
    p.authorCount ?? (p.authors.length > 0 ? p.authors.length : null),
    p.organization?.slug ?? null,
    p.organization?.name ?? null,
    p.publishedAt,
    p.upvotes,
    p.url,
    p.pdfUrl ?? null,
    p.githubRepo ?? null,
    p.projectPage ?? null,
    p.aiSummary ?? null,
    JSON.stringify(p.keywords ?? []),
    JSON.stringify(p.categories ?? []),
    p.comment ?? null,
    p.journalRef ?? null,
    p.doi ?? null,
    seenAt,
    seenAt,
  ];
}

/** Inserts fresh papers from an iterable, `batch` at a time. */
export function bulkInsertPapers(db: Db, papers: Iterable<ParsedPaper>, options: BulkOptions = {}): BulkResult {
  const batchSize = options.batch ?? 25_000;
  const at = (options.seenAt ?? new Date()).toISOString();
  const loader = new BulkLoader(db);
  try {
    let rows: unknown[][] = [];
    for (const paper of papers) {
      rows.push(bulkRow(paper, at));
      if (rows.length === batchSize) {
        loader.insertBatch(rows);
        rows = [];
        options.onBatch?.(loader.read);
      }
    }
    if (rows.length > 0) loader.insertBatch(rows);
    options.onBatch?.(loader.read);
  } finally {
    loader.finish();
  }
  return { read: loader.read, inserted: loader.inserted, skipped: loader.read - loader.inserted };
}

/**
 * Batches of bulkRow() rows (another thread can prepare them).
 * Call finish() once at the end, also after an error: it restores the settings and merges the index.
 */
export class BulkLoader {
  read = 0;
  inserted = 0;
  private readonly rowsBefore: number;
  private readonly trigger: string;
  private readonly insertPaper;
  private readonly insertText;
  private readonly restore: () => void;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.trigger = insertTrigger(db);
    this.rowsBefore = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    this.insertPaper = db.prepare(INSERT_PAPER);
    this.insertText = db.prepare(INSERT_TEXT);
    this.restore = relaxForBulk(db, 'live store');
  }

  /** One transaction: the papers, then their full-text rows exactly as the insert trigger would write them. */
  insertBatch(rows: readonly (readonly unknown[])[]): void {
    this.db.transaction(() => {
      this.db.exec('DROP TRIGGER papers_fts_insert');
      const ids: (number | bigint)[] = [];
      for (const row of rows) {
        const { changes, lastInsertRowid } = this.insertPaper.run(row);
        ids.push(changes > 0 ? lastInsertRowid : 0);
      }
      // A loop of its own: FTS5's term hash stays in the CPU caches (interleaved with the papers' rows, it ran ~1.4× slower).
      rows.forEach((row, i) => {
        if (ids[i] === 0) return;
        this.inserted += 1;
        this.insertText.run(textRow(ids[i]!, row));
      });
      this.db.exec(this.trigger);
    })();
    this.read += rows.length;
  }

  /** Restores the settings; merges the full-text index into one segment when this load at least doubled it. */
  finish(): void {
    this.restore();
    if (this.inserted > 0 && this.inserted >= this.rowsBefore) this.db.exec("INSERT INTO papers_fts(papers_fts) VALUES('optimize')");
  }
}

/** One paper's papers_fts row: rowid, title, abstract, authors, organization, keywords. */
export type TextRow = readonly [id: number | bigint, ...texts: (string | null)[]];

export const INSERT_PAPER = `INSERT OR IGNORE INTO papers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
export const INSERT_TEXT = 'INSERT INTO papers_fts (rowid, title, abstract, authors, organization, keywords) VALUES (?, ?, ?, ?, ?, ?)';

/** The full-text row the insert trigger writes for a bulkRow() row stored under `id`. */
export function textRow(id: number | bigint, row: readonly unknown[]): TextRow {
  return [
    id,
    row[AT.title] as string,
    row[AT.abstract] as string,
    listText(row[AT.authors]),
    organizationText(row[AT.org_slug], row[AT.org_name]),
    listText(row[AT.keywords]),
  ];
}

/** The insert trigger's SQL, checked to be the one textRow() imitates. */
export function insertTrigger(db: Db): string {
  const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'papers_fts_insert'").get() as { sql: string })
    .sql;
  if (sql.replace(/\s+/g, ' ') !== INSERT_TRIGGER)
    throw new Error('papers_fts_insert is not the trigger the bulk loader imitates; update src/store/bulk.ts');
  return sql;
}

/** papers_fts_insert as migration 1 creates it (whitespace collapsed): what textRow() imitates. */
const INSERT_TRIGGER = `CREATE TRIGGER papers_fts_insert AFTER INSERT ON papers BEGIN
  INSERT INTO papers_fts(rowid, title, abstract, authors, organization, keywords) VALUES (
    new.id, new.title, new.abstract,
    (SELECT group_concat(value, ', ') FROM json_each(new.authors)),
    trim(coalesce(new.org_slug, '') || ' ' || coalesce(new.org_name, '')),
    (SELECT group_concat(value, ', ') FROM json_each(new.keywords)));
  END`.replace(/\s+/g, ' ');

const AT = Object.fromEntries(COLUMNS.map((column, i) => [column, i])) as Record<(typeof COLUMNS)[number], number>;

/** `group_concat(value, ', ')` over `json_each(list)`: NULL for an empty list. */
function listText(json: unknown): string | null {
  if (json === '[]') return null;
  const values = JSON.parse(json as string) as unknown[];
  return values.length > 0 ? values.join(', ') : null;
}

/** `trim(coalesce(slug, '') || ' ' || coalesce(name, ''))`: SQL's trim() takes spaces only. */
function organizationText(slug: unknown, name: unknown): string {
  const text = `${(slug as string | null) ?? ''} ${(name as string | null) ?? ''}`;
  let from = 0;
  let to = text.length;
  while (from < to && text[from] === ' ') from++;
  while (to > from && text[to - 1] === ' ') to--;
  return text.slice(from, to);
}

/**
 * Relaxed durability, a big page cache and deferred FTS5 merging, for the duration of the load only. A new
 * file ('new file') also gets its journal in memory: through the WAL every page is written twice.
 */
export function relaxForBulk(db: Db, mode: 'live store' | 'new file'): () => void {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const journal = db.pragma('journal_mode', { simple: true }) as string;
  const ftsConfig = new Map((db.prepare('SELECT k, v FROM papers_fts_config').all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
  // FTS5 wants these as SQL integers; a bound JS number arrives as a REAL, so they are written inline.
  const setFts = (key: string, value: number) =>
    db.exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('${key}', ${Math.trunc(value)})`);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  setFts('hashsize', 128 * 1024 * 1024);
  setFts('automerge', 0);
  setFts('crisismerge', 1000);
  if (mode !== 'live store') db.pragma('journal_mode = MEMORY');
  return () => {
    if (mode !== 'live store') db.pragma(`journal_mode = ${journal}`);
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
    const defaults: Record<string, number> = { hashsize: 1024 * 1024, automerge: 4, crisismerge: 16 };
    for (const [key, fallback] of Object.entries(defaults)) setFts(key, Number(ftsConfig.get(key) ?? fallback));
  };
}

/** Drops the papers' secondary indexes; returns the SQL that makes them again. */
export function dropPaperIndexes(db: Db): string[] {
  const indexes = db
    .prepare<[], { sql: string; name: string }>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'papers' AND sql IS NOT NULL",
    )
    .all();
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  return indexes.map((i) => i.sql);
}
