/**
 * Follow-up notes on PostgreSQL, with ../followup-notes.ts's exactly-once rules. SQLite claims in a BEGIN
 * IMMEDIATE transaction; here the claim is the row, taken as digests' are (claim-row.ts), so two replicas
 * claiming at once cannot both win. Updates hold only for the claim's holder.
 */
import type pg from 'pg';
import type { Async } from '../async.ts';
import { claimRefusal, type ClaimPolicy, type DigestRecord } from '../digests.ts';
import { toNote, type FollowupClaim, type FollowupNote, type FollowupNoteRepo, type NotePlace, type NoteRow } from '../followup-notes.ts';
import { takeClaim } from './claim-row.ts';
import { inTransaction, type PgPool } from './db.ts';

const NOTES = { name: 'followup_notes', keys: ['platform', 'channel_id', 'thread_id', 'note_date'] } as const;

const KEY = 'platform = $1 AND channel_id = $2 AND thread_id = $3 AND note_date = $4';
const keyOf = (p: NotePlace) => [p.channel.platform, p.channel.id, p.threadId, p.date];

export class PgFollowupNoteRepo implements Async<FollowupNoteRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async get(place: NotePlace): Promise<FollowupNote | undefined> {
    const { rows } = await this.pool.query<NoteRow>(`SELECT * FROM followup_notes WHERE ${KEY}`, keyOf(place));
    return rows[0] ? toNote(rows[0]) : undefined;
  }

  async claim(place: NotePlace, holder: string, now: Date, policy: ClaimPolicy): Promise<FollowupClaim> {
    // The digest's own refusal rules read only state, claimedAt, attempts and updatedAt, which a note has too.
    const refuse = (row: NoteRow) => claimRefusal(toNote(row) as unknown as DigestRecord, now, { ...policy, force: false });
    const taken = await takeClaim(this.pool, NOTES, keyOf(place), holder, now, refuse);
    return taken.won ? { claimed: true, previous: taken.previous && toNote(taken.previous) } : { claimed: false, note: toNote(taken.row) };
  }

  async recordComposed(place: NotePlace, holder: string, eventIds: readonly number[], now: Date): Promise<boolean> {
    return this.update(this.pool, place, holder, 'event_ids = $6, updated_at = $7', [JSON.stringify(eventIds), now.toISOString()]);
  }

  /** Posted: the note and its events as told to the channel, in one transaction. */
  async markPosted(place: NotePlace, holder: string, messageId: string, eventIds: readonly number[], now: Date): Promise<boolean> {
    return inTransaction(this.pool, async (client) => {
      const set = "state = 'posted', message_id = $6, event_ids = $7, error = NULL, updated_at = $8";
      if (!(await this.update(client, place, holder, set, [messageId, JSON.stringify(eventIds), now.toISOString()]))) return false;
      await client.query(
        `INSERT INTO followup_sent (platform, channel_id, event_id, thread_id, note_date)
          SELECT $1, $2, id, $3, $4 FROM paper_events WHERE id = ANY($5::int[]) ORDER BY id ON CONFLICT DO NOTHING`,
        [place.channel.platform, place.channel.id, place.threadId, place.date, [...eventIds]],
      );
      return true;
    });
  }

  async markFailed(place: NotePlace, holder: string, error: string, now: Date): Promise<boolean> {
    return this.update(this.pool, place, holder, "state = 'failed', error = $6, updated_at = $7", [error, now.toISOString()]);
  }

  /** Drops the holder's claim when there was nothing to post after all. */
  async release(place: NotePlace, holder: string): Promise<boolean> {
    const sql = `DELETE FROM followup_notes WHERE ${KEY} AND state = 'claimed' AND claimed_by = $5`;
    return (await this.pool.query(sql, [...keyOf(place), holder])).rowCount === 1;
  }

  /** `set` numbers its values from $6 ($1-$4 the place, $5 the holder). */
  private async update(on: PgPool | pg.PoolClient, place: NotePlace, holder: string, set: string, values: unknown[]): Promise<boolean> {
    const sql = `UPDATE followup_notes SET ${set} WHERE ${KEY} AND state = 'claimed' AND claimed_by = $5`;
    return (await on.query(sql, [...keyOf(place), holder, ...values])).rowCount === 1;
  }
}
