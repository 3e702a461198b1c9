import type { Db } from './db.ts';
import { DEFAULT_SUBSCRIPTION, type ChatPlatform, type Subscription } from './types.ts';

interface ChannelKey { readonly platform: ChatPlatform; readonly id: string }

interface SubscriptionRow {
  platform: ChatPlatform; channel_id: string; channel_name: string | null; time: string; timezone: string; days: string;
  size: number; topics: string; topic_mode: 'filter' | 'boost'; min_upvotes: number; post_when_empty: number;
  created_at: string; updated_at: string;
}

const toSubscription = (row: SubscriptionRow): Subscription => ({
  platform: row.platform, channelId: row.channel_id, channelName: row.channel_name, time: row.time, timezone: row.timezone,
  days: JSON.parse(row.days) as number[], size: row.size, topics: JSON.parse(row.topics) as string[], topicMode: row.topic_mode,
  minUpvotes: row.min_upvotes, postWhenEmpty: row.post_when_empty === 1, createdAt: row.created_at, updatedAt: row.updated_at,
});

export type SubscriptionChange = Partial<Omit<Subscription, 'platform' | 'channelId' | 'createdAt' | 'updatedAt'>>;

export class SubscriptionRepo {
  constructor(private readonly db: Db) {}

  get(channel: ChannelKey): Subscription | undefined {
    const row = this.db.prepare('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?').get(channel.platform, channel.id) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : undefined;
  }

  list(): Subscription[] {
    return (this.db.prepare('SELECT * FROM subscriptions ORDER BY platform, channel_id').all() as SubscriptionRow[]).map(toSubscription);
  }

  /** Creates the subscription with defaults, or changes only the given settings of an existing one. */
  upsert(channel: ChannelKey, change: SubscriptionChange, now: Date = new Date()): Subscription {
    const current = this.get(channel);
    const next = { ...DEFAULT_SUBSCRIPTION, channelName: null, ...current, ...change };
    const at = now.toISOString();
    this.db.prepare(`INSERT INTO subscriptions (platform, channel_id, channel_name, time, timezone, days, size, topics, topic_mode,
        min_upvotes, post_when_empty, created_at, updated_at)
      VALUES (@platform, @channel_id, @channel_name, @time, @timezone, @days, @size, @topics, @topic_mode, @min_upvotes, @post_when_empty, @at, @at)
      ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, time = excluded.time, timezone = excluded.timezone,
        days = excluded.days, size = excluded.size, topics = excluded.topics, topic_mode = excluded.topic_mode,
        min_upvotes = excluded.min_upvotes, post_when_empty = excluded.post_when_empty, updated_at = excluded.updated_at`).run({
      platform: channel.platform, channel_id: channel.id, channel_name: next.channelName ?? null, time: next.time, timezone: next.timezone,
      days: JSON.stringify(next.days), size: next.size, topics: JSON.stringify(next.topics), topic_mode: next.topicMode,
      min_upvotes: next.minUpvotes, post_when_empty: next.postWhenEmpty ? 1 : 0, at,
    });
    return this.get(channel)!;
  }

  remove(channel: ChannelKey): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?').run(channel.platform, channel.id).changes > 0;
  }
}

/** The last numbered list shown in each channel or thread ('' = the channel itself). */
export class ShownListRepo {
  constructor(private readonly db: Db) {}

  save(channel: ChannelKey, threadId: string, paperIds: readonly number[], now: Date = new Date()): void {
    this.db.prepare(`INSERT INTO shown_lists (platform, channel_id, thread_id, paper_ids, created_at) VALUES (?, ?, ?, ?, ?)
      ON CONFLICT (platform, channel_id, thread_id) DO UPDATE SET paper_ids = excluded.paper_ids, created_at = excluded.created_at`)
      .run(channel.platform, channel.id, threadId, JSON.stringify(paperIds), now.toISOString());
  }

  /** The thread's own list if it has one, else the channel's. */
  load(channel: ChannelKey, threadId = ''): number[] | undefined {
    const get = this.db.prepare('SELECT paper_ids FROM shown_lists WHERE platform = ? AND channel_id = ? AND thread_id = ?');
    const row = (get.get(channel.platform, channel.id, threadId) ?? (threadId ? get.get(channel.platform, channel.id, '') : undefined)) as
      | { paper_ids: string }
      | undefined;
    return row ? (JSON.parse(row.paper_ids) as number[]) : undefined;
  }
}

/** Deliveries already handled, so a platform's retry of the same event does nothing twice. */
export class SeenEventRepo {
  constructor(private readonly db: Db) {}

  /** True the first time an event id is seen, false on every repeat. */
  firstSighting(platform: ChatPlatform, eventId: string, now: Date = new Date()): boolean {
    const result = this.db.prepare('INSERT OR IGNORE INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?)').run(platform, eventId, now.toISOString());
    return result.changes === 1;
  }

  /** Forgets events older than `before` (the platforms stop retrying after minutes). */
  prune(before: Date): number {
    return this.db.prepare('DELETE FROM seen_events WHERE seen_at < ?').run(before.toISOString()).changes;
  }
}
