/**
 * The weekly roundup of one channel: the papers it liked, saved and asked about that week (with the digest
 * thread each was shown in), the week's most upvoted papers on its topics (through the one ranking), the
 * week's follow-ups (roundup-followups.ts), and a chart of the week's papers per topic per day.
 */
import type { Attachment, PaperView, Reply } from '../message/model.ts';
import { notice, paperList } from '../message/build.ts';
import type { ChannelRef } from '../platforms/types.ts';
import type { StoreApi } from '../store/api.ts';
import type { Paper } from '../store/types.ts';
import type { PaperActivity, PostedDigest } from '../store/weekly.ts';
import { stackedBarsPng, MAX_SERIES } from './chart.ts';
import { formatDay } from './dates.ts';
import { commandHint, numberHint, plural } from './hints.ts';
import { rankPapers, topicMatcher } from './rank.ts';
import { weekFollowUps } from './roundup-followups.ts';
import { isoWeek, shortDay, weekEndingOn } from './week.ts';

export interface RoundupRequest {
  readonly channel: ChannelRef;
  /** The roundup's own local day (YYYY-MM-DD): the week is the seven days ending with it. */
  readonly date: string;
  /** The week's start (local midnight six days before `date`) and its end (the roundup's time, or now). */
  readonly since: Date;
  readonly until: Date;
  /** The channel's topics: the weekly roundup's own, else its daily digest's. */
  readonly topics: readonly string[];
  readonly rootCommand?: string;
}

export interface ComposedRoundup {
  readonly week: string;
  readonly reply: Reply;
  /** The papers listed, in their numbered order. */
  readonly paperIds: readonly number[];
}

const MAX_PICKS = 10;
const MAX_TOP = 5;
const MAX_WEEK_PAPERS = 5_000;

/** The day a paper belongs to in the week, as `top` counts it: when it was last listed, else published, else first seen. */
export const paperDay = (paper: Paper): string => (paper.lastListedOn ?? paper.publishedAt ?? paper.firstSeenAt).slice(0, 10);

export async function composeRoundup(store: StoreApi, request: RoundupRequest): Promise<ComposedRoundup> {
  const { channel, date, topics } = request;
  const days = weekEndingOn(date);
  const week = isoWeek(date);
  const span = `${formatDay(days[0]!)} – ${formatDay(date)}`;
  const activity = await store.weekly.activity(channel, request.since.toISOString(), request.until.toISOString());
  const picked = await store.papers.getMany(activity.slice(0, MAX_PICKS).map((a) => a.paperId));
  const weekPapers = await store.digestQueries.topInPeriod({ from: days[0]!, to: date, limit: MAX_WEEK_PAPERS });
  const pickedIds = new Set(picked.map((p) => p.id));
  const onTopics = rankPapers(weekPapers, { topics, topicMode: topics.length > 0 ? 'filter' : 'tiebreak' });
  const top = onTopics.filter((p) => !pickedIds.has(p.id)).slice(0, MAX_TOP);
  const followUps = await weekFollowUps(store, channel, days[0]!, date);
  const command = (text: string) => commandHint(channel.platform, request.rootCommand, text);

  if (picked.length === 0 && top.length === 0 && followUps.length === 0) {
    return {
      week,
      paperIds: [],
      reply: notice(
        `A quiet week here (${span}): nothing liked, saved or listed.`,
        `“${command('top week')}” shows what the rest of the world upvoted.`,
      ),
    };
  }
  const reasons = new Map<number, string>();
  const threads = await store.weekly.postedDigests(channel, days[0]!, date);
  for (const a of activity) reasons.set(a.paperId, activityLine(a, threads));
  for (const p of top) reasons.set(p.id, `▲ ${p.upvotes} on HF`);
  const papers = [...picked, ...top];
  const sections = new Map<number, string>();
  if (picked.length > 0) sections.set(0, 'This channel’s picks: liked, saved and discussed');
  if (top.length > 0)
    sections.set(picked.length, topics.length > 0 ? `Most upvoted on your topics (${topics.join(', ')})` : 'Most upvoted this week');
  const list = paperList(`The week in papers — ${week}`, papers, {
    intro: `${span}: ${plural(weekPapers.length, 'paper')} listed, ${plural(activity.length, 'paper')} picked here.`,
    note: `Refer to papers by number: ${numberHint(channel.platform, request.rootCommand, ['summarize 1'])}.`,
    reasons,
    sections,
  });
  const withThread = (view: PaperView): PaperView => {
    const shown = pickedIds.has(view.paperId) ? threads.find((d) => d.paperIds.includes(view.paperId)) : undefined;
    return shown ? { ...view, thread: { messageId: shown.messageId, threadId: shown.threadId } } : view;
  };
  const listed: Reply = {
    ...list,
    papers: list.papers?.map(withThread),
    blocks: list.blocks.map((b) => (b.type === 'paper' ? { ...b, paper: withThread(b.paper) } : b)),
  };
  const followUpText = followUps.length > 0 ? `Follow-ups this week:\n${followUps.map((f) => `• ${f}`).join('\n')}` : '';
  const followUpBlocks = followUpText ? [{ type: 'text' as const, text: followUpText }] : [];
  // A week with nothing listed draws an empty frame: the text already says so.
  const chart = weekPapers.length > 0 ? await weekChart(weekPapers, days, topics, week) : undefined;
  return {
    week,
    paperIds: papers.map((p) => p.id),
    reply: {
      ...listed,
      blocks: [...listed.blocks, ...followUpBlocks],
      fallback: [listed.fallback, followUpText].filter(Boolean).join('\n\n'),
      ...(chart ? { attachments: [chart] } : {}),
    },
  };
}

/** "2 likes, 1 save · shown in the digest of Tue 8 Dec 2026 (its thread)". */
function activityLine(a: PaperActivity, digests: readonly PostedDigest[]): string {
  const parts = [
    a.likes > 0 ? plural(a.likes, 'like') : '',
    a.saves > 0 ? plural(a.saves, 'save') : '',
    a.asked > 0 ? `asked about by ${plural(a.asked, 'person')}`.replace('persons', 'people') : '',
  ].filter(Boolean);
  const shown = digests.find((d) => d.paperIds.includes(a.paperId));
  return `${parts.join(', ')}${shown ? ` · discussed in the thread of the digest of ${formatDay(shown.date)}` : ''}`;
}

/** The week's papers per topic per day, stacked: each paper counted once, under the first topic it matches. */
export function weekCounts(papers: readonly Paper[], days: readonly string[], topics: readonly string[]) {
  const shown = topics.slice(0, topics.length >= MAX_SERIES ? MAX_SERIES - 1 : topics.length);
  const matchers = shown.map((t) => topicMatcher([t]));
  const names = [...shown, shown.length > 0 ? 'other papers' : 'papers'];
  const counts = names.map(() => days.map(() => 0));
  for (const paper of papers) {
    const day = days.indexOf(paperDay(paper));
    if (day < 0) continue;
    const topic = matchers.findIndex((matches) => matches(paper) > 0);
    counts[topic < 0 ? names.length - 1 : topic]![day]! += 1;
  }
  return names.map((name, i) => ({ name, counts: counts[i]! })).filter((s, i) => i === names.length - 1 || s.counts.some((n) => n > 0));
}

async function weekChart(papers: readonly Paper[], days: readonly string[], topics: readonly string[], week: string): Promise<Attachment> {
  const series = weekCounts(papers, days, topics);
  const image = await stackedBarsPng({ title: `Papers per day, ${week}`, categories: days.map(shortDay), series });
  const totals = series.map((s) => `${s.name} ${s.counts.reduce((a, b) => a + b, 0)}`).join(', ');
  return {
    kind: 'image',
    filename: `roundup-${week}.png`,
    mimeType: 'image/png',
    data: image.png,
    alt: `Stacked bars: the week's papers per day by topic (${totals}).`,
    width: image.width,
    height: image.height,
  };
}
