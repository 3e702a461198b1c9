import type { Db } from './db.ts';
import { claimRefusal, type ClaimPolicy, type DigestRecord } from './digests.ts';
import type { ChatPlatform } from './types.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

/** One follow-up note in a digest's thread, keyed by channel + digest date + kind ('late:1', ...). */
export interface DigestNote {
  kind: string;
  state: 'claimed' | 'posted' | 'failed';
  claimedBy: string | null;
  claimedAt: string | null;
  messageId: string | null;
  paperIds: number[];
  attempts: number;
  updatedAt: string;
}

export interface NoteRow {
  kind: string;
  state: DigestNote['state'];
  claimed_by: string | null;
  claimed_at: string | null;
  message_id: string | null;
  paper_ids: string;
  attempts: number;
  updated_at: string;
}

export const toNote = (row: NoteRow): DigestNote => ({
  kind: row.kind,
  state: row.state,
  claimedBy: row.claimed_by,
  claimedAt: row.claimed_at,
  messageId: row.message_id,
  paperIds: JSON.parse(row.paper_ids) as number[],
  attempts: row.attempts,
  updatedAt: row.updated_at,
});

export type NoteClaim =
  { readonly claimed: true; readonly previous: DigestNote | undefined } | { readonly claimed: false; readonly note: DigestNote };

/** The digest's exactly-once rules (claim in an IMMEDIATE transaction, updates only for the holder) for its thread notes. */
export class DigestNotes {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  list(channel: ChannelKey, date: string): DigestNote[] {
    const rows = this.db
      .prepare('SELECT * FROM digest_notes WHERE platform = ? AND channel_id = ? AND digest_date = ? ORDER BY updated_at, kind')
      .all(channel.platform, channel.id, date) as NoteRow[];
    return rows.map(toNote);
  }

  get(channel: ChannelKey, date: string, kind: string): DigestNote | undefined {
    const row = this.db
      .prepare('SELECT * FROM digest_notes WHERE platform = ? AND channel_id = ? AND digest_date = ? AND kind = ?')
      .get(channel.platform, channel.id, date, kind) as NoteRow | undefined;
    return row ? toNote(row) : undefined;
  }

  claim(channel: ChannelKey, date: string, kind: string, holder: string, now: Date, policy: ClaimPolicy): NoteClaim {
    const at = now.toISOString();
    return this.db
      .transaction((): NoteClaim => {
        const previous = this.get(channel, date, kind);
        // The digest's own refusal rules: they read only state, claimedAt, attempts and updatedAt, which a note has too.
        if (previous && claimRefusal(previous as unknown as DigestRecord, now, { ...policy, force: false }))
          return { claimed: false, note: previous };
        this.db
          .prepare(
            `INSERT INTO digest_notes (platform, channel_id, digest_date, kind, state, claimed_by, claimed_at, attempts, updated_at)
              VALUES (?, ?, ?, ?, 'claimed', ?, ?, ?, ?)
            ON CONFLICT (platform, channel_id, digest_date, kind) DO UPDATE SET state = 'claimed', claimed_by = excluded.claimed_by,
              claimed_at = excluded.claimed_at, error = NULL, attempts = excluded.attempts, updated_at = excluded.updated_at`,
          )
          .run(channel.platform, channel.id, date, kind, holder, at, (previous?.attempts ?? 0) + 1, at);
        return { claimed: true, previous };
      })
      .immediate();
  }

  /** The papers a note will show, kept with the claim so a recovered post still extends the thread's list. */
  recordComposed(channel: ChannelKey, date: string, kind: string, holder: string, paperIds: readonly number[], now: Date): boolean {
    return this.update(channel, date, kind, holder, 'paper_ids = ?, updated_at = ?', [JSON.stringify(paperIds), now.toISOString()]);
  }

  markPosted(channel: ChannelKey, date: string, kind: string, holder: string, messageId: string, now: Date): boolean {
    return this.update(channel, date, kind, holder, "state = 'posted', message_id = ?, error = NULL, updated_at = ?", [
      messageId,
      now.toISOString(),
    ]);
  }

  markFailed(channel: ChannelKey, date: string, kind: string, holder: string, error: string, now: Date): boolean {
    return this.update(channel, date, kind, holder, "state = 'failed', error = ?, updated_at = ?", [error, now.toISOString()]);
  }

  /** Drops the holder's claim when there turned out to be nothing to post: the next refresh may look again. */
  release(channel: ChannelKey, date: string, kind: string, holder: string): boolean {
    const sql = `DELETE FROM digest_notes
      WHERE platform = ? AND channel_id = ? AND digest_date = ? AND kind = ? AND state = 'claimed' AND claimed_by = ?`;
    return this.db.prepare(sql).run(channel.platform, channel.id, date, kind, holder).changes === 1;
  }

  private update(channel: ChannelKey, date: string, kind: string, holder: string, set: string, values: unknown[]): boolean {
    const sql = `UPDATE digest_notes SET ${set}
      WHERE platform = ? AND channel_id = ? AND digest_date = ? AND kind = ? AND state = 'claimed' AND claimed_by = ?`;
    return this.db.prepare(sql).run(...values, channel.platform, channel.id, date, kind, holder).changes === 1;
  }
}
