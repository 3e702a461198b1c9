/** Votes, saves, papers asked about and taste settings on PostgreSQL, as ../feedback.ts keeps them on SQLite. */
import type { Async } from '../async.ts';
import type { FeedbackKey, FeedbackRepo, PaperFeedback, TasteMode } from '../feedback.ts';
import type { ChatPlatform } from '../types.ts';
import { inTransaction, type PgPool } from './db.ts';
import { termQuery } from './tsquery.ts';

type ChannelKey = { readonly platform: ChatPlatform; readonly id: string };

const WHERE = 'platform = $1 AND channel_id = $2 AND user_id = $3 AND paper_id = $4 AND kind = $5';
/** ts_rank_cd with FTS5's column weights, as search.ts scores a match, standing in for bm25. */
const RANK = "ts_rank_cd('{0.1, 0.3, 0.4, 1.0}', search, to_tsquery('simple', $1), 1)";

export class PgFeedbackRepo implements Async<FeedbackRepo> {
  private readonly pool: PgPool;
  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async vote(key: FeedbackKey, paperId: number, value: 1 | -1 | 0, now: Date = new Date()): Promise<number> {
    return this.set(key, paperId, 'vote', value, now);
  }

  async save(key: FeedbackKey, paperId: number, saved: boolean, now: Date = new Date()): Promise<boolean> {
    return (await this.set(key, paperId, 'save', saved ? 1 : 0, now)) === 1;
  }

  /**
   * Sets the state and returns the one it replaced. SQLite reads then writes under BEGIN IMMEDIATE; here the
   * insert that finds a row already there waits for its writer, and the row is then locked before it is read.
   */
  private async set(key: FeedbackKey, paperId: number, kind: 'vote' | 'save', value: number, now: Date): Promise<number> {
    const args = [key.platform, key.channelId, key.userId, paperId, kind];
    if (value === 0) {
      const { rows } = await this.pool.query<{ value: number }>(`DELETE FROM feedback WHERE ${WHERE} RETURNING value`, args);
      return rows[0]?.value ?? 0;
    }
    return inTransaction(this.pool, async (client) => {
      for (;;) {
        const inserted = await client.query(
          `INSERT INTO feedback (platform, channel_id, user_id, paper_id, kind, value, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT DO NOTHING`,
          [...args, value, now.toISOString()],
        );
        if (inserted.rowCount === 1) return 0;
        const { rows } = await client.query<{ value: number }>(`SELECT value FROM feedback WHERE ${WHERE} FOR UPDATE`, args);
        const previous = rows[0]?.value;
        if (previous === undefined) continue; // taken back meanwhile: insert again
        if (previous !== value)
          await client.query(`UPDATE feedback SET value = $6, updated_at = $7 WHERE ${WHERE}`, [...args, value, now.toISOString()]);
        return previous;
      }
    });
  }

  async ofChannel(channel: ChannelKey): Promise<PaperFeedback[]> {
    const { rows } = await this.pool.query<PaperFeedback>(
      `SELECT "paperId", sum(likes)::int AS likes, sum(dislikes)::int AS dislikes, sum(saves)::int AS saves, sum(asked)::int AS asked FROM (
         SELECT paper_id AS "paperId", (kind = 'vote' AND value > 0)::int AS likes, (kind = 'vote' AND value < 0)::int AS dislikes,
           (kind = 'save')::int AS saves, 0 AS asked FROM feedback WHERE platform = $1 AND channel_id = $2
         UNION ALL
         SELECT paper_id, 0, 0, 0, 1 FROM asked_about WHERE platform = $1 AND channel_id = $2) f
       GROUP BY "paperId" ORDER BY "paperId"`,
      [channel.platform, channel.id],
    );
    return rows;
  }

  async recordAsked(channel: ChannelKey, userId: string, paperIds: readonly number[], now: Date): Promise<void> {
    // One row per paper: a statement may not update the same row twice.
    await this.pool.query(
      `INSERT INTO asked_about (platform, channel_id, user_id, paper_id, asked_at) SELECT $1, $2, $3, id, $5 FROM unnest($4::int[]) AS id
       ON CONFLICT (platform, channel_id, user_id, paper_id) DO UPDATE SET asked_at = excluded.asked_at`,
      [channel.platform, channel.id, userId, [...new Set(paperIds)], now.toISOString()],
    );
  }

  async savedBy(platform: ChatPlatform, userId: string, limit = 100): Promise<number[]> {
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT paper_id AS id FROM feedback WHERE platform = $1 AND user_id = $2 AND kind = 'save'
       GROUP BY paper_id ORDER BY max(updated_at) DESC, paper_id DESC LIMIT $3`,
      [platform, userId, limit],
    );
    return rows.map((r) => r.id);
  }

  async likedOrSavedSince(channel: ChannelKey, since: string, limit = 100): Promise<number[]> {
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT paper_id AS id FROM feedback WHERE platform = $1 AND channel_id = $2 AND updated_at >= $3 AND value > 0
       GROUP BY paper_id ORDER BY max(updated_at) DESC, paper_id DESC LIMIT $4`,
      [channel.platform, channel.id, since, limit],
    );
    return rows.map((r) => r.id);
  }

  async tasteMode(channel: ChannelKey): Promise<TasteMode> {
    const { rows } = await this.pool.query<{ mode: TasteMode }>('SELECT mode FROM taste_settings WHERE platform = $1 AND channel_id = $2', [
      channel.platform,
      channel.id,
    ]);
    return rows[0]?.mode ?? 'boost';
  }

  async setTasteMode(channel: ChannelKey, mode: TasteMode, now: Date = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO taste_settings (platform, channel_id, mode, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, channel_id) DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
      [channel.platform, channel.id, mode, now.toISOString()],
    );
  }

  /**
   * How many papers contain each term, and how many papers there are: SQLite reads FTS5's vocabulary; here
   * paper_vocab, which triggers keep from the same words (`search`, folded as fold.ts folds them).
   */
  async documentFrequencies(terms: Iterable<string>): Promise<{ docs: number; df: Map<string, number> }> {
    const words = [...new Set(terms)];
    const { rows } = await this.pool.query<{ docs: number; counts: number[] }>(
      `SELECT (SELECT count(*)::int FROM papers) AS docs,
         array(SELECT coalesce(v.doc, 0) FROM unnest($1::text[]) WITH ORDINALITY AS t(term, n)
           LEFT JOIN paper_vocab v ON v.term = t.term ORDER BY t.n) AS counts`,
      [words],
    );
    return { docs: rows[0]!.docs, df: new Map(words.map((word, i) => [word, rows[0]!.counts[i]!])) };
  }

  /** Papers sharing any of these terms, best first (ts_rank_cd standing in for bm25): candidates for "more like this". */
  async sharingTerms(terms: readonly string[], limit: number): Promise<number[]> {
    const parts = terms.map((text) => termQuery({ text, prefix: false })).filter((q): q is string => q !== undefined);
    if (parts.length === 0) return [];
    const { rows } = await this.pool.query<{ id: number }>(
      `SELECT id FROM papers WHERE search @@ to_tsquery('simple', $1) ORDER BY ${RANK} DESC, id LIMIT $2`,
      [parts.join(' | '), limit],
    );
    return rows.map((r) => r.id);
  }
}
