import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import type { Listing, ParsedPaper, SourceKind } from '../sources/types.ts';
import type { ListingAppearance, Paper } from './types.ts';
import { listingsByDay } from '../sources/days.ts';
import { titleKey } from '../sources/normalize.ts';
import { insertStatements, NewPapers } from './new-papers.ts';
import { recordChanges } from './paper-events.ts';
import { capped, merge, MERGED_COLUMNS, rowToPaper, type Merged, type PaperRow, type Trimmed } from './paper-merge.ts';

export { rowToPaper, TEXT_CAPS, type Trimmed } from './paper-merge.ts';

export type MergeOutcome = 'new' | 'updated' | 'unchanged';
export interface IngestCounts {
  new: number;
  updated: number;
  unchanged: number;
  /** Texts cut to TEXT_CAPS; absent when none was. */
  trimmed?: Trimmed[];
}

/** Where a bulk file's ingest stands: committed with each batch, so an interrupted run continues from here. */
export interface Checkpoint {
  /** The file's identity (its size and a hash of its head): the same file under another name resumes too. */
  readonly identity: string;
  readonly origin: string;
  /** Bytes and lines of the file consumed by committed batches. */
  readonly offset: number;
  readonly line: number;
  /** Papers committed so far, over every run of this file. */
  readonly papers: number;
}

/** A bulk batch's options: its first-seen time, and the checkpoint (or the finished file's listing) to commit with it. */
export interface BatchOptions {
  readonly seenAt: Date;
  /** Papers new to the store count as first seen when first published (a backfill is not news); default: seenAt. */
  readonly firstSeen?: 'seen' | 'published';
  readonly checkpoint?: Checkpoint;
  /** The file is done: its checkpoint goes and a listing record (no per-paper links) stays. */
  readonly finished?: { readonly identity: string; readonly origin: string; readonly papers: number };
}

/** FTS5's documented defaults, and a bulk load's: no merging until the load is done (1999 is crisismerge's ceiling). */
const DEFAULT_MERGING = { automerge: 4, crisismerge: 16 } as const;
const BULK_MERGING = { automerge: 0, crisismerge: 1999 } as const;

/** Papers and listings: the only SQL for them. Each listing is ingested in one transaction. */
export class PaperRepo {
  private readonly byId;
  private readonly byArxiv;
  private readonly byTitleKey;
  private readonly byTitleKeyWithoutId;
  private readonly insertMany: (rows: number) => Statement<unknown[]>;
  private readonly unfinishedBulk;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.byId = db.prepare<[number], PaperRow>('SELECT * FROM papers WHERE id = ?');
    this.byArxiv = db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE arxiv_id = ?');
    this.byTitleKey = db.prepare<[string], PaperRow>(
      'SELECT * FROM papers WHERE title_key = ? ORDER BY arxiv_id IS NOT NULL DESC, id LIMIT 1',
    );
    this.byTitleKeyWithoutId = db.prepare<[string], PaperRow>(
      'SELECT * FROM papers WHERE title_key = ? AND arxiv_id IS NULL ORDER BY id LIMIT 1',
    );
    this.insertMany = insertStatements(db);
    this.unfinishedBulk = db.prepare('SELECT 1 FROM ingest_checkpoints LIMIT 1').pluck();
  }

  get(id: number): Paper | undefined {
    const row = this.byId.get(id);
    return row ? rowToPaper(row) : undefined;
  }

  getByArxivId(arxivId: string): Paper | undefined {
    const row = this.byArxiv.get(arxivId);
    return row ? rowToPaper(row) : undefined;
  }

  /** Papers by id, in the order asked; ids that no longer exist are left out. */
  getMany(ids: readonly number[]): Paper[] {
    return ids.map((id) => this.get(id)).filter((p): p is Paper => p !== undefined);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  }

  /** Titles containing every word of `fragment` (case-insensitive), best known first. */
  findByTitle(fragment: string, limit = 10): Paper[] {
    const words = fragment.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    if (words.length === 0) return [];
    const where = words.map(() => 'instr(lower(title), ?) > 0').join(' AND ');
    const rows = this.db
      .prepare(`SELECT * FROM papers WHERE ${where} ORDER BY upvotes DESC, published_at DESC LIMIT ?`)
      .all(...words, limit) as PaperRow[];
    return rows.map(rowToPaper);
  }

  /** Ingests one parsed listing atomically: either every paper and the listing record land, or nothing does. */
  ingestListing(listing: Listing, origin: string, contentHash: string, seenAt: Date = new Date()): IngestCounts {
    // A file spanning several days (HF ?week=) is stored as one listing per day, so each day can be replayed.
    const days = listingsByDay(listing);
    // IMMEDIATE: a transaction that reads first and writes later fails at once when another process (the bot)
    // writes in between; taking the write lock up front waits for it instead.
    return this.db
      .transaction(() => {
        // A bulk load that was interrupted left FTS5's merging off: an ordinary ingest puts it back (a resumed load turns it off again).
        if (this.unfinishedBulk.get()) this.ftsConfig(DEFAULT_MERGING);
        return days.map((day) => this.ingestInTransaction(day, origin, contentHash, seenAt)).reduce(addCounts);
      })
      .immediate();
  }

  /**
   * One batch of a bulk file in one transaction, with the file's checkpoint (or, after its last batch, its
   * listing record): an interruption loses at most the batch in flight, and a re-run starts after the last
   * committed one. Papers are not linked to a listing (a snapshot of millions of papers is not a day's list).
   */
  ingestBatch(papers: readonly ParsedPaper[], source: SourceKind, options: BatchOptions): IngestCounts {
    return this.db
      .transaction(() => {
        const at = options.seenAt.toISOString();
        // FTS5's merging is off exactly while a checkpoint is stored: a load killed part-way cannot leave it off unseen.
        if (options.checkpoint) this.ftsConfig(BULK_MERGING);
        const { counts } = this.upsertAll(papers, source, null, at, options.firstSeen ?? 'seen');
        if (options.checkpoint) this.saveCheckpoint(options.checkpoint, at);
        if (options.finished) {
          const { identity, origin, papers: total } = options.finished;
          this.db.prepare('DELETE FROM ingest_checkpoints WHERE identity = ?').run(identity);
          this.recordListing(source, null, origin, identity, at, total);
          this.ftsConfig(DEFAULT_MERGING);
        }
        return counts;
      })
      .immediate();
  }

  /**
   * For the length of a bulk ingest: a page cache large enough for the papers' indexes (SQLite's default
   * 2 MB made every insert into a large store read index pages back), a WAL checkpointed every 256 MB rather
   * than every 4 MB (an index page changed by every batch is copied into the database once, not once per
   * batch). FTS5's incremental merging is off while the load's batches come (ingestBatch): merged level by
   * level, each posting of a big load is rewritten several times, while one merge at the end (mergeIndexStep)
   * writes it once. Returns the undo, which also puts FTS5's defaults back.
   */
  bulkSession(): () => void {
    const cacheSize = this.db.pragma('cache_size', { simple: true }) as number;
    this.db.pragma('cache_size = -131072');
    const walPages = this.db.pragma('wal_autocheckpoint', { simple: true }) as number;
    this.db.pragma('wal_autocheckpoint = 65536');
    return () => {
      this.ftsConfig(DEFAULT_MERGING);
      this.db.pragma(`cache_size = ${cacheSize}`);
      this.db.pragma(`wal_autocheckpoint = ${walPages}`);
    };
  }

  /** FTS5 takes its settings as integer literals (a bound JavaScript number arrives as a real, which it refuses). */
  private ftsConfig(settings: Readonly<Record<string, number>>): void {
    for (const [key, value] of Object.entries(settings)) {
      this.db.exec(`INSERT INTO papers_fts(papers_fts, rank) VALUES ('${key}', ${Math.trunc(value)})`);
    }
  }

  /**
   * One step of merging the full-text index's segments into one (FTS5's 'merge' with a negative page count),
   * in a transaction of its own so that other writers wait at most one step. After a large load, searches
   * read one segment instead of dozens. Returns false when there was nothing left to merge.
   */
  mergeIndexStep(): boolean {
    const total = this.db.prepare('SELECT total_changes()').pluck();
    const before = total.get() as number;
    this.db.exec("INSERT INTO papers_fts(papers_fts, rank) VALUES ('merge', -2000)");
    return (total.get() as number) - before >= 2;
  }

  /** The checkpoint of an interrupted bulk ingest of the file with this identity, if any. */
  checkpoint(identity: string): Checkpoint | undefined {
    return this.db
      .prepare('SELECT identity, origin, byte_offset AS offset, line, papers FROM ingest_checkpoints WHERE identity = ?')
      .get(identity) as Checkpoint | undefined;
  }

  private saveCheckpoint(c: Checkpoint, at: string): void {
    this.db
      .prepare(
        `INSERT INTO ingest_checkpoints (identity, origin, byte_offset, line, papers, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (identity) DO UPDATE SET origin = excluded.origin, byte_offset = excluded.byte_offset, line = excluded.line,
         papers = excluded.papers, updated_at = excluded.updated_at`,
      )
      .run(c.identity, c.origin, c.offset, c.line, c.papers, at);
  }

  private ingestInTransaction(listing: Listing, origin: string, contentHash: string, seenAt: Date): IngestCounts {
    const at = seenAt.toISOString();
    const { counts, ids } = this.upsertAll(listing.papers, listing.source, listing.listingDate, at, 'seen');
    const existing = this.db
      .prepare('SELECT id, content_hash FROM listings WHERE source = ? AND origin = ? AND listing_date IS ?')
      .get(listing.source, origin, listing.listingDate) as { id: number; content_hash: string } | undefined;
    if (existing?.content_hash === contentHash) return counts;
    const listingId = this.recordListing(listing.source, listing.listingDate, origin, contentHash, at, ids.length);
    const link = this.db.prepare('INSERT OR IGNORE INTO listing_papers (listing_id, paper_id, position) VALUES (?, ?, ?)');
    ids.forEach((paperId, index) => link.run(listingId, paperId, index + 1));
    return counts;
  }

  /** Creates or refreshes the listing record (dropping its old paper links); returns its id. */
  private recordListing(source: SourceKind, date: string | null, origin: string, hash: string, at: string, papers: number): number {
    const existing = this.db
      .prepare('SELECT id FROM listings WHERE source = ? AND origin = ? AND listing_date IS ?')
      .get(source, origin, date) as { id: number } | undefined;
    if (existing === undefined) {
      return Number(
        this.db
          .prepare('INSERT INTO listings (source, listing_date, origin, content_hash, ingested_at, paper_count) VALUES (?, ?, ?, ?, ?, ?)')
          .run(source, date, origin, hash, at, papers).lastInsertRowid,
      );
    }
    this.db
      .prepare('UPDATE listings SET content_hash = ?, ingested_at = ?, paper_count = ? WHERE id = ?')
      .run(hash, at, papers, existing.id);
    this.db.prepare('DELETE FROM listing_papers WHERE listing_id = ?').run(existing.id);
    return existing.id;
  }

  /**
   * Merges each paper into the store, in order; returns their ids and the counts. Papers new to the store
   * are inserted together by one statement, so FTS5 indexes the whole batch at once (one statement per
   * paper would make each a tiny index segment of its own, and run several times slower).
   */
  private upsertAll(papers: readonly ParsedPaper[], source: SourceKind, date: string | null, at: string, firstSeen: 'seen' | 'published') {
    const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0 };
    const trimmed: Trimmed[] = [];
    const ids: number[] = [];
    const pending = new NewPapers();
    const flush = () => pending.insert(this.insertMany).forEach(([slot, id]) => (ids[slot] = id));
    for (const original of papers) {
      const parsed = capped(original, trimmed);
      const key = titleKey(parsed.title);
      if (pending.has(parsed.arxivId, key)) flush();
      const row = this.findExisting(parsed, key);
      const merged = merge(row, parsed, source, date);
      if (!row) {
        const seen =
          firstSeen === 'published' && parsed.publishedAt && `${parsed.publishedAt}T00:00:00.000Z` < at
            ? `${parsed.publishedAt}T00:00:00.000Z`
            : at;
        pending.add(ids.length, parsed.arxivId, key, { ...merged, title_key: key, first_seen_at: seen, updated_at: at });
        ids.push(0);
        counts.new += 1;
        continue;
      }
      ids.push(row.id);
      const changed = MERGED_COLUMNS.filter((column) => merged[column] !== row[column]);
      if (changed.length === 0) {
        counts.unchanged += 1;
        continue;
      }
      const values = { ...pick(merged, changed), ...(changed.includes('title') ? { title_key: titleKey(String(merged.title)) } : {}) };
      const sets = [...Object.keys(values).map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ');
      this.db.prepare(`UPDATE papers SET ${sets} WHERE id = @id`).run({ ...values, updated_at: at, id: row.id });
      recordChanges(this.db, row, merged, parsed, at); // a discussed paper's new version, code, journal…: follow-ups
      counts.updated += 1;
    }
    flush();
    if (trimmed.length > 0) counts.trimmed = trimmed;
    return { counts, ids };
  }

  private findExisting(parsed: ParsedPaper, key: string): PaperRow | undefined {
    if (parsed.arxivId) {
      const row = this.byArxiv.get(parsed.arxivId);
      if (row) return row;
    }
    // A paper with an id (not stored under it) can only be one stored without an id.
    return parsed.arxivId ? this.byTitleKeyWithoutId.get(key) : this.byTitleKey.get(key);
  }

  appearances(paperId: number): ListingAppearance[] {
    return this.db
      .prepare(
        `SELECT l.source, l.listing_date AS listingDate, lp.position, l.origin FROM listing_papers lp
      JOIN listings l ON l.id = lp.listing_id WHERE lp.paper_id = ? ORDER BY l.listing_date DESC`,
      )
      .all(paperId) as ListingAppearance[];
  }
}

const pick = (merged: Merged, columns: readonly (keyof Merged)[]) => Object.fromEntries(columns.map((c) => [c, merged[c]]));

const addCounts = (a: IngestCounts, b: IngestCounts): IngestCounts => ({
  new: a.new + b.new,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
  ...(a.trimmed || b.trimmed ? { trimmed: [...(a.trimmed ?? []), ...(b.trimmed ?? [])] } : {}),
});
