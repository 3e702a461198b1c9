/** The PostgreSQL store (DATABASE_URL=postgres://…): today its papers and their search (contract.ts). */
import type { SharedStore } from '../contract.ts';
import { migratePg, openPool, type PgPool } from './db.ts';
import { PgPaperRepo } from './papers.ts';
import { PgSearch } from './search.ts';

export class PgStore implements SharedStore {
  readonly kind = 'postgres' as const;
  readonly papers: PgPaperRepo;
  readonly search: PgSearch;
  readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
    this.papers = new PgPaperRepo(pool);
    this.search = new PgSearch(pool, this.papers);
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
