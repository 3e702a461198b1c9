/** Channels' daily digest settings on PostgreSQL: ../channels.ts's SubscriptionRepo, statement for statement. */
import type { Async } from '../async.ts';
import {
  subscriptionValues,
  toSubscription,
  type ChannelKey,
  type SubscriptionChange,
  type SubscriptionRepo,
  type SubscriptionRow,
} from '../channels.ts';
import type { Subscription } from '../types.ts';
import { inTransaction, type PgPool } from './db.ts';

export class PgSubscriptionRepo implements Async<SubscriptionRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async get(channel: ChannelKey): Promise<Subscription | undefined> {
    const { rows } = await this.pool.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = $1 AND channel_id = $2', [
      channel.platform,
      channel.id,
    ]);
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  async list(): Promise<Subscription[]> {
    const { rows } = await this.pool.query<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY platform, channel_id');
    return rows.map(toSubscription);
  }

  /** Creates the subscription with defaults, or changes only the given settings of an existing one. */
  async upsert(channel: ChannelKey, change: SubscriptionChange, now: Date = new Date()): Promise<Subscription> {
    return inTransaction(this.pool, async (client) => {
      // Two replicas changing one channel's settings at once must not each write back the other's old values.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        JSON.stringify(['subscriptions', channel.platform, channel.id]),
      ]);
      const { rows: current } = await client.query<SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = $1 AND channel_id = $2', [
        channel.platform,
        channel.id,
      ]);
      const v = subscriptionValues(channel, current[0] ? toSubscription(current[0]) : undefined, change, now);
      const { rows } = await client.query<SubscriptionRow>(
        `INSERT INTO subscriptions (platform, channel_id, channel_name, time, timezone, days, size, topics, topic_mode,
           min_upvotes, post_when_empty, cross_lists, followups, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
         ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, time = excluded.time,
           timezone = excluded.timezone, days = excluded.days, size = excluded.size, topics = excluded.topics,
           topic_mode = excluded.topic_mode, min_upvotes = excluded.min_upvotes, post_when_empty = excluded.post_when_empty,
           cross_lists = excluded.cross_lists, followups = excluded.followups, updated_at = excluded.updated_at
         RETURNING *`,
        [
          v.platform,
          v.channel_id,
          v.channel_name,
          v.time,
          v.timezone,
          v.days,
          v.size,
          v.topics,
          v.topic_mode,
          v.min_upvotes,
          v.post_when_empty,
          v.cross_lists,
          v.followups,
          v.at,
        ],
      );
      return toSubscription(rows[0]!);
    });
  }

  async remove(channel: ChannelKey): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM subscriptions WHERE platform = $1 AND channel_id = $2', [
      channel.platform,
      channel.id,
    ]);
    return (rowCount ?? 0) > 0;
  }
}
