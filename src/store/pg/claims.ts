/** Digest claims and their thread notes on PostgreSQL (contract.ts's DigestClaims): the only SQL for them there. */
import type { ChannelKey, DigestClaims, DigestNoteClaims } from '../contract.ts';
import { toNote, type DigestNote, type NoteClaim, type NoteRow } from '../digest-notes.ts';
import { claimRefusal, toRecord, type ClaimPolicy, type ClaimResult, type DigestRecord, type DigestRow } from '../digests.ts';
import { selectClaimRow, takeClaim, updateHeld, type ClaimTable } from './claim-row.ts';
import type { PgPool } from './db.ts';

const DIGESTS: ClaimTable = { name: 'digests', keys: ['platform', 'channel_id', 'digest_date'] };
const NOTES: ClaimTable = { name: 'digest_notes', keys: ['platform', 'channel_id', 'digest_date', 'kind'] };

/** `sets` for updateHeld: "column = $n" for each column, numbered after a key of `keyLength` values and the holder. */
const assign = (keyLength: number, columns: readonly string[]): string =>
  columns.map((column, i) => `${column} = $${keyLength + 2 + i}`).join(', ');

export class PgDigestClaims implements DigestClaims {
  private readonly pool: PgPool;
  readonly notes: PgDigestNoteClaims;

  constructor(pool: PgPool) {
    this.pool = pool;
    this.notes = new PgDigestNoteClaims(pool);
  }

  async get(channel: ChannelKey, date: string): Promise<DigestRecord | undefined> {
    const row = await selectClaimRow<DigestRow>(this.pool, DIGESTS, [channel.platform, channel.id, date]);
    return row ? toRecord(row) : undefined;
  }

  async claim(channel: ChannelKey, date: string, holder: string, now: Date, policy: ClaimPolicy): Promise<ClaimResult> {
    const taken = await takeClaim<DigestRow, NonNullable<ReturnType<typeof claimRefusal>>>(
      this.pool,
      DIGESTS,
      [channel.platform, channel.id, date],
      holder,
      now,
      (row) => claimRefusal(toRecord(row), now, policy),
    );
    if (!taken.won) return { claimed: false, reason: taken.reason, record: toRecord(taken.row) };
    return { claimed: true, attempt: taken.attempt, previous: taken.previous ? toRecord(taken.previous) : undefined };
  }

  recordComposed(channel: ChannelKey, date: string, holder: string, paperIds: readonly number[], composedAt: Date, now: Date) {
    return this.update(
      channel,
      date,
      holder,
      ['composed_at', 'paper_ids', 'updated_at'],
      [composedAt.toISOString(), JSON.stringify(paperIds), now.toISOString()],
    );
  }

  markPosted(channel: ChannelKey, date: string, holder: string, posted: { messageId: string; threadId: string; note?: string }, now: Date) {
    return this.update(
      channel,
      date,
      holder,
      ['state', 'message_id', 'thread_id', 'note', 'error', 'updated_at'],
      ['posted', posted.messageId, posted.threadId, posted.note ?? null, null, now.toISOString()],
    );
  }

  markSkipped(channel: ChannelKey, date: string, holder: string, note: string, now: Date) {
    return this.update(channel, date, holder, ['state', 'note', 'updated_at'], ['skipped', note, now.toISOString()]);
  }

  markFailed(channel: ChannelKey, date: string, holder: string, error: string, now: Date) {
    return this.update(channel, date, holder, ['state', 'error', 'updated_at'], ['failed', error, now.toISOString()]);
  }

  async recordMissed(channel: ChannelKey, date: string, note: string, now: Date): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO digests (platform, channel_id, digest_date, state, note, updated_at) VALUES ($1, $2, $3, 'missed', $4, $5)
       ON CONFLICT DO NOTHING`,
      [channel.platform, channel.id, date, note, now.toISOString()],
    );
    return result.rowCount === 1;
  }

  async lastDelivered(channel: ChannelKey, beforeDate: string): Promise<DigestRecord | undefined> {
    const { rows } = await this.pool.query<DigestRow>(
      `SELECT * FROM digests WHERE platform = $1 AND channel_id = $2 AND digest_date < $3 AND state IN ('posted', 'skipped')
       ORDER BY digest_date DESC LIMIT 1`,
      [channel.platform, channel.id, beforeDate],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async history(channel: ChannelKey, limit = 10): Promise<DigestRecord[]> {
    const { rows } = await this.pool.query<DigestRow>(
      'SELECT * FROM digests WHERE platform = $1 AND channel_id = $2 ORDER BY digest_date DESC LIMIT $3',
      [channel.platform, channel.id, limit],
    );
    return rows.map(toRecord);
  }

  private update(channel: ChannelKey, date: string, holder: string, columns: readonly string[], values: readonly unknown[]) {
    return updateHeld(this.pool, DIGESTS, [channel.platform, channel.id, date], holder, assign(3, columns), values);
  }
}

export class PgDigestNoteClaims implements DigestNoteClaims {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async list(channel: ChannelKey, date: string): Promise<DigestNote[]> {
    const { rows } = await this.pool.query<NoteRow>(
      'SELECT * FROM digest_notes WHERE platform = $1 AND channel_id = $2 AND digest_date = $3 ORDER BY updated_at, kind',
      [channel.platform, channel.id, date],
    );
    return rows.map(toNote);
  }

  async get(channel: ChannelKey, date: string, kind: string): Promise<DigestNote | undefined> {
    const row = await selectClaimRow<NoteRow>(this.pool, NOTES, [channel.platform, channel.id, date, kind]);
    return row ? toNote(row) : undefined;
  }

  async claim(channel: ChannelKey, date: string, kind: string, holder: string, now: Date, policy: ClaimPolicy): Promise<NoteClaim> {
    // The digest's refusal rules, as DigestNotes applies them: they read only what a note has too.
    const refuse = (row: NoteRow) => claimRefusal(toNote(row) as unknown as DigestRecord, now, { ...policy, force: false });
    const taken = await takeClaim(this.pool, NOTES, [channel.platform, channel.id, date, kind], holder, now, refuse);
    return taken.won
      ? { claimed: true, previous: taken.previous ? toNote(taken.previous) : undefined }
      : { claimed: false, note: toNote(taken.row) };
  }

  recordComposed(channel: ChannelKey, date: string, kind: string, holder: string, paperIds: readonly number[], now: Date) {
    return this.update(channel, date, kind, holder, ['paper_ids', 'updated_at'], [JSON.stringify(paperIds), now.toISOString()]);
  }

  markPosted(channel: ChannelKey, date: string, kind: string, holder: string, messageId: string, now: Date) {
    const columns = ['state', 'message_id', 'error', 'updated_at'];
    return this.update(channel, date, kind, holder, columns, ['posted', messageId, null, now.toISOString()]);
  }

  markFailed(channel: ChannelKey, date: string, kind: string, holder: string, error: string, now: Date) {
    return this.update(channel, date, kind, holder, ['state', 'error', 'updated_at'], ['failed', error, now.toISOString()]);
  }

  async release(channel: ChannelKey, date: string, kind: string, holder: string): Promise<boolean> {
    const result = await this.pool.query(
      `DELETE FROM digest_notes
       WHERE platform = $1 AND channel_id = $2 AND digest_date = $3 AND kind = $4 AND state = 'claimed' AND claimed_by = $5`,
      [channel.platform, channel.id, date, kind, holder],
    );
    return result.rowCount === 1;
  }

  private update(channel: ChannelKey, date: string, kind: string, holder: string, columns: readonly string[], values: readonly unknown[]) {
    return updateHeld(this.pool, NOTES, [channel.platform, channel.id, date, kind], holder, assign(4, columns), values);
  }
}
