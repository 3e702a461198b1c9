/**
 * The PostgreSQL store (DATABASE_URL=postgres://…): today its papers and their search, digest and note claims,
 * leases and seen events (contract.ts).
 */
import type { SharedStore } from '../contract.ts';
import { PgDigestClaims } from './claims.ts';
import { migratePg, openPool, type PgPool } from './db.ts';
import { PgSeenEvents } from './events.ts';
import { PgLeases } from './leases.ts';
import { PgPaperRepo } from './papers.ts';
import { PgSearch } from './search.ts';

export class PgStore implements SharedStore {
  readonly kind = 'postgres' as const;
  readonly papers: PgPaperRepo;
  readonly search: PgSearch;
  readonly digests: PgDigestClaims;
  readonly leases: PgLeases;
  readonly events: PgSeenEvents;
  readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
    this.papers = new PgPaperRepo(pool);
    this.search = new PgSearch(pool, this.papers);
    this.digests = new PgDigestClaims(pool);
    this.leases = new PgLeases(pool);
    this.events = new PgSeenEvents(pool);
  }

  /** Connects and applies pending migrations; a database that cannot be reached or migrated is refused here. */
  static async open(url: string, options: { maxConnections?: number } = {}): Promise<PgStore> {
    const pool = openPool(url, options.maxConnections);
    try {
      await migratePg(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PgStore(pool);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
