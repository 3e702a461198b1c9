/** The authors and organisations each channel follows, on PostgreSQL, as ../follows.ts keeps them on SQLite. */
import type { Async } from '../async.ts';
import type { Follow, FollowContext, FollowKind, FollowRepo } from '../follows.ts';
import type { ChatPlatform } from '../types.ts';
import type { PgPool } from './db.ts';
import { termQuery } from './tsquery.ts';

type ChannelKey = { readonly platform: ChatPlatform; readonly id: string };

export class PgFollowRepo implements Async<FollowRepo> {
  private readonly pool: PgPool;
  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async add(channel: ChannelKey, follow: Follow, now: Date = new Date()): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `INSERT INTO follows (platform, channel_id, kind, key, name, context, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [channel.platform, channel.id, follow.kind, follow.key, follow.name, JSON.stringify(follow.context), now.toISOString()],
    );
    return rowCount === 1;
  }

  async remove(channel: ChannelKey, kind: FollowKind, key: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM follows WHERE platform = $1 AND channel_id = $2 AND kind = $3 AND key = $4', [
      channel.platform,
      channel.id,
      kind,
      key,
    ]);
    return (rowCount ?? 0) > 0;
  }

  async ofChannel(channel: ChannelKey): Promise<Follow[]> {
    const { rows } = await this.pool.query<{ kind: FollowKind; key: string; name: string; context: string }>(
      'SELECT kind, key, name, context FROM follows WHERE platform = $1 AND channel_id = $2 ORDER BY created_at, key',
      [channel.platform, channel.id],
    );
    return rows.map((r) => ({ kind: r.kind, key: r.key, name: r.name, context: JSON.parse(r.context) as FollowContext }));
  }

  /**
   * Ids of papers whose author list has this word (or these words, in a row), newest first. `search` (indexed)
   * finds the papers with the words anywhere; `head`'s weight C (authors alone, tsquery.ts) keeps those where
   * they are in the authors, as FTS5's `authors :` column filter does.
   */
  async papersWithAuthorWord(word: string, limit = 200): Promise<number[]> {
    const anywhere = termQuery({ text: word, prefix: false });
    const inAuthors = termQuery({ text: word, prefix: false }, 'C');
    if (!word.trim() || !anywhere || !inAuthors) return [];
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT id FROM papers WHERE search @@ to_tsquery('simple', $1) AND head @@ to_tsquery('simple', $2) ORDER BY id DESC LIMIT $3`,
      [anywhere, inAuthors, limit],
    );
    return rows.map((r) => r.id);
  }
}
