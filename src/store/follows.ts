import type { Db } from './db.ts';
import type { ChatPlatform } from './types.ts';

type ChannelKey = { readonly platform: ChatPlatform; readonly id: string };

export type FollowKind = 'author' | 'org';

/** What the channel knew of a followed author when the follow was made: what later matches must share. */
export interface FollowContext {
  /** Normalised names of the author's co-authors. */
  readonly coauthors: readonly string[];
  /** Normalised organisation names and slugs. */
  readonly orgs: readonly string[];
  /** arXiv categories of the author's known papers. */
  readonly categories: readonly string[];
  /** How many known papers this was taken from. */
  readonly papers: number;
}

export interface Follow {
  readonly kind: FollowKind;
  /** As the person typed it ("Yann LeCun", "nvidia"). */
  readonly name: string;
  /** The normalised name the follow is keyed by. */
  readonly key: string;
  readonly context: FollowContext;
}

/** Authors and organisations each channel follows; nothing is shared between channels. */
export class FollowRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** Adds a follow; returns false when the channel already followed it (nothing changes then). */
  add(channel: ChannelKey, follow: Follow, now: Date = new Date()): boolean {
    const result = this.db
      .prepare(
        `INSERT INTO follows (platform, channel_id, kind, key, name, context, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(channel.platform, channel.id, follow.kind, follow.key, follow.name, JSON.stringify(follow.context), now.toISOString());
    return result.changes > 0;
  }

  /** Removes a follow; returns whether there was one. */
  remove(channel: ChannelKey, kind: FollowKind, key: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM follows WHERE platform = ? AND channel_id = ? AND kind = ? AND key = ?')
        .run(channel.platform, channel.id, kind, key).changes > 0
    );
  }

  /** This channel's follows, oldest first. */
  ofChannel(channel: ChannelKey): Follow[] {
    const rows = this.db
      .prepare('SELECT kind, key, name, context FROM follows WHERE platform = ? AND channel_id = ? ORDER BY created_at, key')
      .all(channel.platform, channel.id) as { kind: FollowKind; key: string; name: string; context: string }[];
    return rows.map((r) => ({ kind: r.kind, key: r.key, name: r.name, context: JSON.parse(r.context) as FollowContext }));
  }

  /** Ids of papers whose author list has this word (FTS5's authors column), newest first: where a follow's context comes from. */
  papersWithAuthorWord(word: string, limit = 200): number[] {
    const term = word.replace(/"/g, '""');
    if (!term.trim()) return [];
    return this.db
      .prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ?')
      .pluck()
      .all(`authors : "${term}"`, limit) as number[];
  }
}
