import type { Db } from './db.ts';
import { DEFAULT_SUBSCRIPTION, type ChatPlatform, type Subscription } from './types.ts';

export interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

export interface SubscriptionRow {
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
  cross_lists: number;
  followups: number;
  created_at: string;
  updated_at: string;
}

export const toSubscription = (row: SubscriptionRow): Subscription => ({
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
  crossLists: row.cross_lists === 1,
  followups: row.followups === 1,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export type SubscriptionChange = Partial<Omit<Subscription, 'platform' | 'channelId' | 'createdAt' | 'updatedAt'>>;

/** The row an upsert writes: the current subscription (or the defaults) with `change` applied. */
export const subscriptionValues = (channel: ChannelKey, current: Subscription | undefined, change: SubscriptionChange, now: Date) => {
  const next = { ...DEFAULT_SUBSCRIPTION, channelName: null, ...current, ...change };
  return {
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
    cross_lists: next.crossLists ? 1 : 0,
    followups: next.followups ? 1 : 0,
    at: now.toISOString(),
  };
};

export class SubscriptionRepo {
  private readonly statements;

  constructor(db: Db) {
    this.statements = {
      get: db.prepare<[string, string], SubscriptionRow>('SELECT * FROM subscriptions WHERE platform = ? AND channel_id = ?'),
      list: db.prepare<[], SubscriptionRow>('SELECT * FROM subscriptions ORDER BY platform, channel_id'),
      upsert: db.prepare(`INSERT INTO subscriptions (platform, channel_id, channel_name, time, timezone, days, size, topics, topic_mode,
          min_upvotes, post_when_empty, cross_lists, followups, created_at, updated_at)
        VALUES (@platform, @channel_id, @channel_name, @time, @timezone, @days, @size, @topics, @topic_mode, @min_upvotes, @post_when_empty,
          @cross_lists, @followups, @at, @at)
        ON CONFLICT (platform, channel_id) DO UPDATE SET channel_name = excluded.channel_name, time = excluded.time, timezone = excluded.timezone,
          days = excluded.days, size = excluded.size, topics = excluded.topics, topic_mode = excluded.topic_mode,
          min_upvotes = excluded.min_upvotes, post_when_empty = excluded.post_when_empty,
          cross_lists = excluded.cross_lists, followups = excluded.followups, updated_at = excluded.updated_at`),
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
    this.statements.upsert.run(subscriptionValues(channel, this.get(channel), change, now));
    return this.get(channel)!;
  }

  remove(channel: ChannelKey): boolean {
    return this.statements.remove.run(channel.platform, channel.id).changes > 0;
  }
}

/** Where a numbered list was shown, and to whom: `userId` '' is everyone there, `threadId` '' the channel itself. */
export interface ListKey {
  readonly channel: ChannelKey;
  readonly threadId: string;
  readonly userId: string;
}

export interface StoredList {
  readonly paperIds: number[];
  /** What the list was ("search “sparse attention”"); '' when unknown. */
  readonly label: string;
  readonly createdAt: string;
}

/** The last numbered list shown in each place, per audience. Which key to use is src/core/lists.ts's business. */
export class ShownListRepo {
  private readonly statements;
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.statements = {
      putFirst: db.prepare<[string, string, string, string, string, string, string]>(
        `INSERT INTO shown_lists (platform, channel_id, thread_id, user_id, paper_ids, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (platform, channel_id, thread_id, user_id) DO NOTHING`,
      ),
      put: db.prepare<[string, string, string, string, string, string, string]>(
        `INSERT INTO shown_lists (platform, channel_id, thread_id, user_id, paper_ids, label, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (platform, channel_id, thread_id, user_id) DO UPDATE SET paper_ids = excluded.paper_ids, label = excluded.label,
          created_at = excluded.created_at`,
      ),
      get: db.prepare<[string, string, string, string], { paper_ids: string; label: string; created_at: string }>(
        'SELECT paper_ids, label, created_at FROM shown_lists WHERE platform = ? AND channel_id = ? AND thread_id = ? AND user_id = ?',
      ),
    };
  }

  put(key: ListKey, list: { paperIds: readonly number[]; label?: string }, now: Date = new Date()): void {
    this.statements.put.run(...listRow(key, list, now));
  }

  /** Keeps the list already there (a thread keeps its first numbering); true when this one was stored. */
  putFirst(key: ListKey, list: { paperIds: readonly number[]; label?: string }, now: Date = new Date()): boolean {
    return this.statements.putFirst.run(...listRow(key, list, now)).changes === 1;
  }

  /** Appends the papers not on the list yet, in one transaction (those already there keep their numbers). */
  extend(key: ListKey, paperIds: readonly number[], label: string, now: Date = new Date()): void {
    this.db
      .transaction(() => {
        const existing = this.get(key);
        const known = existing?.paperIds ?? [];
        const added = paperIds.filter((id) => !known.includes(id));
        if (added.length > 0) this.put(key, { paperIds: [...known, ...added], label: existing?.label || label }, now);
      })
      .immediate();
  }

  get(key: ListKey): StoredList | undefined {
    const row = this.statements.get.get(key.channel.platform, key.channel.id, key.threadId, key.userId);
    return row ? { paperIds: JSON.parse(row.paper_ids) as number[], label: row.label, createdAt: row.created_at } : undefined;
  }

  /** The list everyone in the thread (or channel, threadId '') saw. */
  save(channel: ChannelKey, threadId: string, paperIds: readonly number[], now: Date = new Date()): void {
    this.put({ channel, threadId, userId: '' }, { paperIds }, now);
  }

  /** The thread's shared list if it has one, else the channel's. */
  load(channel: ChannelKey, threadId = ''): number[] | undefined {
    const shared = (thread: string) => this.get({ channel, threadId: thread, userId: '' });
    return (shared(threadId) ?? (threadId ? shared('') : undefined))?.paperIds;
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

/** A shown list's columns in INSERT order (platform, channel_id, thread_id, user_id, paper_ids, label, created_at). */
export const listRow = (key: ListKey, list: { paperIds: readonly number[]; label?: string }, now: Date) =>
  [
    key.channel.platform,
    key.channel.id,
    key.threadId,
    key.userId,
    JSON.stringify(list.paperIds),
    list.label ?? '',
    now.toISOString(),
  ] as const;
