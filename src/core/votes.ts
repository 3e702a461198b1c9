/** What like, dislike, unlike and save share: resolve the refs, change each paper's state once, say what changed. */
import type { CommandContext } from '../dispatch/define.ts';
import { notice } from '../message/build.ts';
import type { Reply } from '../message/model.ts';
import type { Paper } from '../store/types.ts';
import { resolveRefs } from './refs.ts';

export const REF_OPTION = {
  type: 'string',
  description: 'Numbers from the last list, arXiv ids, or title words',
  required: true,
  rest: true,
} as const;

export type Change = 'like' | 'dislike' | 'unvote' | 'save' | 'unsave';

const DONE: Record<Change, [string, string]> = {
  like: ['Liked', 'already liked'],
  dislike: ['Disliked', 'already disliked'],
  unvote: ['Took back your vote on', 'had no vote from you'],
  save: ['Saved', 'already in your reading list'],
  unsave: ['Removed from your reading list', 'not in your reading list'],
};

const quote = (papers: readonly Paper[]) => papers.map((p) => `“${p.title}”`).join(', ');

export function applyFeedback(change: Change, ref: string, ctx: CommandContext): Reply {
  const { store } = ctx.services;
  const scope = { channel: ctx.channel, threadId: ctx.thread?.threadId ?? '', userId: ctx.user.id };
  const papers = resolveRefs(store, ref, scope, { min: 1, max: 10, what: change === 'unvote' ? 'unlike' : change });
  const key = { platform: ctx.channel.platform, channelId: ctx.channel.id, userId: ctx.user.id };
  const changed: Paper[] = [];
  const unchanged: Paper[] = [];
  for (const paper of papers) {
    const before =
      change === 'save' || change === 'unsave'
        ? Number(store.feedback.save(key, paper.id, change === 'save', ctx.now))
        : store.feedback.vote(key, paper.id, change === 'like' ? 1 : change === 'dislike' ? -1 : 0, ctx.now);
    const same = change === 'like' ? before === 1 : change === 'dislike' ? before === -1 : change === 'save' ? before === 1 : before === 0;
    (same ? unchanged : changed).push(paper);
  }
  const [did, already] = DONE[change];
  const lines = [changed.length > 0 ? `${did} ${quote(changed)}.` : '', unchanged.length > 0 ? `${quote(unchanged)}: ${already}.` : ''];
  const hint =
    change === 'save' || change === 'unsave'
      ? 'Your reading list is yours alone: “saved” shows it.'
      : 'Votes shape this channel’s digests (and no other channel’s); “why <number>” explains a paper’s place.';
  return notice(lines.filter(Boolean).join(' '), hint);
}
