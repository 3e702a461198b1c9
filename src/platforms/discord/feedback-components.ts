/**
 * One-click feedback on Discord: 👍 n / 👎 n buttons under a numbered list, two papers to an action row, so
 * a message's 5 rows of 5 buttons carry the first ten papers (wire-facts §4.4; the rest by `like <n>`).
 * The custom_id names the vote and the paper by arXiv id, so a click means the same whichever list came
 * later. A click runs `like|dislike <arXiv id>` as typed text would: a vote is a state, so a click delivered
 * twice counts once. The private answer to a vote carries one "Take back" button that runs `unlike`: an explicit
 * button rather than a second click toggling, because a click delivered twice must not undo itself, and a
 * third button per paper would leave room for only five papers under a list.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import type { Reply } from '../../message/model.ts';

const ROWS = 5;
const PAPERS_PER_ROW = 2;
const PREFIX = 'paperboy:';
const VOTES = { like: '👍', dislike: '👎' } as const;
type Vote = keyof typeof VOTES;

export type FeedbackRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/**
 * The rows for a reply's numbered papers. Past the ten that fit, the last row's spare slot holds a disabled
 * button that says how to vote on the rest, so the message's own text stays as it is.
 */
export function feedbackRows(reply: Reply): FeedbackRow[] {
  if (reply.feedback === false || reply.tone === 'error') return [];
  const papers = (reply.papers ?? []).filter((p) => p.rank !== undefined && p.arxivId);
  const shown = papers.slice(0, ROWS * PAPERS_PER_ROW);
  const rows: FeedbackRow[] = [];
  for (let i = 0; i < shown.length; i += PAPERS_PER_ROW) {
    const buttons = shown.slice(i, i + PAPERS_PER_ROW).flatMap((paper) =>
      (Object.keys(VOTES) as Vote[]).map((vote): APIButtonComponentWithCustomId => ({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: `${VOTES[vote]} ${paper.rank}`,
        custom_id: `${PREFIX}${vote}:${paper.arxivId}`,
      })),
    );
    rows.push({ type: ComponentType.ActionRow, components: buttons });
  }
  const left = papers.length - shown.length;
  if (left > 0) {
    const more: APIButtonComponentWithCustomId = {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: `+${left} more: “like <number>”`,
      custom_id: `${PREFIX}more`,
      disabled: true,
    };
    rows.at(-1)!.components.push(more);
  }
  return rows;
}

/** The row under the private answer to a vote: one button that takes that vote back. */
export function takeBackRow(arxivId: string): FeedbackRow {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Take back', custom_id: `${PREFIX}unlike:${arxivId}` }],
  };
}

export type ComponentCommand = { command: Vote | 'unlike'; ref: string };

/** The command a clicked button runs, or undefined for a custom_id that is not one of ours. */
export function commandOfComponent(customId: string): ComponentCommand | undefined {
  const match = /^paperboy:(like|dislike|unlike):([\w./-]{1,40})$/.exec(customId);
  return match ? { command: match[1] as ComponentCommand['command'], ref: match[2]! } : undefined;
}

/** Reactions that count as a vote (Discord sends unicode emoji by name, custom ones with an id). */
const REACTION_VOTES: Record<string, Vote> = { '👍': 'like', '🔥': 'like', '⭐': 'like', '👎': 'dislike' };

export function voteOfReaction(emoji: { id: string | null; name: string | null }): Vote | undefined {
  // Skin tones arrive as a modifier appended to 👍/👎 (U+1F3FB–U+1F3FF).
  const name = (emoji.name ?? '').replace(/[\u{1F3FB}-\u{1F3FF}]/gu, '');
  return emoji.id === null ? REACTION_VOTES[name] : undefined;
}
