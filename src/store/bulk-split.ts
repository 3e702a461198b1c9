/**
 * A new store file bulk-loaded on two threads, for when one thread is the limit (the bench's 1M-paper
 * load): the thread that reads the papers also writes them, with a PapersFileLoader, into the file that
 * becomes the store, while a TextLoader indexes their text into a scratch file of its own; at the end the
 * merged full-text index is copied into the store (a third of the papers' bytes). SQLite gives each file
 * one writer at a time, so two files are what lets the two run at once.
 */
import Database from 'better-sqlite3';
import { openDb, type Db } from './db.ts';
import { dropPaperIndexes, INSERT_PAPER, INSERT_TEXT, insertTrigger, relaxForBulk, textRow, type TextRow } from './bulk.ts';

/**
 * The papers half: bulkRow() rows into the papers table of a new store file, with no full-text index, on
 * the thread that reads them. Each batch returns the text rows of the papers it inserted, for the
 * TextLoader; finish() builds the papers' indexes, puts the insert trigger back and closes the file,
 * a store whose full-text index is still empty until TextLoader.finish() copies it in.
 */
export class PapersFileLoader {
  read = 0;
  inserted = 0;
  private readonly db: Db;
  private readonly insertPaper;
  private readonly trigger: string;
  private readonly indexes: readonly string[];

  path: string;

  constructor(path: string) {
    this.path = path;
    this.db = openDb(path);
    if ((this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n > 0)
      throw new Error(`PapersFileLoader: ${path} already has papers`);
    this.db.pragma('synchronous = OFF');
    this.db.pragma('journal_mode = MEMORY');
    // Its writes are appends: a small page cache keeps the load's peak RSS down (and measured no slower).
    this.db.pragma('cache_size = -32768');
    this.trigger = insertTrigger(this.db);
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
      for (const sql of [...this.indexes, this.trigger]) this.db.exec(sql);
    } finally {
      this.db.close();
    }
  }
}

/**
 * The full-text half: TextRows into papers_fts of a new scratch file (a store schema, no papers) while a
 * PapersFileLoader writes the papers into the store file. Then mergeIndex() (which can run while that
 * file's indexes are built) and finish(), which copies the merged index into the store file.
 */
export class TextLoader {
  inserted = 0;
  private merged = false;
  private readonly db: Db;
  private readonly insertText;

  private readonly path: string;

  constructor(path: string) {
    this.path = path;
    this.db = openDb(path);
    if ((this.db.prepare('SELECT count(*) AS n FROM papers_fts_docsize').get() as { n: number }).n > 0)
      throw new Error(`TextLoader is for a new, empty file; ${path} has an index`);
    this.insertText = this.db.prepare(INSERT_TEXT);
    // Never restored: the file is scratch, and its settings stay behind when the index is copied out.
    relaxForBulk(this.db, 'new file');
    // As PapersFileLoader's: 64 MB instead of BulkLoader's 256 MB cut the peak RSS by ~0.3 GB at 1M papers.
    this.db.pragma('cache_size = -65536');
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

  /**
   * Call once at the end, also after an error (without `storeFile` then): closes the scratch file; given the
   * store file a PapersFileLoader finished, first merges the index and copies it in. The scratch file is
   * the caller's to delete.
   */
  finish(storeFile?: string): void {
    try {
      if (storeFile !== undefined && !this.merged) this.mergeIndex();
    } finally {
      this.db.close();
    }
    if (storeFile !== undefined) copyFullTextIndex(this.path, storeFile, this.inserted);
  }
}

/** The shadow tables that hold papers_fts's index. papers_fts_config is left as the store file has it. */
const INDEX_TABLES = ['papers_fts_data', 'papers_fts_idx', 'papers_fts_docsize'] as const;

/**
 * Replaces the store file's (empty) full-text index by the one in `textFile`, table by table: INSERT …
 * SELECT * between identical tables copies the records as they are. The store keeps its own
 * papers_fts_config, which is what a store made by openDb() holds (FTS5's format version, no bulk-load
 * settings); the index's format version must be the same. Ends with the store in WAL mode, as openDb() sets it.
 */
function copyFullTextIndex(textFile: string, storeFile: string, documents: number): void {
  // Not openDb(), whose switch to WAL would first sync the whole file (0.8 s at 200k papers). A new
  // connection, too, that has not read papers_fts: FTS5 caches the index's structure per connection.
  const db = new Database(storeFile, { fileMustExist: true });
  try {
    db.pragma('synchronous = OFF');
    db.pragma('journal_mode = MEMORY');
    db.prepare('ATTACH ? AS text').run(textFile);
    try {
      const version = (schema: string) => db.prepare(`SELECT v FROM ${schema}.papers_fts_config WHERE k = 'version'`).pluck().get();
      if (version('main') !== version('text'))
        throw new Error(`copyFullTextIndex: ${textFile} has FTS5 format ${version('text')}, ${storeFile} ${version('main')}`);
      const papers = db.prepare('SELECT count(*) FROM main.papers').pluck().get() as number;
      if (papers !== documents) throw new Error(`copyFullTextIndex: ${storeFile} holds ${papers} papers, ${documents} were indexed`);
      // better-sqlite3's connections are DEFENSIVE, which makes FTS5's shadow tables read-only to SQL.
      db.unsafeMode(true);
      try {
        db.transaction(() => {
          for (const table of INDEX_TABLES) {
            db.exec(`DELETE FROM main.${table}`);
            const { changes } = db.prepare(`INSERT INTO main.${table} SELECT * FROM text.${table}`).run();
            if (table === 'papers_fts_docsize' && changes !== documents)
              throw new Error(`copyFullTextIndex: ${textFile} indexes ${changes} papers, not ${documents}`);
          }
        })();
      } finally {
        db.unsafeMode(false);
      }
    } finally {
      db.exec('DETACH text');
    }
    db.pragma('journal_mode = WAL');
  } finally {
    db.close();
  }
}
