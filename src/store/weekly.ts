import type { Db } from './db.ts';
import type { ChatPlatform } from './types.ts';

export type ChannelKey = { readonly platform: ChatPlatform; readonly id: string; readonly name?: string };

/** A channel's weekly roundup: one day of the week, a local time, and topics ([] = the daily digest's). */
export interface WeeklySubscription {
  readonly platform: ChatPlatform;
  readonly channelId: string;
  readonly channelName: string | null;
  /** 0 = Sunday … 6 = Saturday. */
  readonly day: number;
  /** HH:MM in `timezone`. */
  readonly time: string;
  readonly timezone: string;
  readonly topics: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type WeeklyChange = { -readonly [K in 'day' | 'time' | 'timezone' | 'topics' | 'channelName']?: WeeklySubscription[K] };

export const DEFAULT_WEEKLY = { day: 5, time: '16:00', timezone: 'UTC', topics: [] as string[] };

/** What one channel did with one paper in a period: likes, saves, and summaries or comparisons asked for. */
export interface PaperActivity {
  readonly paperId: number;
  readonly likes: number;
  readonly saves: number;
  readonly asked: number;
  /** The latest of them (ISO). */
  readonly lastAt: string;
}

/** A posted daily digest: where its papers were discussed. */
export interface PostedDigest {
  readonly date: string;
  readonly messageId: string;
  readonly threadId: string;
  readonly paperIds: readonly number[];
}

export interface WeeklyRow {
  platform: ChatPlatform;
  channel_id: string;
  channel_name: string | null;
  day: number;
  time: string;
  timezone: string;
  topics: string;
  created_at: string;
  updated_at: string;
}

export const toWeekly = (row: WeeklyRow): WeeklySubscription => ({
  platform: row.platform,
  channelId: row.channel_id,
  channelName: row.channel_name,
  day: row.day,
  time: row.time,
  timezone: row.timezone,
  topics: JSON.parse(row.topics) as string[],
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** The row an upsert writes: the current roundup (or the defaults) with `change` applied. */
export const weeklyValues = (channel: ChannelKey, current: WeeklySubscription | undefined, change: WeeklyChange, now: Date) => {
  const next = { ...DEFAULT_WEEKLY, channelName: null, ...current, ...change };
  return {
    platform: channel.platform,
    channelId: channel.id,
    channelName: next.channelName ?? null,
    day: next.day,
    time: next.time,
    timezone: next.timezone,
    topics: JSON.stringify(next.topics),
    at: now.toISOString(),
  };
};

/** Weekly roundup settings per channel, and the reads a roundup is made of. */
export class WeeklyRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  get(channel: ChannelKey): WeeklySubscription | undefined {
    const row = this.db.prepare('SELECT * FROM weekly_roundups WHERE platform = ? AND channel_id = ?').get(channel.platform, channel.id) as
      WeeklyRow | undefined;
    return row ? toWeekly(row) : undefined;
  }

  list(): WeeklySubscription[] {
    return (this.db.prepare('SELECT * FROM weekly_roundups ORDER BY platform, channel_id').all() as WeeklyRow[]).map(toWeekly);
  }

  /** Creates the roundup with defaults, or changes only the given settings of an existing one. */
  upsert(channel: ChannelKey, change: WeeklyChange, now: Date = new Date()): WeeklySubscription {
    this.db
      .prepare(
        `INSERT INTO weekly_roundups (platform, channel_id, channel_name, day, time, timezone, topics, created_at, updated_at)
         VALUES (@platform, @channelId, @channelName, @day, @time, @timezone, @topics, @at, @at)
         ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, day = excluded.day, time = excluded.time,
           timezone = excluded.timezone, topics = excluded.topics, updated_at = excluded.updated_at`,
      )
      .run(weeklyValues(channel, this.get(channel), change, now));
    return this.get(channel)!;
  }

  remove(channel: ChannelKey): boolean {
    return (
      this.db.prepare('DELETE FROM weekly_roundups WHERE platform = ? AND channel_id = ?').run(channel.platform, channel.id).changes > 0
    );
  }

  /** The papers this channel liked, saved or asked about in [since, until) (ISO), most active first. */
  activity(channel: ChannelKey, since: string, until: string): PaperActivity[] {
    return this.db
      .prepare(
        `SELECT paperId, sum(likes) AS likes, sum(saves) AS saves, sum(asked) AS asked, max(at) AS lastAt FROM (
           SELECT paper_id AS paperId, kind = 'vote' AS likes, kind = 'save' AS saves, 0 AS asked, updated_at AS at FROM feedback
             WHERE platform = @platform AND channel_id = @id AND value > 0 AND updated_at >= @since AND updated_at < @until
           UNION ALL
           SELECT paper_id, 0, 0, 1, asked_at FROM asked_about
             WHERE platform = @platform AND channel_id = @id AND asked_at >= @since AND asked_at < @until)
         GROUP BY paperId ORDER BY sum(likes) + sum(saves) + sum(asked) DESC, lastAt DESC, paperId`,
      )
      .all({ platform: channel.platform, id: channel.id, since, until }) as PaperActivity[];
  }

  /** The channel's posted daily digests dated from `from` to `to` (YYYY-MM-DD), oldest first. */
  postedDigests(channel: ChannelKey, from: string, to: string): PostedDigest[] {
    const rows = this.db
      .prepare(
        `SELECT digest_date AS date, message_id AS messageId, thread_id AS threadId, paper_ids AS paperIds FROM digests
         WHERE platform = ? AND channel_id = ? AND state = 'posted' AND thread_id IS NOT NULL AND digest_date BETWEEN ? AND ?
         ORDER BY digest_date`,
      )
      .all(channel.platform, channel.id, from, to) as { date: string; messageId: string; threadId: string; paperIds: string }[];
    return rows.map((r) => ({ ...r, paperIds: JSON.parse(r.paperIds) as number[] }));
  }
}
