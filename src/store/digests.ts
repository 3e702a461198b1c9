import type { Statement } from 'better-sqlite3';
import type { Db } from './db.ts';
import { DigestNotes } from './digest-notes.ts';
import type { ChatPlatform } from './types.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

export type DigestState = 'claimed' | 'posted' | 'failed' | 'missed' | 'skipped';

/** The exactly-once record of one digest: one row per (platform, channel, local date). */
export interface DigestRecord {
  platform: ChatPlatform;
  channelId: string;
  /** The digest's local date (YYYY-MM-DD) in the channel's time zone. */
  date: string;
  state: DigestState;
  claimedBy: string | null;
  claimedAt: string | null;
  /** When the paper list was composed; the next digest takes papers first seen after this. */
  composedAt: string | null;
  messageId: string | null;
  threadId: string | null;
  paperIds: number[];
  note: string | null;
  error: string | null;
  attempts: number;
  updatedAt: string;
}

export interface ClaimPolicy {
  /** A claim older than this whose holder never finished is presumed dead and may be taken over. */
  readonly staleAfterMs: number;
  /** Failed or abandoned attempts stop being retried after this many. */
  readonly maxAttempts: number;
  /** A failed digest is retried no sooner than this after its last attempt. */
  readonly retryDelayMs: number;
  /** Operator action: claim again even a posted, skipped or missed digest (never a live claim). */
  readonly force?: boolean;
}

export type ClaimResult =
  | { readonly claimed: true; readonly attempt: number; readonly previous: DigestRecord | undefined }
  | { readonly claimed: false; readonly reason: 'done' | 'in-progress' | 'retry-later' | 'gave-up'; readonly record: DigestRecord };

export interface DigestRow {
  platform: ChatPlatform;
  channel_id: string;
  digest_date: string;
  state: DigestState;
  claimed_by: string | null;
  claimed_at: string | null;
  composed_at: string | null;
  message_id: string | null;
  thread_id: string | null;
  paper_ids: string;
  note: string | null;
  error: string | null;
  attempts: number;
  updated_at: string;
}

export const toRecord = (row: DigestRow): DigestRecord => ({
  platform: row.platform,
  channelId: row.channel_id,
  date: row.digest_date,
  state: row.state,
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at,
  composedAt: row.composed_at,
  messageId: row.message_id,
  threadId: row.thread_id,
  paperIds: JSON.parse(row.paper_ids) as number[],
  note: row.note,
  error: row.error,
  attempts: row.attempts,
  updatedAt: row.updated_at,
});

/** Why an existing record may not be claimed now, or null when it may. */
export function claimRefusal(
  record: DigestRecord,
  now: Date,
  policy: ClaimPolicy,
): Exclude<ClaimResult, { claimed: true }>['reason'] | null {
  const age = (iso: string | null) => now.getTime() - Date.parse(iso ?? '1970-01-01T00:00:00Z');
  if (record.state === 'claimed') {
    if (age(record.claimedAt) < policy.staleAfterMs) return 'in-progress';
    return policy.force || record.attempts < policy.maxAttempts ? null : 'gave-up';
  }
  if (policy.force) return null;
  if (record.state !== 'failed') return 'done';
  if (record.attempts >= policy.maxAttempts) return 'gave-up';
  return age(record.updatedAt) < policy.retryDelayMs ? 'retry-later' : null;
}

/**
 * Digest state. Every transition is conditional on the current state and claim holder, so two
 * processes on one file can never both own a digest: `claim` runs in an IMMEDIATE transaction
 * (the write lock is taken before the row is read), and the later updates only apply to the holder's claim.
 */
export class DigestRepo {
  private readonly statements = new Map<string, Statement>();

  private readonly db: Db;

  /** Follow-up notes in a digest's thread (late papers), with the digest's exactly-once rules. */
  readonly notes: DigestNotes;

  constructor(db: Db) {
    this.db = db;
    this.notes = new DigestNotes(db);
  }

  /** Prepared once per SQL text: a tick asks the same few questions for every channel. */
  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  get(channel: ChannelKey, date: string): DigestRecord | undefined {
    const row = this.sql('SELECT * FROM digests WHERE platform = ? AND channel_id = ? AND digest_date = ?').get(
      channel.platform,
      channel.id,
      date,
    ) as DigestRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  claim(channel: ChannelKey, date: string, holder: string, now: Date, policy: ClaimPolicy): ClaimResult {
    const at = now.toISOString();
    return this.db
      .transaction((): ClaimResult => {
        const previous = this.get(channel, date);
        const refused = previous ? claimRefusal(previous, now, policy) : null;
        if (previous && refused) return { claimed: false, reason: refused, record: previous };
        const attempt = (previous?.attempts ?? 0) + 1;
        this.sql(
          `INSERT INTO digests (platform, channel_id, digest_date, state, claimed_by, claimed_at, attempts, updated_at)
          VALUES (?, ?, ?, 'claimed', ?, ?, ?, ?)
        ON CONFLICT (platform, channel_id, digest_date) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by,
          claimed_at = excluded.claimed_at, error = NULL, attempts = excluded.attempts, updated_at = excluded.updated_at`,
        ).run(channel.platform, channel.id, date, holder, at, attempt, at);
        return { claimed: true, attempt, previous };
      })
      .immediate();
  }

  /**
   * Keeps the composed list with the claim, so a recovered post still knows what its numbers refer to.
   * `composedAt` is when the papers were read: the next digest starts from there.
   */
  recordComposed(channel: ChannelKey, date: string, holder: string, paperIds: readonly number[], composedAt: Date, now: Date): boolean {
    return this.updateClaim(channel, date, holder, 'composed_at = @composedAt, paper_ids = @paperIds, updated_at = @at', {
      at: now.toISOString(),
      composedAt: composedAt.toISOString(),
      paperIds: JSON.stringify(paperIds),
    });
  }

  markPosted(
    channel: ChannelKey,
    date: string,
    holder: string,
    posted: { messageId: string; threadId: string; note?: string },
    now: Date,
  ): boolean {
    return this.updateClaim(
      channel,
      date,
      holder,
      "state = 'posted', message_id = @messageId, thread_id = @threadId, note = @note, error = NULL, updated_at = @at",
      {
        at: now.toISOString(),
        messageId: posted.messageId,
        threadId: posted.threadId,
        note: posted.note ?? null,
      },
    );
  }

  markSkipped(channel: ChannelKey, date: string, holder: string, note: string, now: Date): boolean {
    return this.updateClaim(channel, date, holder, "state = 'skipped', note = @note, updated_at = @at", { at: now.toISOString(), note });
  }

  markFailed(channel: ChannelKey, date: string, holder: string, error: string, now: Date): boolean {
    return this.updateClaim(channel, date, holder, "state = 'failed', error = @error, updated_at = @at", { at: now.toISOString(), error });
  }

  /** Records a digest that was never attempted in time. Does nothing when the day already has a record. */
  recordMissed(channel: ChannelKey, date: string, note: string, now: Date): boolean {
    return (
      this.sql(
        `INSERT INTO digests (platform, channel_id, digest_date, state, note, updated_at) VALUES (?, ?, ?, 'missed', ?, ?)
      ON CONFLICT DO NOTHING`,
      ).run(channel.platform, channel.id, date, note, now.toISOString()).changes === 1
    );
  }

  /** The channel's latest posted or skipped digest before `date`: where "new since the last digest" starts. */
  lastDelivered(channel: ChannelKey, beforeDate: string): DigestRecord | undefined {
    const row = this.sql(
      `SELECT * FROM digests WHERE platform = ? AND channel_id = ? AND digest_date < ? AND state IN ('posted', 'skipped')
      ORDER BY digest_date DESC LIMIT 1`,
    ).get(channel.platform, channel.id, beforeDate) as DigestRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** The channel's digests, newest first. */
  history(channel: ChannelKey, limit = 10): DigestRecord[] {
    return (
      this.sql('SELECT * FROM digests WHERE platform = ? AND channel_id = ? ORDER BY digest_date DESC LIMIT ?').all(
        channel.platform,
        channel.id,
        limit,
      ) as DigestRow[]
    ).map(toRecord);
  }

  private updateClaim(channel: ChannelKey, date: string, holder: string, sets: string, values: Record<string, string | null>): boolean {
    return (
      this.sql(
        `UPDATE digests SET ${sets}
      WHERE platform = @platform AND channel_id = @channelId AND digest_date = @date AND state = 'claimed' AND claimed_by = @holder`,
      ).run({ ...values, platform: channel.platform, channelId: channel.id, date, holder }).changes === 1
    );
  }
}

export interface LeaseInfo {
  holder: string;
  expiresAt: Date;
}

/** Single-row leases with an expiry: whoever holds "scheduler" runs the schedule; the others take over when it lapses. */
export class LeaseRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** Takes the lease if it is free, expired or already ours (then extends it). True when `holder` holds it afterwards. */
  acquire(name: string, holder: string, ttlMs: number, now: Date): boolean {
    return (
      this.db
        .prepare(
          `INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
      ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
      WHERE leases.holder = excluded.holder OR leases.expires_at <= @now`,
        )
        .run({ name, holder, expires: now.getTime() + ttlMs, now: now.getTime() }).changes === 1
    );
  }

  /** Extends a lease still held; false once it has lapsed (another instance may have it now). */
  renew(name: string, holder: string, ttlMs: number, now: Date): boolean {
    return (
      this.db
        .prepare('UPDATE leases SET expires_at = ? WHERE name = ? AND holder = ? AND expires_at > ?')
        .run(now.getTime() + ttlMs, name, holder, now.getTime()).changes === 1
    );
  }

  release(name: string, holder: string): boolean {
    return this.db.prepare('DELETE FROM leases WHERE name = ? AND holder = ?').run(name, holder).changes === 1;
  }

  get(name: string): LeaseInfo | undefined {
    const row = this.db.prepare('SELECT holder, expires_at FROM leases WHERE name = ?').get(name) as
      { holder: string; expires_at: number } | undefined;
    return row ? { holder: row.holder, expiresAt: new Date(row.expires_at) } : undefined;
  }
}
