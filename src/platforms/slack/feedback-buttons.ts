/**
 * One-click feedback on Slack: the buttons under each numbered paper, and what a click or a reaction means.
 * A click runs the same command as typing it (`like <arXiv id>`), so it counts exactly as text feedback does:
 * a vote is a state per channel, person and paper, so a click delivered twice counts once.
 */
import type { PaperView } from '../../message/model.ts';

/** The commands a button runs; "Take back" is `unlike` (an explicit button: a repeated click must not toggle). */
export const FEEDBACK_ACTIONS = {
  paperboy_like: { command: 'like', label: '👍' },
  paperboy_dislike: { command: 'dislike', label: '👎' },
  paperboy_save: { command: 'save', label: 'Save' },
  paperboy_unvote: { command: 'unlike', label: 'Take back' },
} as const;

export type FeedbackActionId = keyof typeof FEEDBACK_ACTIONS;
export const FEEDBACK_ACTION_PATTERN = /^paperboy_(?:like|dislike|save|unvote)$/;

export interface ButtonElement {
  readonly type: 'button';
  readonly action_id: FeedbackActionId;
  readonly text: { readonly type: 'plain_text'; readonly text: string; readonly emoji: true };
  readonly value: string;
}

export interface ActionsBlock {
  readonly type: 'actions';
  readonly elements: readonly ButtonElement[];
}

/** The buttons under one paper; none for a paper without an arXiv id (the value names the paper). */
export function feedbackButtons(paper: PaperView): ActionsBlock | undefined {
  if (!paper.arxivId) return undefined;
  const value = paper.arxivId;
  return {
    type: 'actions',
    elements: (Object.keys(FEEDBACK_ACTIONS) as FeedbackActionId[]).map((id) => ({
      type: 'button',
      action_id: id,
      text: { type: 'plain_text', text: FEEDBACK_ACTIONS[id].label, emoji: true },
      value,
    })),
  };
}

/** The command a clicked button runs, or undefined for a button that is not ours or a value that is no arXiv id. */
export function commandOfAction(actionId: string, value: unknown): { command: string; ref: string } | undefined {
  const action = FEEDBACK_ACTIONS[actionId as FeedbackActionId];
  if (!action || typeof value !== 'string' || !/^[\w./-]{1,40}$/.test(value)) return undefined;
  return { command: action.command, ref: value };
}

/** Reactions that count as a like or a dislike (Slack's emoji names, skin tones stripped). */
const LIKE_REACTIONS = new Set(['+1', 'thumbsup', 'fire', 'star']);
const DISLIKE_REACTIONS = new Set(['-1', 'thumbsdown']);

export function voteOfReaction(reaction: string): 'like' | 'dislike' | undefined {
  const name = reaction.replace(/::skin-tone-\d$/, '');
  return LIKE_REACTIONS.has(name) ? 'like' : DISLIKE_REACTIONS.has(name) ? 'dislike' : undefined;
}
