/**
 * A new store file bulk-loaded on two threads, for when one thread is the limit (the bench's 1M-paper
 * load): the thread that reads the papers also writes them, with a PapersFileLoader, into a scratch file
 * of their own, while a TextLoader indexes their text into the store; at the end the store copies the
 * papers in. SQLite gives each file one writer at a time, so two files are what lets the two run at once.
 */
import { openDb, type Db } from './db.ts';
import { dropPaperIndexes, INSERT_PAPER, INSERT_TEXT, insertTrigger, relaxForBulk, textRow, type TextRow } from './bulk.ts';

/**
 * The papers half of a new store built on two threads: bulkRow() rows into the papers table of a scratch
 * file of their own (no full-text index), on the thread that reads them. Each batch returns the text rows
 * of the papers it inserted, for the store's TextLoader; finish() builds the papers' indexes and closes it.
 */
export class PapersFileLoader {
  read = 0;
  inserted = 0;
  private readonly db: Db;
  private readonly insertPaper;
  private readonly indexes: readonly string[];

  constructor(path: string) {
    this.db = openDb(path);
    if ((this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n > 0) throw new Error(`PapersFileLoader: ${path} already has papers`);
    this.db.pragma('synchronous = OFF');
    this.db.pragma('journal_mode = MEMORY');
    // Its writes are appends: a small page cache keeps the load's peak RSS down (and measured no slower).
    this.db.pragma('cache_size = -32768');
    this.db.exec('DROP TRIGGER papers_fts_insert');
    this.indexes = dropPaperIndexes(this.db);
    this.insertPaper = this.db.prepare(INSERT_PAPER);
  }

  insertBatch(rows: readonly (readonly unknown[])[]): TextRow[] {
    const texts: TextRow[] = [];
    this.db.transaction(() => {
      for (const row of rows) {
        const { changes, lastInsertRowid } = this.insertPaper.run(row);
        if (changes > 0) texts.push(textRow(lastInsertRowid, row));
      }
    })();
    this.read += rows.length;
    this.inserted += texts.length;
    return texts;
  }

  finish(): void {
    try {
      for (const sql of this.indexes) this.db.exec(sql);
    } finally {
      this.db.close();
    }
  }
}

/**
 * The full-text half: TextRows into a new, empty store file while a
 * PapersFileLoader writes the papers elsewhere. Then mergeIndex() (which can run while that file's indexes
 * are built) and finish(), which copies that file's papers in with their indexes: INSERT … SELECT * between
 * identical tables copies the records as they are, without re-indexing.
 */
export class TextLoader {
  inserted = 0;
  private merged = false;
  private readonly insertText;
  private readonly restore: () => void;

  constructor(private readonly db: Db) {
    if ((db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n > 0) throw new Error('TextLoader is for a new, empty store file; this one has papers');
    this.insertText = db.prepare(INSERT_TEXT);
    this.restore = relaxForBulk(db, 'new file');
    // As PapersFileLoader's: 64 MB instead of BulkLoader's 256 MB cut the peak RSS by ~0.3 GB at 1M papers.
    db.pragma('cache_size = -65536');
  }

  insertBatch(texts: readonly TextRow[]): void {
    this.db.transaction(() => {
      for (const text of texts) this.insertText.run(text);
    })();
    this.inserted += texts.length;
  }

  /** Merges the full-text index into one segment. */
  mergeIndex(): void {
    this.db.exec("INSERT INTO papers_fts(papers_fts) VALUES('optimize')");
    this.merged = true;
  }

  /** Call once at the end, also after an error (without `papersFile` then): copies the papers in, restores the settings. */
  finish(papersFile?: string): void {
    try {
      if (papersFile === undefined) return;
      if (!this.merged) this.mergeIndex();
      const trigger = insertTrigger(this.db);
      this.db.prepare('ATTACH ? AS loaded').run(papersFile);
      try {
        this.db.transaction(() => {
          this.db.exec('DROP TRIGGER papers_fts_insert');
          const { changes } = this.db.prepare('INSERT INTO main.papers SELECT * FROM loaded.papers').run();
          if (changes !== this.inserted) throw new Error(`TextLoader: ${papersFile} holds ${changes} papers, ${this.inserted} were indexed`);
          this.db.exec(trigger);
        })();
      } finally {
        this.db.exec('DETACH loaded');
      }
    } finally {
      this.restore();
    }
  }
}
