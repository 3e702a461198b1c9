/**
 * Papers and listings on PostgreSQL: the only SQL for them there. Every public method of the SQLite
 * PaperRepo (../papers.ts), with its arguments, results and edge cases (Async<PaperRepo>), so contract.ts's
 * PaperStore too.
 */
import type { Listing, ParsedPaper, SourceKind } from '../../sources/types.ts';
import { listingsByDay } from '../../sources/days.ts';
import type { PaperStore } from '../contract.ts';
import { rowToPaper, type PaperRow } from '../paper-merge.ts';
import type { Async } from '../async.ts';
import type { BatchOptions, Checkpoint, IngestCounts, PaperRepo } from '../papers.ts';
import type { ListingAppearance, Paper } from '../types.ts';
import { inTransaction, type PgPool } from './db.ts';
import { PAPER_SELECT, upsertPapers } from './upsert.ts';

/** Ingests take turns (merging reads, then writes), whichever replica runs them: "ingest" in ASCII. */
const INGEST_LOCK = 0x696e67657374;

export class PgPaperRepo implements PaperStore, Async<PaperRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async get(id: number): Promise<Paper | undefined> {
    return (await this.getMany([id]))[0];
  }

  async getByArxivId(arxivId: string): Promise<Paper | undefined> {
    const { rows } = await this.pool.query<PaperRow>(`SELECT ${PAPER_SELECT} FROM papers WHERE arxiv_id = $1`, [arxivId]);
    return rows[0] ? rowToPaper(rows[0]) : undefined;
  }

  async getMany(ids: readonly number[]): Promise<Paper[]> {
    if (ids.length === 0) return [];
    const { rows } = await this.pool.query<PaperRow>(`SELECT ${PAPER_SELECT} FROM papers WHERE id = ANY($1::int[])`, [ids]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [rowToPaper(row)] : [];
    });
  }

  async count(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM papers');
    return rows[0]!.n;
  }

  /** Titles containing every word of `fragment` (case-insensitive), best known first. */
  async findByTitle(fragment: string, limit = 10): Promise<Paper[]> {
    const words = fragment.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    if (words.length === 0) return [];
    const where = words.map((_, i) => `strpos(lower(title), $${i + 1}) > 0`).join(' AND ');
    const { rows } = await this.pool.query<PaperRow>(
      `SELECT ${PAPER_SELECT} FROM papers WHERE ${where} ORDER BY upvotes DESC, published_at DESC NULLS LAST LIMIT $${words.length + 1}`,
      [...words, limit],
    );
    return rows.map(rowToPaper);
  }

  async appearances(paperId: number): Promise<ListingAppearance[]> {
    const { rows } = await this.pool.query<ListingAppearance>(
      `SELECT l.source, l.listing_date AS "listingDate", lp.position, l.origin FROM listing_papers lp
       JOIN listings l ON l.id = lp.listing_id WHERE lp.paper_id = $1 ORDER BY l.listing_date DESC NULLS LAST`,
      [paperId],
    );
    return rows;
  }

  async ingestListing(listing: Listing, origin: string, contentHash: string, seenAt: Date = new Date()): Promise<IngestCounts> {
    const at = seenAt.toISOString();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_LOCK]);
      let total: IngestCounts = { new: 0, updated: 0, unchanged: 0 };
      for (const day of listingsByDay(listing)) {
        const { counts, ids } = await upsertPapers(client, day.papers, day.source, day.listingDate, at);
        total = addCounts(total, counts);
        const existing = await findListing(client, day.source, origin, day.listingDate);
        if (existing?.content_hash === contentHash) continue;
        const listingId = await recordListing(client, existing?.id, {
          source: day.source,
          date: day.listingDate,
          origin,
          contentHash,
          at,
          papers: ids.length,
        });
        await client.query(
          `INSERT INTO listing_papers (listing_id, paper_id, position)
           SELECT $1, t.paper, t.position FROM unnest($2::int[]) WITH ORDINALITY AS t(paper, position) ON CONFLICT DO NOTHING`,
          [listingId, ids],
        );
      }
      return total;
    });
  }

  /**
   * One batch of a bulk file in one transaction, with the file's checkpoint (or, after its last batch, its
   * listing record, without per-paper links), as ../papers.ts ingestBatch.
   */
  async ingestBatch(papers: readonly ParsedPaper[], source: SourceKind, options: BatchOptions): Promise<IngestCounts> {
    const at = options.seenAt.toISOString();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [INGEST_LOCK]);
      const { counts } = await upsertPapers(client, papers, source, null, at, options.firstSeen ?? 'seen');
      const c = options.checkpoint;
      if (c)
        await client.query(
          `INSERT INTO ingest_checkpoints (identity, origin, byte_offset, line, papers, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (identity) DO UPDATE SET origin = excluded.origin, byte_offset = excluded.byte_offset, line = excluded.line,
           papers = excluded.papers, updated_at = excluded.updated_at`,
          [c.identity, c.origin, c.offset, c.line, c.papers, at],
        );
      if (options.finished) {
        const { identity, origin, papers: total } = options.finished;
        await client.query('DELETE FROM ingest_checkpoints WHERE identity = $1', [identity]);
        const existing = await findListing(client, source, origin, null);
        await recordListing(client, existing?.id, { source, date: null, origin, contentHash: identity, at, papers: total });
      }
      return counts;
    });
  }

  /** The checkpoint of an interrupted bulk ingest of the file with this identity, if any. */
  async checkpoint(identity: string): Promise<Checkpoint | undefined> {
    const { rows } = await this.pool.query<Checkpoint>(
      `SELECT identity, origin, byte_offset::float8 AS "offset", line, papers FROM ingest_checkpoints WHERE identity = $1`,
      [identity],
    );
    return rows[0];
  }

  /**
   * The SQLite store's bulk settings (page cache, WAL checkpoints, FTS5 merging) have no PostgreSQL
   * counterpart a client sets: the server's own settings hold for every pooled connection. Nothing to undo.
   */
  bulkSession(): () => void {
    return () => {};
  }

  /**
   * After a large load: moves the papers' GIN index's pending entries (fastupdate) into the index, so that
   * searches need not scan them. Returns false when there was nothing left to move.
   */
  async mergeIndexStep(): Promise<boolean> {
    const { rows } = await this.pool.query<{ pages: string }>("SELECT gin_clean_pending_list('papers_search'::regclass) AS pages");
    return Number(rows[0]!.pages) > 0;
  }
}

type Client = Parameters<Parameters<typeof inTransaction>[1]>[0];

async function findListing(client: Client, source: SourceKind, origin: string, date: string | null) {
  const { rows } = await client.query<{ id: number; content_hash: string }>(
    'SELECT id, content_hash FROM listings WHERE source = $1 AND origin = $2 AND listing_date IS NOT DISTINCT FROM $3',
    [source, origin, date],
  );
  return rows[0];
}

/** Creates or refreshes the listing record (dropping its old paper links); returns its id. */
async function recordListing(
  client: Client,
  existing: number | undefined,
  l: { source: SourceKind; date: string | null; origin: string; contentHash: string; at: string; papers: number },
): Promise<number> {
  if (existing === undefined) {
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO listings (source, listing_date, origin, content_hash, ingested_at, paper_count) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [l.source, l.date, l.origin, l.contentHash, l.at, l.papers],
    );
    return rows[0]!.id;
  }
  await client.query('UPDATE listings SET content_hash = $1, ingested_at = $2, paper_count = $3 WHERE id = $4', [
    l.contentHash,
    l.at,
    l.papers,
    existing,
  ]);
  await client.query('DELETE FROM listing_papers WHERE listing_id = $1', [existing]);
  return existing;
}

const addCounts = (a: IngestCounts, b: IngestCounts): IngestCounts => ({
  new: a.new + b.new,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
  ...(a.trimmed || b.trimmed ? { trimmed: [...(a.trimmed ?? []), ...(b.trimmed ?? [])] } : {}),
});
