/** Weekly roundup settings and the reads a roundup is made of, on PostgreSQL: ../weekly.ts's WeeklyRepo. */
import type { Async } from '../async.ts';
import {
  toWeekly,
  weeklyValues,
  type ChannelKey,
  type PaperActivity,
  type PostedDigest,
  type WeeklyChange,
  type WeeklyRepo,
  type WeeklyRow,
  type WeeklySubscription,
} from '../weekly.ts';
import { inTransaction, type PgPool } from './db.ts';

export class PgWeeklyRepo implements Async<WeeklyRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async get(channel: ChannelKey): Promise<WeeklySubscription | undefined> {
    const { rows } = await this.pool.query<WeeklyRow>('SELECT * FROM weekly_roundups WHERE platform = $1 AND channel_id = $2', [
      channel.platform,
      channel.id,
    ]);
    return rows[0] ? toWeekly(rows[0]) : undefined;
  }

  async list(): Promise<WeeklySubscription[]> {
    const { rows } = await this.pool.query<WeeklyRow>('SELECT * FROM weekly_roundups ORDER BY platform, channel_id');
    return rows.map(toWeekly);
  }

  /** Creates the roundup with defaults, or changes only the given settings of an existing one. */
  async upsert(channel: ChannelKey, change: WeeklyChange, now: Date = new Date()): Promise<WeeklySubscription> {
    return inTransaction(this.pool, async (client) => {
      // Two replicas changing one channel's roundup at once must not each write back the other's old values.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        JSON.stringify(['weekly_roundups', channel.platform, channel.id]),
      ]);
      const { rows: current } = await client.query<WeeklyRow>('SELECT * FROM weekly_roundups WHERE platform = $1 AND channel_id = $2', [
        channel.platform,
        channel.id,
      ]);
      const v = weeklyValues(channel, current[0] ? toWeekly(current[0]) : undefined, change, now);
      const { rows } = await client.query<WeeklyRow>(
        `INSERT INTO weekly_roundups (platform, channel_id, channel_name, day, time, timezone, topics, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
         ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, day = excluded.day, time = excluded.time,
           timezone = excluded.timezone, topics = excluded.topics, updated_at = excluded.updated_at
         RETURNING *`,
        [v.platform, v.channelId, v.channelName, v.day, v.time, v.timezone, v.topics, v.at],
      );
      return toWeekly(rows[0]!);
    });
  }

  async remove(channel: ChannelKey): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM weekly_roundups WHERE platform = $1 AND channel_id = $2', [
      channel.platform,
      channel.id,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /** The papers this channel liked, saved or asked about in [since, until) (ISO), most active first. */
  async activity(channel: ChannelKey, since: string, until: string): Promise<PaperActivity[]> {
    // Times are ISO text: compared byte by byte (COLLATE "C"), as SQLite does, whatever the database's collation.
    const { rows } = await this.pool.query<PaperActivity>(
      `SELECT "paperId", likes, saves, asked, "lastAt" FROM (
         SELECT paper_id AS "paperId", sum(likes)::int AS likes, sum(saves)::int AS saves, sum(asked)::int AS asked,
           max(at COLLATE "C") AS "lastAt" FROM (
             SELECT paper_id, (kind = 'vote')::int AS likes, (kind = 'save')::int AS saves, 0 AS asked, updated_at AS at FROM feedback
               WHERE platform = $1 AND channel_id = $2 AND value > 0 AND updated_at COLLATE "C" >= $3 AND updated_at COLLATE "C" < $4
             UNION ALL
             SELECT paper_id, 0, 0, 1, asked_at FROM asked_about
               WHERE platform = $1 AND channel_id = $2 AND asked_at COLLATE "C" >= $3 AND asked_at COLLATE "C" < $4) AS done
         GROUP BY paper_id) AS per_paper
       ORDER BY likes + saves + asked DESC, "lastAt" COLLATE "C" DESC, "paperId"`,
      [channel.platform, channel.id, since, until],
    );
    return rows;
  }

  /** The channel's posted daily digests dated from `from` to `to` (YYYY-MM-DD), oldest first. */
  async postedDigests(channel: ChannelKey, from: string, to: string): Promise<PostedDigest[]> {
    const { rows } = await this.pool.query<{ date: string; messageId: string; threadId: string; paperIds: string }>(
      `SELECT digest_date AS date, message_id AS "messageId", thread_id AS "threadId", paper_ids AS "paperIds" FROM digests
       WHERE platform = $1 AND channel_id = $2 AND state = 'posted' AND thread_id IS NOT NULL
         AND digest_date COLLATE "C" BETWEEN $3 AND $4
       ORDER BY digest_date COLLATE "C"`,
      [channel.platform, channel.id, from, to],
    );
    return rows.map((r) => ({ ...r, paperIds: JSON.parse(r.paperIds) as number[] }));
  }
}
