/**
 * Named leases on PostgreSQL (contract.ts's LeaseStore). Taking one is a single conditional upsert: the
 * conflicting row is locked and the condition read again on its newest version, so of concurrent takers of a
 * free or lapsed lease exactly one gets it. Expiry is in epoch milliseconds from the caller's clock, as on
 * SQLite: replicas' clocks must agree to well within a lease's length (NTP does).
 */
import type { LeaseInfo } from '../digests.ts';
import type { LeaseStore } from '../contract.ts';
import type { PgPool } from './db.ts';

export class PgLeases implements LeaseStore {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async acquire(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`,
      [name, holder, now.getTime() + ttlMs, now.getTime()],
    );
    return result.rowCount === 1;
  }

  async renew(name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
    const result = await this.pool.query('UPDATE leases SET expires_at = $1 WHERE name = $2 AND holder = $3 AND expires_at > $4', [
      now.getTime() + ttlMs,
      name,
      holder,
      now.getTime(),
    ]);
    return result.rowCount === 1;
  }

  async release(name: string, holder: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM leases WHERE name = $1 AND holder = $2', [name, holder]);
    return result.rowCount === 1;
  }

  async get(name: string): Promise<LeaseInfo | undefined> {
    // bigint arrives as a string from pg: epoch milliseconds fit a double exactly.
    const { rows } = await this.pool.query<{ holder: string; expires_at: string }>(
      'SELECT holder, expires_at FROM leases WHERE name = $1',
      [name],
    );
    return rows[0] ? { holder: rows[0].holder, expiresAt: new Date(Number(rows[0].expires_at)) } : undefined;
  }
}
