import type { Db } from './db.ts';
import { DEFAULT_SUBSCRIPTION, type ChatPlatform, type Subscription } from './types.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

interface SubscriptionRow {
  platform: ChatPlatform;
  channel_id: string;
  channel_name: string | null;
  time: string;
  timezone: string;
  days: string;
  size: number;
  topics: string;
  topic_mode: 'filter' | 'boost';
  min_upvotes: number;
  post_when_empty: number;
  created_at: string;
  updated_at: string;
}

const toSubscription = (row: SubscriptionRow): Subscription => ({
  platform: row.platform,
  channelId: row.channel_id,
  channelName: row.channel_name,
  time: row.time,
  timezone: row.timezone,
  days: JSON.parse(row.days) as number[],
  size: row.size,
  topics: JSON.parse(row.topics) as string[],
  topicMode: row.topic_mode,
  minUpvotes: row.min_upvotes,
  postWhenEmpty: row.post_when_empty === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type SubscriptionChange = Partial<Omit<Subscription, 'platform' | 'channelId' | 'createdAt' | 'updatedAt'>>;

export class SubscriptionRepo {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string, string], SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?'),
      list: db.prepare<[], SubscriptionRow>('SELECT * FROM subscriptions ORDER BY platform, channel_id'),
      upsert: db.prepare(`INSERT INTO subscriptions (platform, channel_id, channel_name, time, timezone, days, size, topics, topic_mode,
          min_upvotes, post_when_empty, created_at, updated_at)
        VALUES (@platform, @channel_id, @channel_name, @time, @timezone, @days, @size, @topics, @topic_mode, @min_upvotes, @post_when_empty, @at, @at)
        ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, time = excluded.time, timezone = excluded.timezone,
          days = excluded.days, size = excluded.size, topics = excluded.topics, topic_mode = excluded.topic_mode,
          min_upvotes = excluded.min_upvotes, post_when_empty = excluded.post_when_empty, updated_at = excluded.updated_at`),
      remove: db.prepare<[string, string]>('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ?'),
    };
  }

  get(channel: ChannelKey): Subscription | undefined {
    const row = this.statements.get.get(channel.platform, channel.id);
    return row ? toSubscription(row) : undefined;
  }

  list(): Subscription[] {
    return this.statements.list.all().map(toSubscription);
  }

  /** Creates the subscription with defaults, or changes only the given settings of an existing one. */
  upsert(channel: ChannelKey, change: SubscriptionChange, now: Date = new Date()): Subscription {
    const current = this.get(channel);
    const next = { ...DEFAULT_SUBSCRIPTION, channelName: null, ...current, ...change };
    const at = now.toISOString();
    this.statements.upsert.run({
      platform: channel.platform,
      channel_id: channel.id,
      channel_name: next.channelName ?? null,
      time: next.time,
      timezone: next.timezone,
      days: JSON.stringify(next.days),
      size: next.size,
      topics: JSON.stringify(next.topics),
      topic_mode: next.topicMode,
      min_upvotes: next.minUpvotes,
      post_when_empty: next.postWhenEmpty ? 1 : 0,
      at,
    });
    return this.get(channel)!;
  }

  remove(channel: ChannelKey): boolean {
    return this.statements.remove.run(channel.platform, channel.id).changes > 0;
  }
}

/** The last numbered list shown in each channel or thread ('' = the channel itself). */
export class ShownListRepo {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      save: db.prepare<
        [string, string, string, string, string]
      >(`INSERT INTO shown_lists (platform, channel_id, thread_id, paper_ids, created_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (platform, channel_id, thread_id) DO UPDATE SET paper_ids = excluded.paper_ids, created_at = excluded.created_at`),
      load: db.prepare<[string, string, string], { paper_ids: string }>(
        'SELECT paper_ids FROM shown_lists WHERE platform = ? AND channel_id = ? AND thread_id = ?',
      ),
    };
  }

  save(channel: ChannelKey, threadId: string, paperIds: readonly number[], now: Date = new Date()): void {
    this.statements.save.run(channel.platform, channel.id, threadId, JSON.stringify(paperIds), now.toISOString());
  }

  /** The thread's own list if it has one, else the channel's. */
  load(channel: ChannelKey, threadId = ''): number[] | undefined {
    const { load } = this.statements;
    const row = load.get(channel.platform, channel.id, threadId) ?? (threadId ? load.get(channel.platform, channel.id, '') : undefined);
    return row ? (JSON.parse(row.paper_ids) as number[]) : undefined;
  }
}

/** Slack retries an event for minutes and Discord ids are unique: a day of memory is plenty. */
const SEEN_EVENTS_KEPT_MS = 24 * 3_600_000;

/** Deliveries already handled, so a platform's retry of the same event does nothing twice. */
export class SeenEventRepo {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      see: db.prepare<[string, string, string]>('INSERT OR IGNORE INTO seen_events (platform, event_id, seen_at) VALUES (?, ?, ?)'),
      prune: db.prepare<[string]>('DELETE FROM seen_events WHERE seen_at < ?'),
    };
  }

  private nextPrune = 0;

  /** True the first time an event id is seen, false on every repeat. Hourly, forgets events over a day old. */
  firstSighting(platform: ChatPlatform, eventId: string, now: Date = new Date()): boolean {
    if (now.getTime() >= this.nextPrune) {
      this.prune(new Date(now.getTime() - SEEN_EVENTS_KEPT_MS));
      this.nextPrune = now.getTime() + 3_600_000;
    }
    return this.statements.see.run(platform, eventId, now.toISOString()).changes === 1;
  }

  /** Forgets events older than `before` (the platforms stop retrying after minutes). */
  prune(before: Date): number {
    return this.statements.prune.run(before.toISOString()).changes;
  }
}
