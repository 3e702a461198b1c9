/**
 * The bulk-load path for papers the store has never seen (benchmarks, backfills of old arXiv months).
 * It does NOT merge: a paper whose arXiv id is already stored is skipped and counted, left untouched.
 * Listings, with their merge rules and one transaction per file, go through PaperRepo.ingestListing.
 *
 * Speed comes from three things: many papers per transaction through one prepared statement; the full-text
 * rows of a batch written by one INSERT … SELECT after its papers, with the per-row trigger dropped inside
 * the transaction (FTS5 flushes its pending terms at every statement savepoint, so through the trigger each
 * paper would become a tiny index segment of its own); and index merging deferred to one pass at the end.
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
  'arxiv_id', 'title', 'title_key', 'abstract', 'authors', 'author_count', 'org_slug', 'org_name', 'published_at', 'upvotes', 'url',
  'pdf_url', 'github_repo', 'project_page', 'ai_summary', 'keywords', 'categories', 'comment', 'journal_ref', 'doi', 'first_seen_at', 'updated_at',
] as const;

/** One paper as the values of one row, in COLUMNS order. */
export function bulkRow(p: ParsedPaper, seenAt: string): unknown[] {
  return [
    p.arxivId, p.title, titleKey(p.title), p.abstract, JSON.stringify(p.authors), p.authorCount ?? (p.authors.length > 0 ? p.authors.length : null),
    p.organization?.slug ?? null, p.organization?.name ?? null, p.publishedAt, p.upvotes, p.url, p.pdfUrl ?? null, p.githubRepo ?? null,
    p.projectPage ?? null, p.aiSummary ?? null, JSON.stringify(p.keywords ?? []), JSON.stringify(p.categories ?? []), p.comment ?? null,
    p.journalRef ?? null, p.doi ?? null, seenAt, seenAt,
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

export interface BulkLoaderOptions {
  /**
   * The store is a new file that the caller discards unless the load completes (it builds it under a
   * temporary name and renames it into place): the journal in memory instead of the WAL, and the papers'
   * secondary indexes built once at the end instead of row by row. A crash mid-load can spoil this file,
   * never a store in use.
   */
  readonly newFile?: boolean;
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
  private readonly indexPapers;
  private readonly maxId;
  private readonly restore: () => void;
  private readonly newFile: boolean;

  constructor(private readonly db: Db, options: BulkLoaderOptions = {}) {
    this.newFile = !!options.newFile;
    this.trigger = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'papers_fts_insert'").get() as { sql: string }).sql;
    this.rowsBefore = (db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
    if (options.newFile && this.rowsBefore > 0) throw new Error('BulkLoader: newFile is for a new, empty store file; this one has papers');
    this.insertPaper = db.prepare(`INSERT OR IGNORE INTO papers (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
    this.indexPapers = db.prepare(ftsInsertFromTrigger(this.trigger));
    this.maxId = db.prepare<[], { m: number }>('SELECT coalesce(max(id), 0) AS m FROM papers');
    this.restore = relaxForBulk(db, !!options.newFile);
  }

  /** One transaction: the papers, then their full-text rows exactly as the insert trigger would write them. */
  insertBatch(rows: readonly (readonly unknown[])[]): void {
    this.db.transaction(() => {
      const before = this.maxId.get()!.m;
      this.db.exec('DROP TRIGGER papers_fts_insert');
      for (const row of rows) this.inserted += this.insertPaper.run(row).changes;
      this.indexPapers.run(before);
      this.db.exec(this.trigger);
    })();
    this.read += rows.length;
  }

  /** Restores the settings; merges the full-text index into one segment when this load at least doubled it. */
  finish(): void {
    const merge = () => {
      if (this.inserted > 0 && this.inserted >= this.rowsBefore) this.db.exec("INSERT INTO papers_fts(papers_fts) VALUES('optimize')");
    };
    // A new file merges before its journal is back: rewriting the whole index through the WAL would write it twice.
    if (this.newFile) {
      merge();
      this.restore();
    } else {
      this.restore();
      merge();
    }
  }
}

/** The trigger's `INSERT … VALUES (new.…)` as `INSERT … SELECT … FROM papers AS new WHERE new.id > ?`. */
function ftsInsertFromTrigger(trigger: string): string {
  const match = /BEGIN\s+(INSERT INTO papers_fts\s*\([^)]*\))\s*VALUES\s*\(([\s\S]*)\)\s*;\s*END\s*$/i.exec(trigger);
  if (!match) throw new Error('papers_fts_insert no longer has the shape the bulk loader expects; update src/store/bulk.ts');
  return `${match[1]} SELECT ${match[2]} FROM papers AS new WHERE new.id > ?`;
}

/** Relaxed durability, a big page cache and deferred FTS5 merging, for the duration of the load only. */
function relaxForBulk(db: Db, newFile: boolean): () => void {
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  const cacheSize = db.pragma('cache_size', { simple: true }) as number;
  const ftsConfig = new Map((db.prepare('SELECT k, v FROM papers_fts_config').all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
  // FTS5 wants these as SQL integers; a bound JS number arrives as a REAL, so they are written inline.
  const setFts = (key: string, value: number) => db.exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('${key}', ${Math.trunc(value)})`);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  setFts('hashsize', 128 * 1024 * 1024);
  setFts('automerge', 0);
  setFts('crisismerge', 1000);
  const restoreFile = newFile ? relaxNewFile(db) : () => {};
  return () => {
    restoreFile();
    db.pragma(`synchronous = ${synchronous}`);
    db.pragma(`cache_size = ${cacheSize}`);
    const defaults: Record<string, number> = { hashsize: 1024 * 1024, automerge: 4, crisismerge: 16 };
    for (const [key, fallback] of Object.entries(defaults)) setFts(key, Number(ftsConfig.get(key) ?? fallback));
  };
}

/** A new file only: the journal in memory (through the WAL every page is written twice), the papers' secondary indexes built at the end. */
function relaxNewFile(db: Db): () => void {
  const journal = db.pragma('journal_mode', { simple: true }) as string;
  const indexes = db.prepare<[], { sql: string; name: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'papers' AND sql IS NOT NULL").all();
  db.pragma('journal_mode = MEMORY');
  for (const { name } of indexes) db.exec(`DROP INDEX ${name}`);
  return () => {
    for (const { sql } of indexes) db.exec(sql);
    db.pragma(`journal_mode = ${journal}`);
  };
}
