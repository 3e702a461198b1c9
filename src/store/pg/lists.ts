/** The last numbered list shown in each place, per audience, on PostgreSQL: ../channels.ts's ShownListRepo. */
import type { Async } from '../async.ts';
import type { ChannelKey, ListKey, ShownListRepo, StoredList } from '../channels.ts';
import { inTransaction, type PgPool } from './db.ts';

export class PgShownListRepo implements Async<ShownListRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async put(key: ListKey, list: { paperIds: readonly number[]; label?: string }, now: Date = new Date()): Promise<void> {
    const { channel, threadId, userId } = key;
    await this.pool.query(
      `INSERT INTO shown_lists (platform, channel_id, thread_id, user_id, paper_ids, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, channel_id, thread_id, user_id) DO UPDATE SET paper_ids = excluded.paper_ids, label = excluded.label,
         created_at = excluded.created_at`,
      [channel.platform, channel.id, threadId, userId, JSON.stringify(list.paperIds), list.label ?? '', now.toISOString()],
    );
  }

  /** Keeps the first list of a place: false when it already had one (a thread keeps its first shared list). */
  async putFirst(key: ListKey, list: { paperIds: readonly number[]; label?: string }, now: Date = new Date()): Promise<boolean> {
    const { channel, threadId, userId } = key;
    const { rowCount } = await this.pool.query(
      `INSERT INTO shown_lists (platform, channel_id, thread_id, user_id, paper_ids, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (platform, channel_id, thread_id, user_id) DO NOTHING`,
      [channel.platform, channel.id, threadId, userId, JSON.stringify(list.paperIds), list.label ?? '', now.toISOString()],
    );
    return rowCount === 1;
  }

  /** Appends the papers not on the list yet, in one transaction (those already there keep their numbers). */
  async extend(key: ListKey, paperIds: readonly number[], label: string, now: Date = new Date()): Promise<void> {
    const { channel, threadId, userId } = key;
    const place = [channel.platform, channel.id, threadId, userId];
    await inTransaction(this.pool, async (client) => {
      // The row may not exist yet: a lock on the place's key, not on the row, orders two extensions.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('shown_lists:' || $1 || ':' || $2 || ':' || $3 || ':' || $4))", place);
      const { rows } = await client.query<{ paper_ids: string; label: string }>(
        'SELECT paper_ids, label FROM shown_lists WHERE platform = $1 AND channel_id = $2 AND thread_id = $3 AND user_id = $4',
        place,
      );
      const known = rows[0] ? (JSON.parse(rows[0].paper_ids) as number[]) : [];
      const added = paperIds.filter((id) => !known.includes(id));
      if (added.length === 0) return;
      await client.query(
        `INSERT INTO shown_lists (platform, channel_id, thread_id, user_id, paper_ids, label, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (platform, channel_id, thread_id, user_id) DO UPDATE SET paper_ids = excluded.paper_ids, label = excluded.label,
           created_at = excluded.created_at`,
        [...place, JSON.stringify([...known, ...added]), rows[0]?.label || label, now.toISOString()],
      );
    });
  }

  async get(key: ListKey): Promise<StoredList | undefined> {
    const { rows } = await this.pool.query<{ paper_ids: string; label: string; created_at: string }>(
      'SELECT paper_ids, label, created_at FROM shown_lists WHERE platform = $1 AND channel_id = $2 AND thread_id = $3 AND user_id = $4',
      [key.channel.platform, key.channel.id, key.threadId, key.userId],
    );
    const row = rows[0];
    return row ? { paperIds: JSON.parse(row.paper_ids) as number[], label: row.label, createdAt: row.created_at } : undefined;
  }

  /** The list everyone in the thread (or channel, threadId '') saw. */
  async save(channel: ChannelKey, threadId: string, paperIds: readonly number[], now: Date = new Date()): Promise<void> {
    await this.put({ channel, threadId, userId: '' }, { paperIds }, now);
  }

  /** The thread's shared list if it has one, else the channel's. */
  async load(channel: ChannelKey, threadId = ''): Promise<number[] | undefined> {
    const shared = (thread: string) => this.get({ channel, threadId: thread, userId: '' });
    return ((await shared(threadId)) ?? (threadId ? await shared('') : undefined))?.paperIds;
  }
}
