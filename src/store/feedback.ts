import type { Db } from './db.ts';
import type { ChatPlatform } from './types.ts';

/** Where feedback was given and by whom. */
export interface FeedbackKey {
  readonly platform: ChatPlatform;
  readonly channelId: string;
  readonly userId: string;
}

export type TasteMode = 'off' | 'boost' | 'filter';
type ChannelKey = { readonly platform: ChatPlatform; readonly id: string };

/** A channel's feedback on one paper, summed over its people. */
export interface PaperFeedback {
  readonly paperId: number;
  readonly likes: number;
  readonly dislikes: number;
  readonly saves: number;
  /** People here who asked for its summary or a comparison with it: the weakest signal. */
  readonly asked: number;
}

/**
 * Votes and saves per channel, person and paper. Each is a state keyed by all four, so an event delivered twice
 * counts once and a vote taken back is gone. Also FTS5's vocabulary (document frequencies) for taste's tf-idf.
 */
export class FeedbackRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** Sets a person's vote (1 like, -1 dislike, 0 none) and returns the one it replaced (0: none). */
  vote(key: FeedbackKey, paperId: number, value: 1 | -1 | 0, now: Date = new Date()): number {
    return this.set(key, paperId, 'vote', value, now);
  }

  /** Saves (true) or unsaves a paper to the person's reading list; returns whether it was saved before. */
  save(key: FeedbackKey, paperId: number, saved: boolean, now: Date = new Date()): boolean {
    return this.set(key, paperId, 'save', saved ? 1 : 0, now) === 1;
  }

  private set(key: FeedbackKey, paperId: number, kind: 'vote' | 'save', value: number, now: Date): number {
    const where = 'platform = ? AND channel_id = ? AND user_id = ? AND paper_id = ? AND kind = ?';
    const args = [key.platform, key.channelId, key.userId, paperId, kind] as const;
    return this.db
      .transaction(() => {
        const row = this.db.prepare(`SELECT value FROM feedback WHERE ${where}`).get(...args) as { value: number } | undefined;
        if (value === 0) this.db.prepare(`DELETE FROM feedback WHERE ${where}`).run(...args);
        else if (row?.value !== value)
          this.db
            .prepare(
              `INSERT INTO feedback (platform, channel_id, user_id, paper_id, kind, value, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
            )
            .run(...args, value, now.toISOString());
        return row?.value ?? 0;
      })
      .immediate();
  }

  /** Every paper this channel gave feedback on, with its likes, dislikes and saves (nobody else's). */
  ofChannel(channel: ChannelKey): PaperFeedback[] {
    return this.db
      .prepare(
        `SELECT paperId, sum(likes) AS likes, sum(dislikes) AS dislikes, sum(saves) AS saves, sum(asked) AS asked FROM (
           SELECT paper_id AS paperId, kind = 'vote' AND value > 0 AS likes, kind = 'vote' AND value < 0 AS dislikes,
             kind = 'save' AS saves, 0 AS asked FROM feedback WHERE platform = @platform AND channel_id = @id
           UNION ALL
           SELECT paper_id, 0, 0, 0, 1 FROM asked_about WHERE platform = @platform AND channel_id = @id)
         GROUP BY paperId ORDER BY paperId`,
      )
      .all({ platform: channel.platform, id: channel.id }) as PaperFeedback[];
  }

  /** Someone here asked for these papers' summary or compared them (once per person and paper counts). */
  recordAsked(channel: ChannelKey, userId: string, paperIds: readonly number[], now: Date): void {
    const insert = this.db.prepare(
      'INSERT OR REPLACE INTO asked_about (platform, channel_id, user_id, paper_id, asked_at) VALUES (?, ?, ?, ?, ?)',
    );
    this.db.transaction(() => {
      for (const id of paperIds) insert.run(channel.platform, channel.id, userId, id, now.toISOString());
    })();
  }

  /** One person's saved papers on a platform, newest save first. */
  savedBy(platform: ChatPlatform, userId: string, limit = 100): number[] {
    const rows = this.db
      .prepare(
        `SELECT paper_id AS id FROM feedback WHERE platform = ? AND user_id = ? AND kind = 'save'
         GROUP BY paper_id ORDER BY max(updated_at) DESC, paper_id DESC LIMIT ?`,
      )
      .all(platform, userId, limit) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Papers this channel liked or saved since `since` (ISO), most recent first. */
  likedOrSavedSince(channel: ChannelKey, since: string, limit = 100): number[] {
    return this.db
      .prepare(
        `SELECT paper_id FROM feedback WHERE platform = ? AND channel_id = ? AND updated_at >= ? AND value > 0
         GROUP BY paper_id ORDER BY max(updated_at) DESC, paper_id DESC LIMIT ?`,
      )
      .pluck()
      .all(channel.platform, channel.id, since, limit) as number[];
  }

  /** How a channel's taste shapes its digest: off, boost (default) or filter. */
  tasteMode(channel: ChannelKey): TasteMode {
    const mode = this.db
      .prepare('SELECT mode FROM taste_settings WHERE platform = ? AND channel_id = ?')
      .pluck()
      .get(channel.platform, channel.id);
    return (mode as TasteMode | undefined) ?? 'boost';
  }

  setTasteMode(channel: ChannelKey, mode: TasteMode, now: Date = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO taste_settings (platform, channel_id, mode, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT DO UPDATE SET mode = excluded.mode, updated_at = excluded.updated_at`,
      )
      .run(channel.platform, channel.id, mode, now.toISOString());
  }

  /** How many papers contain each term (FTS5's own vocabulary), and how many papers there are. */
  documentFrequencies(terms: Iterable<string>): { docs: number; df: Map<string, number> } {
    const lookup = this.db.prepare('SELECT doc FROM papers_vocab WHERE term = ?').pluck();
    const df = new Map<string, number>();
    for (const term of terms) df.set(term, (lookup.get(term) as number | undefined) ?? 0);
    const docs = this.db.prepare('SELECT count(*) FROM papers').pluck().get() as number;
    return { docs, df };
  }

  /** Papers sharing any of these terms, best bm25 first: candidates for "more like this". */
  sharingTerms(terms: readonly string[], limit: number): number[] {
    const query = terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' OR ');
    if (!query) return [];
    return this.db
      .prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT ?')
      .pluck()
      .all(query, limit) as number[];
  }
}
