/**
 * Follow-ups' raw material on PostgreSQL, as ../paper-events.ts keeps it on SQLite: where papers were
 * discussed, and what a merge changed about a discussed paper (upsert.ts records it, changesOf decides).
 */
import type { Async } from '../async.ts';
import type { PaperChange, PaperEventRepo, PendingEvent } from '../paper-events.ts';
import type { ChatPlatform } from '../types.ts';
import { inTransaction, type PgPool } from './db.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

const EVENT = `e.id, e.paper_id AS "paperId", e.kind, e.value, e.detail, e.detected_at AS "detectedAt"`;

export class PgPaperEventRepo implements Async<PaperEventRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async discussed(channel: ChannelKey, threadId: string, paperIds: readonly number[], now: Date): Promise<void> {
    const at = now.toISOString();
    await inTransaction(this.pool, async (client) => {
      // One statement per paper, as SQLite's: a paper named twice updates its row twice.
      for (const id of paperIds)
        await client.query(
          `INSERT INTO paper_discussions (platform, channel_id, thread_id, paper_id, first_at, last_at, upvotes_then)
             SELECT $1, $2, $3, id, $4, $4, upvotes FROM papers WHERE id = $5
           ON CONFLICT (platform, channel_id, thread_id, paper_id) DO UPDATE
             SET last_at = greatest(paper_discussions.last_at, excluded.last_at)`,
          [channel.platform, channel.id, threadId, at, id],
        );
    });
  }

  async pending(channel: ChannelKey, watchedSince: string): Promise<PendingEvent[]> {
    const { rows } = await this.pool.query<PendingEvent>(
      `SELECT ${EVENT}, min(d.upvotes_then)::int AS "upvotesThen",
          (SELECT t.thread_id FROM paper_discussions t WHERE t.platform = $1 AND t.channel_id = $2 AND t.paper_id = e.paper_id
            ORDER BY t.thread_id = '', t.last_at DESC LIMIT 1) AS "threadId"
        FROM paper_events e JOIN paper_discussions d ON d.paper_id = e.paper_id AND d.platform = $1 AND d.channel_id = $2
        WHERE d.last_at >= $3 AND e.detected_at >= d.first_at
          AND NOT EXISTS (SELECT 1 FROM followup_sent s WHERE s.platform = $1 AND s.channel_id = $2 AND s.event_id = e.id)
        GROUP BY e.id ORDER BY e.id`,
      [channel.platform, channel.id, watchedSince],
    );
    return rows;
  }

  async toldBetween(channel: ChannelKey, from: string, to: string): Promise<PendingEvent[]> {
    const { rows } = await this.pool.query<PendingEvent>(
      `SELECT ${EVENT}, s.thread_id AS "threadId",
          coalesce((SELECT min(d.upvotes_then) FROM paper_discussions d
            WHERE d.platform = s.platform AND d.channel_id = s.channel_id AND d.paper_id = e.paper_id), 0)::int AS "upvotesThen"
        FROM followup_sent s JOIN paper_events e ON e.id = s.event_id
        WHERE s.platform = $1 AND s.channel_id = $2 AND s.note_date BETWEEN $3 AND $4 ORDER BY e.id`,
      [channel.platform, channel.id, from, to],
    );
    return rows;
  }

  /** The digests table (paper_ids a JSON list of ids, as on SQLite) is the digest repository's. */
  async digestThreadOf(channel: ChannelKey, paperId: number): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ thread_id: string }>(
      `SELECT thread_id FROM digests WHERE platform = $1 AND channel_id = $2 AND state = 'posted' AND thread_id IS NOT NULL
        AND digests.paper_ids::jsonb @> to_jsonb($3::int) ORDER BY digest_date DESC LIMIT 1`,
      [channel.platform, channel.id, paperId],
    );
    return rows[0]?.thread_id;
  }

  async latestId(): Promise<number> {
    const { rows } = await this.pool.query<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM paper_events');
    return rows[0]!.id;
  }

  async ofPaper(paperId: number): Promise<(PaperChange & { id: number; detectedAt: string })[]> {
    const { rows } = await this.pool.query<PaperChange & { id: number; detectedAt: string }>(
      'SELECT id, kind, value, detail, detected_at AS "detectedAt" FROM paper_events WHERE paper_id = $1 ORDER BY id',
      [paperId],
    );
    return rows;
  }
}
