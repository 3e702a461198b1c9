/**
 * Follow-ups' raw material: where papers were discussed, and what changed about a discussed paper when a
 * later listing merged into it (a new arXiv version, code or a project page, a journal reference or DOI,
 * upvotes passing a mark). One event row per (paper, kind, value): a change seen again is not a new event.
 */
import type { Statement } from 'better-sqlite3';
import type { ParsedPaper } from '../sources/types.ts';
import type { Db } from './db.ts';
import { REPLACEMENT, versionNumber, type Merged, type PaperRow } from './paper-merge.ts';
import type { ChatPlatform } from './types.ts';

interface ChannelKey {
  readonly platform: ChatPlatform;
  readonly id: string;
}

export type PaperEventKind = 'version' | 'code' | 'project' | 'journal' | 'doi' | 'upvotes';

export interface PaperChange {
  readonly kind: PaperEventKind;
  readonly value: string;
  /** The upvote count when a mark was passed; null otherwise. */
  readonly detail: string | null;
}

/** An event a channel has not been told about, with where it was last discussed there. */
export interface PendingEvent extends PaperChange {
  readonly id: number;
  readonly paperId: number;
  readonly detectedAt: string;
  /** The thread of the paper's latest discussion here ('' the channel itself). */
  readonly threadId: string;
  /** The paper's upvotes when this channel first discussed it. */
  readonly upvotesThen: number;
}

/** Upvote marks: every 10 to 100, every 50 to 1,000, then every 250. An event records the highest one passed. */
export function upvoteMark(upvotes: number): number {
  if (upvotes < 100) return Math.floor(upvotes / 10) * 10;
  if (upvotes < 1000) return Math.floor(upvotes / 50) * 50;
  return Math.floor(upvotes / 250) * 250;
}

const filled = (value: string | number | null | undefined): value is string => typeof value === 'string' && value.trim() !== '';

/** What a merge changed that a team that discussed the paper wants to hear. */
export function changesOf(row: PaperRow, merged: Merged, parsed: ParsedPaper): PaperChange[] {
  const changes: PaperChange[] = [];
  const seen = versionNumber(parsed.version);
  // A version above the highest known is new; so is the version an arXiv replacement announces, if none was known.
  if (seen > 0 && (row.arxiv_version ? seen > row.arxiv_version : REPLACEMENT.has(parsed.announceType ?? '')))
    changes.push({ kind: 'version', value: `v${seen}`, detail: null });
  const appeared = (kind: PaperEventKind, before: string | null, after: string | number | null) => {
    if (!filled(before) && filled(after)) changes.push({ kind, value: after.trim(), detail: null });
  };
  appeared('code', row.github_repo, merged.github_repo);
  appeared('project', row.project_page, merged.project_page);
  appeared('journal', row.journal_ref, merged.journal_ref);
  appeared('doi', row.doi, merged.doi);
  const upvotes = Number(merged.upvotes);
  if (upvoteMark(upvotes) > upvoteMark(row.upvotes))
    changes.push({ kind: 'upvotes', value: String(upvoteMark(upvotes)), detail: String(upvotes) });
  return changes;
}

const recorders = new WeakMap<Db, { watched: Statement; insert: Statement }>();

/** Inside the ingest transaction, for a paper a merge changed: its events, if anyone discussed it. Returns how many were new. */
export function recordChanges(db: Db, row: PaperRow, merged: Merged, parsed: ParsedPaper, at: string): number {
  let statements = recorders.get(db);
  if (!statements) {
    statements = {
      watched: db.prepare('SELECT 1 FROM paper_discussions WHERE paper_id = ? LIMIT 1'),
      insert: db.prepare('INSERT OR IGNORE INTO paper_events (paper_id, kind, value, detail, detected_at) VALUES (?, ?, ?, ?, ?)'),
    };
    recorders.set(db, statements);
  }
  if (!statements.watched.get(row.id)) return 0;
  let recorded = 0;
  for (const change of changesOf(row, merged, parsed)) {
    recorded += statements.insert.run(row.id, change.kind, change.value, change.detail, at).changes;
  }
  return recorded;
}

export class PaperEventRepo {
  private readonly db: Db;
  private readonly statements = new Map<string, Statement>();

  constructor(db: Db) {
    this.db = db;
  }

  private sql(text: string): Statement {
    let statement = this.statements.get(text);
    if (!statement) this.statements.set(text, (statement = this.db.prepare(text)));
    return statement;
  }

  /** Someone discussed these papers in this channel (and thread): they are watched there from now on. */
  discussed(channel: ChannelKey, threadId: string, paperIds: readonly number[], now: Date): void {
    const insert = this.sql(
      `INSERT INTO paper_discussions (platform, channel_id, thread_id, paper_id, first_at, last_at, upvotes_then)
        SELECT ?, ?, ?, id, ?, ?, upvotes FROM papers WHERE id = ?
      ON CONFLICT DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
    );
    const at = now.toISOString();
    this.db.transaction(() => {
      for (const id of paperIds) insert.run(channel.platform, channel.id, threadId, at, at, id);
    })();
  }

  /**
   * Events on papers this channel discussed that it was not told about: detected after its first discussion
   * of the paper, on papers discussed here since `watchedSince` (ISO). Oldest first.
   */
  pending(channel: ChannelKey, watchedSince: string): PendingEvent[] {
    return this.sql(
      `SELECT e.id, e.paper_id AS paperId, e.kind, e.value, e.detail, e.detected_at AS detectedAt, min(d.upvotes_then) AS upvotesThen,
          (SELECT t.thread_id FROM paper_discussions t WHERE t.platform = @platform AND t.channel_id = @id AND t.paper_id = e.paper_id
            ORDER BY t.thread_id = '', t.last_at DESC LIMIT 1) AS threadId
        FROM paper_events e JOIN paper_discussions d ON d.paper_id = e.paper_id AND d.platform = @platform AND d.channel_id = @id
        WHERE d.last_at >= @since AND e.detected_at >= d.first_at
          AND NOT EXISTS (SELECT 1 FROM followup_sent s WHERE s.platform = @platform AND s.channel_id = @id AND s.event_id = e.id)
        GROUP BY e.id ORDER BY e.id`,
    ).all({ platform: channel.platform, id: channel.id, since: watchedSince }) as PendingEvent[];
  }

  /** The events this channel was told about in notes dated `from` to `to` (local days, inclusive), oldest first. */
  toldBetween(channel: ChannelKey, from: string, to: string): PendingEvent[] {
    return this.sql(
      `SELECT e.id, e.paper_id AS paperId, e.kind, e.value, e.detail, e.detected_at AS detectedAt, s.thread_id AS threadId,
          coalesce((SELECT min(d.upvotes_then) FROM paper_discussions d
            WHERE d.platform = s.platform AND d.channel_id = s.channel_id AND d.paper_id = e.paper_id), 0) AS upvotesThen
        FROM followup_sent s JOIN paper_events e ON e.id = s.event_id
        WHERE s.platform = ? AND s.channel_id = ? AND s.note_date BETWEEN ? AND ? ORDER BY e.id`,
    ).all(channel.platform, channel.id, from, to) as PendingEvent[];
  }

  /** The thread of this channel's latest posted digest that listed the paper, for a discussion outside any thread. */
  digestThreadOf(channel: ChannelKey, paperId: number): string | undefined {
    return this.sql(
      `SELECT thread_id FROM digests WHERE platform = ? AND channel_id = ? AND state = 'posted' AND thread_id IS NOT NULL
        AND EXISTS (SELECT 1 FROM json_each(digests.paper_ids) WHERE value = ?) ORDER BY digest_date DESC LIMIT 1`,
    )
      .pluck()
      .get(channel.platform, channel.id, paperId) as string | undefined;
  }

  /** The newest event's id (0: none): a follow-up pass is due when it moves. */
  latestId(): number {
    return (this.sql('SELECT coalesce(max(id), 0) FROM paper_events').pluck().get() as number) ?? 0;
  }

  /** Every event of a paper, oldest first (for tests and the replay). */
  ofPaper(paperId: number): (PaperChange & { id: number; detectedAt: string })[] {
    return this.sql('SELECT id, kind, value, detail, detected_at AS detectedAt FROM paper_events WHERE paper_id = ? ORDER BY id').all(
      paperId,
    ) as (PaperChange & { id: number; detectedAt: string })[];
  }
}
