/**
 * The reading group's presenters, sessions and reminders on PostgreSQL, as ../reading-group.ts keeps them
 * on SQLite. A presenter's claim is the row (the first insert wins); a reminder's is taken as digests' are
 * (claim-row.ts): where SQLite claims in BEGIN IMMEDIATE, two replicas cannot both take one.
 */
import type pg from 'pg';
import type { Async } from '../async.ts';
import { claimRefusal, type ClaimPolicy, type DigestRecord } from '../digests.ts';
import type { NewSession, PresenterClaim, ReadingGroupRepo, ReadingSession, ReminderClaim, ReminderRecord } from '../reading-group.ts';
import type { ChatPlatform } from '../types.ts';
import { takeClaim } from './claim-row.ts';
import { inTransaction, type PgPool } from './db.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

const REMINDERS = { name: 'reading_reminders', keys: ['session_id', 'lead'] } as const;

/** reading_reminders as claim-row.ts reads it (SELECT *). */
interface ReminderRow {
  session_id: number;
  lead: string;
  state: ReminderRecord['state'];
  claimed_by: string | null;
  claimed_at: string | null;
  message_id: string | null;
  error: string | null;
  attempts: number;
  updated_at: string;
}

const toReminder = (row: ReminderRow): ReminderRecord => ({
  sessionId: row.session_id,
  lead: row.lead,
  state: row.state,
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at,
  messageId: row.message_id,
  error: row.error,
  attempts: row.attempts,
  updatedAt: row.updated_at,
});

const CLAIM_COLUMNS = 'paper_id AS "paperId", user_id AS "userId", user_name AS "userName", claimed_at AS "claimedAt"';
const SESSION_COLUMNS = `id, platform, channel_id AS "channelId", channel_name AS "channelName", paper_id AS "paperId",
  local_date AS "localDate", local_time AS "localTime", timezone, starts_at AS "startsAt", reminders, created_by AS "createdBy",
  created_at AS "createdAt", cancelled_at AS "cancelledAt"`;
const REMINDER_COLUMNS = `session_id AS "sessionId", lead, state, claimed_by AS "claimedBy", claimed_at AS "claimedAt",
  message_id AS "messageId", error, attempts, updated_at AS "updatedAt"`;

export class PgReadingGroupRepo implements Async<ReadingGroupRepo> {
  private readonly pool: PgPool;
  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async presenters(channel: ChannelKey, paperIds: readonly number[]): Promise<Map<number, PresenterClaim>> {
    return presentersOn(this.pool, channel, paperIds);
  }

  async claim(
    channel: ChannelKey,
    paperId: number,
    user: { id: string; name: string },
    now: Date,
  ): Promise<{ holder: PresenterClaim; created: boolean }> {
    return inTransaction(this.pool, async (client) => {
      for (;;) {
        const { rowCount } = await client.query(
          `INSERT INTO reading_claims (platform, channel_id, paper_id, user_id, user_name, claimed_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING`,
          [channel.platform, channel.id, paperId, user.id, user.name, now.toISOString()],
        );
        const holder = (await presentersOn(client, channel, [paperId])).get(paperId);
        // Unclaimed between the two statements: try again.
        if (holder) return { holder, created: rowCount === 1 };
      }
    });
  }

  async unclaim(channel: ChannelKey, paperId: number, userId: string): Promise<PresenterClaim | undefined> {
    const { rows } = await this.pool.query<PresenterClaim & { deleted: boolean }>(
      // The row as it was, and whether it was the user's (and so deleted): one statement, as one transaction on SQLite.
      `WITH current AS (SELECT * FROM reading_claims WHERE platform = $1 AND channel_id = $2 AND paper_id = $3 FOR UPDATE),
        gone AS (DELETE FROM reading_claims r USING current c WHERE r.platform = c.platform AND r.channel_id = c.channel_id
          AND r.paper_id = c.paper_id AND c.user_id = $4)
       SELECT ${CLAIM_COLUMNS} FROM current`,
      [channel.platform, channel.id, paperId, userId],
    );
    return rows[0];
  }

  async addSession(session: NewSession): Promise<ReadingSession> {
    return insertSession(this.pool, session);
  }

  /** Cancels the paper's coming sessions here and adds this one, in one transaction: two at once leave one session. */
  async reschedule(session: NewSession, now: Date): Promise<{ session: ReadingSession; replaced: ReadingSession[] }> {
    return inTransaction(this.pool, async (client) => {
      const key = `reading_sessions:${session.platform}:${session.channelId}:${session.paperId}`;
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [key]);
      const { rows: replaced } = await client.query<ReadingSession>(
        `SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE platform = $1 AND channel_id = $2 AND paper_id = $3
         AND cancelled_at IS NULL AND starts_at > $4 ORDER BY starts_at, id`,
        [session.platform, session.channelId, session.paperId, now.toISOString()],
      );
      if (replaced.length > 0)
        await client.query('UPDATE reading_sessions SET cancelled_at = $1 WHERE id = ANY($2::int[]) AND cancelled_at IS NULL', [
          now.toISOString(),
          replaced.map((r) => r.id),
        ]);
      return { session: await insertSession(client, session), replaced };
    });
  }

  async session(id: number): Promise<ReadingSession | undefined> {
    const { rows } = await this.pool.query<ReadingSession>(`SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE id = $1`, [id]);
    return rows[0];
  }

  async cancelSession(id: number, now: Date): Promise<boolean> {
    const sql = 'UPDATE reading_sessions SET cancelled_at = $1 WHERE id = $2 AND cancelled_at IS NULL';
    return (await this.pool.query(sql, [now.toISOString(), id])).rowCount === 1;
  }

  async upcoming(channel: ChannelKey, from: string, limit = 50): Promise<ReadingSession[]> {
    const { rows } = await this.pool.query<ReadingSession>(
      `SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE platform = $1 AND channel_id = $2 AND cancelled_at IS NULL
       AND starts_at >= $3 ORDER BY starts_at, id LIMIT $4`,
      [channel.platform, channel.id, from, limit],
    );
    return rows;
  }

  async latestZone(channel: ChannelKey): Promise<string | undefined> {
    const sql = 'SELECT timezone FROM reading_sessions WHERE platform = $1 AND channel_id = $2 ORDER BY id DESC LIMIT 1';
    const { rows } = await this.pool.query<{ timezone: string }>(sql, [channel.platform, channel.id]);
    return rows[0]?.timezone;
  }

  async startingBetween(from: string, to: string): Promise<ReadingSession[]> {
    const { rows } = await this.pool.query<ReadingSession>(
      `SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE cancelled_at IS NULL AND starts_at >= $1 AND starts_at <= $2
       ORDER BY starts_at, id`,
      [from, to],
    );
    return rows;
  }

  async reminder(sessionId: number, lead: string): Promise<ReminderRecord | undefined> {
    const { rows } = await this.pool.query<ReminderRecord>(
      `SELECT ${REMINDER_COLUMNS} FROM reading_reminders WHERE session_id = $1 AND lead = $2`,
      [sessionId, lead],
    );
    return rows[0];
  }

  async claimReminder(sessionId: number, lead: string, holder: string, now: Date, policy: ClaimPolicy): Promise<ReminderClaim> {
    // The digest's own refusal rules read only state, claimedAt, attempts and updatedAt, which a reminder has too.
    const refuse = (row: ReminderRow) => claimRefusal(toReminder(row) as unknown as DigestRecord, now, { ...policy, force: false });
    const taken = await takeClaim(this.pool, REMINDERS, [String(sessionId), lead], holder, now, refuse);
    return taken.won
      ? { claimed: true, previous: taken.previous && toReminder(taken.previous) }
      : { claimed: false, record: toReminder(taken.row) };
  }

  async markReminder(
    sessionId: number,
    lead: string,
    holder: string,
    outcome: { state: 'posted'; messageId: string } | { state: 'failed' | 'skipped'; error: string },
    now: Date,
  ): Promise<boolean> {
    const sql = `UPDATE reading_reminders SET state = $1, message_id = $2, error = $3, updated_at = $4
      WHERE session_id = $5 AND lead = $6 AND state = 'claimed' AND claimed_by = $7`;
    const messageId = outcome.state === 'posted' ? outcome.messageId : null;
    const error = outcome.state === 'posted' ? null : outcome.error;
    return (await this.pool.query(sql, [outcome.state, messageId, error, now.toISOString(), sessionId, lead, holder])).rowCount === 1;
  }
}

async function presentersOn(on: PgPool | pg.PoolClient, channel: ChannelKey, paperIds: readonly number[]) {
  const ids = [...new Set(paperIds)];
  const { rows } = await on.query<PresenterClaim>(
    `SELECT ${CLAIM_COLUMNS} FROM reading_claims WHERE platform = $1 AND channel_id = $2 AND paper_id = ANY($3::int[])`,
    [channel.platform, channel.id, ids],
  );
  const byId = new Map(rows.map((row) => [row.paperId, row]));
  // In the order asked, as SQLite answers.
  return new Map(ids.flatMap((id) => (byId.has(id) ? [[id, byId.get(id)!] as const] : [])));
}

async function insertSession(on: PgPool | pg.PoolClient, session: NewSession): Promise<ReadingSession> {
  const { rows } = await on.query<ReadingSession>(
    `INSERT INTO reading_sessions (platform, channel_id, channel_name, paper_id, local_date, local_time, timezone, starts_at,
       reminders, created_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${SESSION_COLUMNS}`,
    [
      session.platform,
      session.channelId,
      session.channelName,
      session.paperId,
      session.localDate,
      session.localTime,
      session.timezone,
      session.startsAt,
      session.reminders,
      session.createdBy,
      session.createdAt,
    ],
  );
  return rows[0]!;
}
