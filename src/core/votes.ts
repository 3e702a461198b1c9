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

export async function applyFeedback(change: Change, ref: string, ctx: CommandContext): Promise<Reply> {
  const { store } = ctx.services;
  const scope = { channel: ctx.channel, threadId: ctx.thread?.threadId ?? '', userId: ctx.user.id };
  const papers = await resolveRefs(store, ref, scope, { min: 1, max: 10, what: change === 'unvote' ? 'unlike' : change });
  const key = { platform: ctx.channel.platform, channelId: ctx.channel.id, userId: ctx.user.id };
  const changed: Paper[] = [];
  const unchanged: Paper[] = [];
  for (const paper of papers) {
    const before =
      change === 'save' || change === 'unsave'
        ? Number(await store.feedback.save(key, paper.id, change === 'save', ctx.now))
        : await store.feedback.vote(key, paper.id, change === 'like' ? 1 : change === 'dislike' ? -1 : 0, ctx.now);
    const same = change === 'like' ? before === 1 : change === 'dislike' ? before === -1 : change === 'save' ? before === 1 : before === 0;
    (same ? unchanged : changed).push(paper);
  }
  await store.paperEvents.discussed(
    ctx.channel,
    scope.threadId,
    papers.map((p) => p.id),
    ctx.now,
  );
  const [did, already] = DONE[change];
  const lines = [changed.length > 0 ? `${did} ${quote(changed)}.` : '', unchanged.length > 0 ? `${quote(unchanged)}: ${already}.` : ''];
  const hint =
    change === 'save' || change === 'unsave'
      ? 'Your reading list is yours alone: “saved” shows it.'
      : 'Votes shape this channel’s digests (and no other channel’s); “why <number>” explains a paper’s place.';
  return notice(lines.filter(Boolean).join(' '), hint);
}

/**
 * A summary, comparison or question asked for here teaches the channel's taste a little (ASKED_WEIGHT). It is the
 * weakest signal: a store that is busy or read-only skips it rather than fail the answer.
 */
export async function noteAsked(ctx: NotingContext, papers: readonly Paper[]): Promise<void> {
  await bestEffort(async () => {
    await noteDiscussed(ctx, papers, { inThreadOnly: false });
    await ctx.services.store.feedback.recordAsked(
      ctx.channel,
      ctx.user.id,
      papers.map((p) => p.id),
      ctx.now,
    );
  });
}

type NotingContext = Pick<CommandContext, 'services' | 'channel' | 'user' | 'now' | 'thread'>;

/**
 * Discussed here (and in this thread): watched for follow-ups (src/scheduler/followups.ts). Looking a paper up
 * (`paper 3`, `why 3`) counts only in a thread, where the team talks; alone in the channel it is one person's look.
 */
export async function noteDiscussed(ctx: NotingContext, papers: readonly Paper[], options = { inThreadOnly: true }): Promise<void> {
  if (options.inThreadOnly && !ctx.thread) return;
  await bestEffort(async () =>
    ctx.services.store.paperEvents.discussed(
      ctx.channel,
      ctx.thread?.threadId ?? '',
      papers.map((p) => p.id),
      ctx.now,
    ),
  );
}

async function bestEffort(write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!/^SQLITE_(BUSY|READONLY|FULL)/.test(String((error as { code?: unknown }).code))) throw error;
  }
}
