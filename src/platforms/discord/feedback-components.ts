/**
 * One-click feedback on Discord: 👍 n / 👎 n buttons under a numbered list, two papers to an action row, so
 * a message's 5 rows of 5 buttons carry the first ten papers (wire-facts §4.4; the rest by `like <n>`).
 * The custom_id names the vote and the paper by arXiv id, so a click means the same whichever list came
 * later. A click runs `like|dislike <arXiv id>` as typed text would: a vote is a state, so a click delivered
 * twice counts once; `unlike <n>` takes it back.
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

/** The command a clicked button runs, or undefined for a custom_id that is not one of ours. */
export function commandOfComponent(customId: string): { command: Vote; ref: string } | undefined {
  const match = /^paperboy:(like|dislike):([\w./-]{1,40})$/.exec(customId);
  return match ? { command: match[1] as Vote, ref: match[2]! } : undefined;
}
