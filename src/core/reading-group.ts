/**
 * A channel's reading group: the week's candidates ranked by its votes (`shortlist`), and who presents what
 * (`claim`, `unclaim`: one presenter per paper per channel). Sessions and reminders: reading-group-sessions.ts.
 */
import type { CommandContext } from '../dispatch/define.ts';
import { UserError } from '../errors.ts';
import { notice, paperList } from '../message/build.ts';
import type { Reply } from '../message/model.ts';
import type { PresenterClaim } from '../store/reading-group.ts';
import type { Paper } from '../store/types.ts';
import { localDay } from './dates.ts';
import { commandHint, plural } from './hints.ts';
import { rank, WEIGHTS } from './rank.ts';
import { resolveRef, splitRefs } from './refs.ts';

export type ReadingContext = Pick<CommandContext, 'services' | 'channel' | 'user' | 'now' | 'thread'>;

const WEEK_MS = 7 * 86_400_000;
const CANDIDATES = 100;

/** Exactly one paper: a number from the last list, an arXiv id or title words. */
export async function onePaper(ctx: ReadingContext, ref: string, what: string): Promise<Paper> {
  const refs = splitRefs(ref);
  if (refs.length !== 1) {
    throw new UserError('bad-args', `${what} takes one paper at a time; you gave ${refs.length}.`, 'E.g. a number from the shortlist.');
  }
  const scope = { channel: ctx.channel, threadId: ctx.thread?.threadId ?? '', userId: ctx.user.id };
  return resolveRef(ctx.services.store, refs[0]!, scope);
}

/** How a command is typed here, in quotes: “/papers claim 2”. */
export const hintFor = (ctx: ReadingContext, text: string): string =>
  `“${commandHint(ctx.channel.platform, ctx.services.rootCommand, text)}”`;

/** A stable way to name a paper in hints: its arXiv id, else a number-free placeholder. */
export const refOf = (paper: Paper): string => paper.arxivId ?? '<number>';

/**
 * The week's candidates: papers this channel liked or saved in the last 7 days and those its digests showed,
 * best first by the channel's votes (rank.ts WEIGHTS.shortlist); papers the channel dislikes more than it likes are left out.
 */
export async function shortlist(ctx: ReadingContext, limit: number): Promise<Reply> {
  const { store } = ctx.services;
  const since = new Date(ctx.now.getTime() - WEEK_MS);
  const liked = await store.feedback.likedOrSavedSince(ctx.channel, since.toISOString(), CANDIDATES);
  const fromDay = localDay(since, (await store.subscriptions.get(ctx.channel))?.timezone);
  const digested = (await store.digests.history(ctx.channel, 14))
    .filter((d) => d.state === 'posted' && d.date >= fromDay)
    .flatMap((d) => d.paperIds);
  const ids = [...new Set([...liked, ...digested])].slice(0, CANDIDATES);
  const feedback = new Map((await store.feedback.ofChannel(ctx.channel)).map((f) => [f.paperId, f]));
  const votesOf = (paper: Paper) => {
    const f = feedback.get(paper.id);
    return { votes: (f?.likes ?? 0) - (f?.dislikes ?? 0), saves: f?.saves ?? 0 };
  };
  const wanted = (await store.papers.getMany(ids)).filter((p) => votesOf(p).votes + votesOf(p).saves >= 0);
  const papers = rank(wanted, { weights: WEIGHTS.shortlist, votes: votesOf, now: ctx.now.getTime() }).slice(0, limit);
  if (papers.length === 0) {
    return notice(
      'No candidates this week: nothing was liked, saved or posted in a digest here in the last 7 days.',
      `Like papers with ${hintFor(ctx, 'like 2')} after a digest or search; they show up here.`,
    );
  }
  const presenters = await store.readingGroup.presenters(
    ctx.channel,
    papers.map((p) => p.id),
  );
  const reasons = new Map(papers.map((p) => [p.id, standing(feedback.get(p.id), presenters.get(p.id))]));
  return paperList('Reading group shortlist', papers, {
    intro: `This week’s candidates, by this channel’s votes (a save counts half a like).`,
    reasons,
    note: `${hintFor(ctx, 'claim 1')} to present one; ${hintFor(ctx, 'schedule 1 thu 15:00')} to plan a session.`,
  });
}

function standing(f: { likes: number; dislikes: number; saves: number } | undefined, presenter: PresenterClaim | undefined): string {
  const votes = [
    f?.likes ? plural(f.likes, 'like') : '',
    f?.dislikes ? plural(f.dislikes, 'dislike') : '',
    f?.saves ? plural(f.saves, 'save') : '',
  ].filter(Boolean);
  const who = presenter ? `${presenter.userName} presents it` : 'no presenter yet';
  return `${votes.length > 0 ? votes.join(', ') : 'no votes yet'} · ${who}`;
}

/** "I'll present this": the first claim wins; a second person is told who has it. */
export async function claim(ctx: ReadingContext, ref: string): Promise<Reply> {
  const { store } = ctx.services;
  const paper = await onePaper(ctx, ref, 'claim');
  const { holder, created } = await store.readingGroup.claim(ctx.channel, paper.id, ctx.user, ctx.now);
  if (holder.userId !== ctx.user.id) {
    throw new UserError(
      'bad-args',
      `${holder.userName} already presents “${paper.title}” here (claimed ${localDay(new Date(holder.claimedAt))}).`,
      `Only they can give it back, with ${hintFor(ctx, `unclaim ${refOf(paper)}`)}; or pick another paper from the shortlist.`,
    );
  }
  return notice(
    created ? `${ctx.user.name} will present “${paper.title}”.` : `You already present “${paper.title}”.`,
    `${hintFor(ctx, `schedule ${refOf(paper)} thu 15:00`)} plans the session; ${hintFor(ctx, `unclaim ${refOf(paper)}`)} gives it back.`,
  );
}

/** Gives a paper back: only its presenter can. */
export async function unclaim(ctx: ReadingContext, ref: string): Promise<Reply> {
  const paper = await onePaper(ctx, ref, 'unclaim');
  const was = await ctx.services.store.readingGroup.unclaim(ctx.channel, paper.id, ctx.user.id);
  if (!was) return notice(`Nobody presents “${paper.title}” here.`, `${hintFor(ctx, `claim ${refOf(paper)}`)} takes it.`);
  if (was.userId !== ctx.user.id) {
    throw new UserError('bad-args', `${was.userName} presents “${paper.title}”; only they can give it back.`);
  }
  return notice(
    `${ctx.user.name} no longer presents “${paper.title}”.`,
    `Anyone can take it with ${hintFor(ctx, `claim ${refOf(paper)}`)}.`,
  );
}
