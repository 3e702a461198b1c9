/** Platform deliveries already handled, on PostgreSQL (contract.ts's SeenEvents), shared by every replica. */
import type { SeenEvents } from '../contract.ts';
import type { ChatPlatform } from '../types.ts';
import type { PgPool } from './db.ts';

/** Slack retries an event for minutes and Discord ids are unique: a day of memory is plenty (as on SQLite). */
const SEEN_EVENTS_KEPT_MS = 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

export class PgSeenEvents implements SeenEvents {
  private readonly pool: PgPool;
  private nextPrune = 0;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  /** Of any number of replicas seeing one event id at once, exactly one inserts its row and is told true. */
  async firstSighting(platform: ChatPlatform, eventId: string, now: Date = new Date()): Promise<boolean> {
    if (now.getTime() >= this.nextPrune) {
      this.nextPrune = now.getTime() + PRUNE_EVERY_MS;
      await this.prune(new Date(now.getTime() - SEEN_EVENTS_KEPT_MS));
    }
    const { rows } = await this.pool.query(
      'INSERT INTO seen_events (platform, event_id, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1 AS new',
      [platform, eventId, now.toISOString()],
    );
    return rows.length === 1;
  }

  async prune(before: Date): Promise<number> {
    const result = await this.pool.query('DELETE FROM seen_events WHERE seen_at < $1', [before.toISOString()]);
    return result.rowCount ?? 0;
  }
}
