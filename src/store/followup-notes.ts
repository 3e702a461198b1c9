import type { Db } from './db.ts';
import { claimRefusal, type ClaimPolicy, type DigestRecord } from './digests.ts';
import type { ChatPlatform } from './types.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

/** Where and when: one follow-up note per channel, thread ('' the channel itself) and local day. */
export interface NotePlace {
  readonly channel: ChannelKey;
  readonly threadId: string;
  readonly date: string;
}

export interface FollowupNote {
  state: 'claimed' | 'posted' | 'failed';
  claimedBy: string | null;
  claimedAt: string | null;
  messageId: string | null;
  eventIds: number[];
  attempts: number;
  updatedAt: string;
}

export interface NoteRow {
  state: FollowupNote['state'];
  claimed_by: string | null;
  claimed_at: string | null;
  message_id: string | null;
  event_ids: string;
  attempts: number;
  updated_at: string;
}

export type FollowupClaim =
  { readonly claimed: true; readonly previous: FollowupNote | undefined } | { readonly claimed: false; readonly note: FollowupNote };

const KEY = 'platform = ? AND channel_id = ? AND thread_id = ? AND note_date = ?';
const keyOf = (p: NotePlace) => [p.channel.platform, p.channel.id, p.threadId, p.date] as const;

/** The digest's exactly-once rules (claim in an IMMEDIATE transaction, updates only for the holder) for follow-up notes. */
/** A note's row as both engines return it. */
export const toNote = (row: NoteRow): FollowupNote => ({
  state: row.state,
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at,
  messageId: row.message_id,
  eventIds: JSON.parse(row.event_ids) as number[],
  attempts: row.attempts,
  updatedAt: row.updated_at,
});

export class FollowupNoteRepo {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  get(place: NotePlace): FollowupNote | undefined {
    const row = this.db.prepare(`SELECT * FROM followup_notes WHERE ${KEY}`).get(...keyOf(place)) as NoteRow | undefined;
    return row ? toNote(row) : undefined;
  }

  claim(place: NotePlace, holder: string, now: Date, policy: ClaimPolicy): FollowupClaim {
    const at = now.toISOString();
    return this.db
      .transaction((): FollowupClaim => {
        const previous = this.get(place);
        // The digest's own refusal rules read only state, claimedAt, attempts and updatedAt, which a note has too.
        if (previous && claimRefusal(previous as unknown as DigestRecord, now, { ...policy, force: false }))
          return { claimed: false, note: previous };
        this.db
          .prepare(
            `INSERT INTO followup_notes (platform, channel_id, thread_id, note_date, state, claimed_by, claimed_at, attempts, updated_at)
              VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?, ?)
            ON CONFLICT (platform, channel_id, thread_id, note_date) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by,
              claimed_at = excluded.claimed_at, error = NULL, attempts = excluded.attempts, updated_at = excluded.updated_at`,
          )
          .run(...keyOf(place), holder, at, (previous?.attempts ?? 0) + 1, at);
        return { claimed: true, previous };
      })
      .immediate();
  }

  /** The events the note will tell, kept with the claim so a recovered post still records them as told. */
  recordComposed(place: NotePlace, holder: string, eventIds: readonly number[], now: Date): boolean {
    return this.update(place, holder, 'event_ids = ?, updated_at = ?', [JSON.stringify(eventIds), now.toISOString()]);
  }

  /** Posted: the note and its events as told to the channel, in one transaction. */
  markPosted(place: NotePlace, holder: string, messageId: string, eventIds: readonly number[], now: Date): boolean {
    return this.db
      .transaction(() => {
        const set = "state = 'posted', message_id = ?, event_ids = ?, error = NULL, updated_at = ?";
        if (!this.update(place, holder, set, [messageId, JSON.stringify(eventIds), now.toISOString()])) return false;
        const told = this.db.prepare(
          `INSERT OR IGNORE INTO followup_sent (platform, channel_id, event_id, thread_id, note_date)
            SELECT ?, ?, id, ?, ? FROM paper_events WHERE id = ?`,
        );
        for (const id of eventIds) told.run(place.channel.platform, place.channel.id, place.threadId, place.date, id);
        return true;
      })
      .immediate();
  }

  markFailed(place: NotePlace, holder: string, error: string, now: Date): boolean {
    return this.update(place, holder, "state = 'failed', error = ?, updated_at = ?", [error, now.toISOString()]);
  }

  /** Drops the holder's claim when there was nothing to post after all. */
  release(place: NotePlace, holder: string): boolean {
    const sql = `DELETE FROM followup_notes WHERE ${KEY} AND state = 'claimed' AND claimed_by = ?`;
    return this.db.prepare(sql).run(...keyOf(place), holder).changes === 1;
  }

  private update(place: NotePlace, holder: string, set: string, values: unknown[]): boolean {
    const sql = `UPDATE followup_notes SET ${set} WHERE ${KEY} AND state = 'claimed' AND claimed_by = ?`;
    return this.db.prepare(sql).run(...values, ...keyOf(place), holder).changes === 1;
  }
}
