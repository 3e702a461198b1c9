import type { Db } from './db.ts';
import { claimRefusal, type ClaimPolicy, type DigestRecord } from './digests.ts';
import type { ChatPlatform } from './types.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

/** Who presents a paper in a channel's reading group. */
export interface PresenterClaim {
  readonly paperId: number;
  readonly userId: string;
  readonly userName: string;
  readonly claimedAt: string;
}

/** A reading-group session: a paper at a wall-clock time in a time zone. */
export interface ReadingSession {
  readonly id: number;
  readonly platform: ChatPlatform;
  readonly channelId: string;
  readonly channelName: string | null;
  readonly paperId: number;
  /** YYYY-MM-DD and HH:MM in `timezone`: what decides when it is, whatever the offset does meanwhile. */
  readonly localDate: string;
  readonly localTime: string;
  readonly timezone: string;
  /** The instant it starts, as computed when it was scheduled (for finding upcoming sessions). */
  readonly startsAt: string;
  /** Lead times before it ("1d,1h"); '' for no reminders. */
  readonly reminders: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly cancelledAt: string | null;
}

export type NewSession = Omit<ReadingSession, 'id' | 'cancelledAt'>;

/** One reminder of a session, posted once (digest rules: claim, post, record). */
export interface ReminderRecord {
  readonly sessionId: number;
  readonly lead: string;
  readonly state: 'claimed' | 'posted' | 'failed' | 'skipped';
  readonly claimedBy: string | null;
  readonly claimedAt: string | null;
  readonly messageId: string | null;
  readonly error: string | null;
  readonly attempts: number;
  readonly updatedAt: string;
}

export type ReminderClaim =
  { readonly claimed: true; readonly previous: ReminderRecord | undefined } | { readonly claimed: false; readonly record: ReminderRecord };

const SESSION_COLUMNS = `id, platform, channel_id AS channelId, channel_name AS channelName, paper_id AS paperId,
  local_date AS localDate, local_time AS localTime, timezone, starts_at AS startsAt, reminders, created_by AS createdBy,
  created_at AS createdAt, cancelled_at AS cancelledAt`;
const REMINDER_COLUMNS = `session_id AS sessionId, lead, state, claimed_by AS claimedBy, claimed_at AS claimedAt,
  message_id AS messageId, error, attempts, updated_at AS updatedAt`;

/** Presenters, sessions and their reminders: the reading group's state, per channel. */
export class ReadingGroupRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  presenters(channel: ChannelKey, paperIds: readonly number[]): Map<number, PresenterClaim> {
    const get = this.db.prepare(
      `SELECT paper_id AS paperId, user_id AS userId, user_name AS userName, claimed_at AS claimedAt
       FROM reading_claims WHERE platform = ? AND channel_id = ? AND paper_id = ?`,
    );
    const found = new Map<number, PresenterClaim>();
    for (const id of new Set(paperIds)) {
      const row = get.get(channel.platform, channel.id, id) as PresenterClaim | undefined;
      if (row) found.set(id, row);
    }
    return found;
  }

  /** Makes `user` the paper's presenter unless someone is already; returns who presents it now. */
  claim(channel: ChannelKey, paperId: number, user: { id: string; name: string }, now: Date): { holder: PresenterClaim; created: boolean } {
    return this.db
      .transaction(() => {
        const { changes } = this.db
          .prepare(
            `INSERT INTO reading_claims (platform, channel_id, paper_id, user_id, user_name, claimed_at) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT DO NOTHING`,
          )
          .run(channel.platform, channel.id, paperId, user.id, user.name, now.toISOString());
        return { holder: this.presenters(channel, [paperId]).get(paperId)!, created: changes === 1 };
      })
      .immediate();
  }

  /** Drops the presenter's own claim; returns the claim as it was (someone else's stays). */
  unclaim(channel: ChannelKey, paperId: number, userId: string): PresenterClaim | undefined {
    return this.db
      .transaction(() => {
        const current = this.presenters(channel, [paperId]).get(paperId);
        if (current?.userId === userId)
          this.db
            .prepare('DELETE FROM reading_claims WHERE platform = ? AND channel_id = ? AND paper_id = ? AND user_id = ?')
            .run(channel.platform, channel.id, paperId, userId);
        return current;
      })
      .immediate();
  }

  addSession(session: NewSession): ReadingSession {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO reading_sessions (platform, channel_id, channel_name, paper_id, local_date, local_time, timezone, starts_at,
           reminders, created_by, created_at)
         VALUES (@platform, @channelId, @channelName, @paperId, @localDate, @localTime, @timezone, @startsAt, @reminders,
           @createdBy, @createdAt)`,
      )
      .run(session);
    return this.session(Number(lastInsertRowid))!;
  }

  /**
   * Schedules a session on a paper, calling off the channel's sessions on it that have not started by `now`, in
   * one transaction: two people scheduling the same paper at once leave one session, not two. Returns both.
   */
  reschedule(session: NewSession, now: Date): { session: ReadingSession; replaced: ReadingSession[] } {
    return this.db
      .transaction(() => {
        const replaced = this.db
          .prepare(
            `SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE platform = ? AND channel_id = ? AND paper_id = ?
             AND cancelled_at IS NULL AND starts_at > ? ORDER BY starts_at, id`,
          )
          .all(session.platform, session.channelId, session.paperId, now.toISOString()) as ReadingSession[];
        for (const old of replaced) this.cancelSession(old.id, now);
        return { session: this.addSession(session), replaced };
      })
      .immediate();
  }

  session(id: number): ReadingSession | undefined {
    return this.db.prepare(`SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE id = ?`).get(id) as ReadingSession | undefined;
  }

  /** Returns whether it was still on. */
  cancelSession(id: number, now: Date): boolean {
    const sql = 'UPDATE reading_sessions SET cancelled_at = ? WHERE id = ? AND cancelled_at IS NULL';
    return this.db.prepare(sql).run(now.toISOString(), id).changes === 1;
  }

  /** A channel's sessions that are not cancelled and start from `from` (ISO) on, soonest first. */
  upcoming(channel: ChannelKey, from: string, limit = 50): ReadingSession[] {
    return this.db
      .prepare(
        `SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE platform = ? AND channel_id = ? AND cancelled_at IS NULL
         AND starts_at >= ? ORDER BY starts_at, id LIMIT ?`,
      )
      .all(channel.platform, channel.id, from, limit) as ReadingSession[];
  }

  /** The zone of the channel's latest scheduled session, if any: the next one defaults to it. */
  latestZone(channel: ChannelKey): string | undefined {
    const sql = 'SELECT timezone FROM reading_sessions WHERE platform = ? AND channel_id = ? ORDER BY id DESC LIMIT 1';
    return this.db.prepare(sql).pluck().get(channel.platform, channel.id) as string | undefined;
  }

  /** Every channel's sessions, not cancelled, starting between `from` and `to` (ISO): what reminders look at. */
  startingBetween(from: string, to: string): ReadingSession[] {
    return this.db
      .prepare(
        `SELECT ${SESSION_COLUMNS} FROM reading_sessions WHERE cancelled_at IS NULL AND starts_at >= ? AND starts_at <= ?
         ORDER BY starts_at, id`,
      )
      .all(from, to) as ReadingSession[];
  }

  reminder(sessionId: number, lead: string): ReminderRecord | undefined {
    return this.db.prepare(`SELECT ${REMINDER_COLUMNS} FROM reading_reminders WHERE session_id = ? AND lead = ?`).get(sessionId, lead) as
      ReminderRecord | undefined;
  }

  /** The digest's claim: in an IMMEDIATE transaction, refused while another holder's claim is fresh or the reminder is done. */
  claimReminder(sessionId: number, lead: string, holder: string, now: Date, policy: ClaimPolicy): ReminderClaim {
    const at = now.toISOString();
    return this.db
      .transaction((): ReminderClaim => {
        const previous = this.reminder(sessionId, lead);
        // The digest's own refusal rules read only state, claimedAt, attempts and updatedAt, which a reminder has too.
        if (previous && claimRefusal(previous as unknown as DigestRecord, now, { ...policy, force: false }))
          return { claimed: false, record: previous };
        this.db
          .prepare(
            `INSERT INTO reading_reminders (session_id, lead, state, claimed_by, claimed_at, attempts, updated_at)
               VALUES (?, ?, 'claimed', ?, ?, ?, ?)
             ON CONFLICT (session_id, lead) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by,
               claimed_at = excluded.claimed_at, error = NULL, attempts = excluded.attempts, updated_at = excluded.updated_at`,
          )
          .run(sessionId, lead, holder, at, (previous?.attempts ?? 0) + 1, at);
        return { claimed: true, previous };
      })
      .immediate();
  }

  markReminder(
    sessionId: number,
    lead: string,
    holder: string,
    outcome: { state: 'posted'; messageId: string } | { state: 'failed' | 'skipped'; error: string },
    now: Date,
  ): boolean {
    const sql = `UPDATE reading_reminders SET state = ?, message_id = ?, error = ?, updated_at = ?
      WHERE session_id = ? AND lead = ? AND state = 'claimed' AND claimed_by = ?`;
    const messageId = outcome.state === 'posted' ? outcome.messageId : null;
    const error = outcome.state === 'posted' ? null : outcome.error;
    return this.db.prepare(sql).run(outcome.state, messageId, error, now.toISOString(), sessionId, lead, holder).changes === 1;
  }
}
