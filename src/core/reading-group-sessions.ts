/**
 * Reading-group sessions: `schedule` one in the channel's time zone, `agenda` for what is coming, `cancel` one,
 * and the reminder the scheduler posts before it (src/scheduler/reminders.ts decides when and posts it once).
 */
import { UserError } from '../errors.ts';
import { notice, paperList, toPaperView } from '../message/build.ts';
import type { Reply } from '../message/model.ts';
import type { PresenterClaim, ReadingSession } from '../store/reading-group.ts';
import type { Paper } from '../store/types.ts';
import { formatDay } from './dates.ts';
import { hintFor, onePaper, refOf, type ReadingContext } from './reading-group.ts';
import { DEFAULT_REMINDERS, parseReminders, remindersText, sessionStart, sessionTime, untilText, whenText } from './reading-group-time.ts';
import { resolveTimeZone } from './subscription.ts';

/** A session that started less than this ago is still on the agenda ("under way"). */
const UNDER_WAY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;

/** The zone a session is in: asked for, else the subscription's, else the channel's last session's, else UTC (said so). */
async function zoneFor(ctx: ReadingContext, asked: string | undefined): Promise<{ zone: string; note?: string }> {
  if (asked) return { zone: resolveTimeZone(asked) };
  const { store } = ctx.services;
  const known = (await store.subscriptions.get(ctx.channel))?.timezone ?? (await store.readingGroup.latestZone(ctx.channel));
  if (known) return { zone: known };
  return {
    zone: 'UTC',
    note: `This channel has no time zone yet (subscribe sets one), so I used UTC; add tz:Europe/Berlin (or yours) to choose.`,
  };
}

/** The channel's sessions on the agenda: not cancelled, starting at most an hour ago, soonest first. */
async function onAgenda(ctx: ReadingContext, limit = 50): Promise<ReadingSession[]> {
  const from = new Date(ctx.now.getTime() - UNDER_WAY_MS - DAY_MS).toISOString();
  return (await ctx.services.store.readingGroup.upcoming(ctx.channel, from, limit + 10))
    .filter((s) => sessionStart(s).getTime() > ctx.now.getTime() - UNDER_WAY_MS)
    .slice(0, limit);
}

export interface ScheduleArgs {
  readonly ref: string;
  readonly day: string;
  readonly time: string;
  readonly remind?: string | undefined;
  readonly tz?: string | undefined;
}

export async function schedule(ctx: ReadingContext, args: ScheduleArgs): Promise<Reply> {
  const { store } = ctx.services;
  const paper = await onePaper(ctx, args.ref, 'schedule');
  const { zone, note } = await zoneFor(ctx, args.tz);
  const reminders = parseReminders(args.remind ?? DEFAULT_REMINDERS).join(',');
  const when = sessionTime(args.day, args.time, zone, ctx.now);
  // One call: the paper's earlier sessions here are called off and this one added together.
  const { session, replaced: earlier } = await store.readingGroup.reschedule(
    {
      platform: ctx.channel.platform,
      channelId: ctx.channel.id,
      channelName: ctx.channel.name ?? null,
      paperId: paper.id,
      localDate: when.localDate,
      localTime: when.localTime,
      timezone: zone,
      startsAt: sessionStart({ ...when, timezone: zone }).toISOString(),
      reminders,
      createdBy: ctx.user.id,
      createdAt: ctx.now.toISOString(),
    },
    ctx.now,
  );
  const presenter = (await store.readingGroup.presenters(ctx.channel, [paper.id])).get(paper.id);
  const lines = [
    presenter ? `Presented by ${presenter.userName}.` : `No presenter yet: ${hintFor(ctx, `claim ${refOf(paper)}`)} takes it.`,
    earlier.length > 0 ? `Moved from ${earlier.map((s) => whenText(s, ctx.now)).join(', ')}.` : '',
    when.moved ? `${when.moved} does not exist that day in ${zone} (the clocks go forward), so it starts at ${when.localTime}.` : '',
    note ?? '',
  ];
  return sessionReply(`Reading group ${whenText(session, ctx.now)}`, paper, lines.filter(Boolean).join(' '), [
    remindersText(reminders),
    `${hintFor(ctx, 'agenda')} shows what is coming; ${hintFor(ctx, `cancel ${refOf(paper)}`)} calls it off.`,
  ]);
}

/** What is coming: each session with its time, presenter and paper, numbered so `claim 2` and `cancel 2` work. */
export async function agenda(ctx: ReadingContext, limit: number): Promise<Reply> {
  const { store } = ctx.services;
  const sessions = await onAgenda(ctx, limit);
  if (sessions.length === 0) {
    return notice(
      'Nothing is scheduled here.',
      `${hintFor(ctx, 'shortlist')} shows this week’s candidates; ${hintFor(ctx, 'schedule 1 thu 15:00')} plans a session.`,
    );
  }
  const papers = new Map((await store.papers.getMany(sessions.map((s) => s.paperId))).map((p) => [p.id, p]));
  const presenters = await store.readingGroup.presenters(ctx.channel, [...papers.keys()]);
  const shown = sessions.filter((s) => papers.has(s.paperId));
  const sections = new Map(
    shown.map((s, i) => {
      const start = sessionStart(s).getTime();
      const until = start > ctx.now.getTime() ? untilText(start - ctx.now.getTime()) : 'under way';
      const who = presenters.get(s.paperId)?.userName;
      return [
        i,
        `${formatDay(s.localDate)}, ${s.localTime} (${s.timezone}), ${until} · ${who ? `presented by ${who}` : 'presenter wanted'}`,
      ];
    }),
  );
  return paperList(
    'Reading group agenda',
    shown.map((s) => papers.get(s.paperId)!),
    {
      intro: `${shown.length === 1 ? 'One session' : `${shown.length} sessions`} coming up here.`,
      sections,
      note: `${hintFor(ctx, 'claim 1')} to present; ${hintFor(ctx, 'cancel 1')} calls a session off.`,
    },
  );
}

/** Calls off the next session on a paper here; its reminders are not posted. */
export async function cancel(ctx: ReadingContext, ref: string): Promise<Reply> {
  const paper = await onePaper(ctx, ref, 'cancel');
  const next = (await onAgenda(ctx)).find((s) => s.paperId === paper.id && sessionStart(s).getTime() > ctx.now.getTime());
  if (!next) throw new UserError('bad-args', `No session on “${paper.title}” is coming up here.`, `${hintFor(ctx, 'agenda')} lists them.`);
  await ctx.services.store.readingGroup.cancelSession(next.id, ctx.now);
  return notice(`Cancelled the reading group on “${paper.title}” ${whenText(next, ctx.now)}; no reminders will be posted for it.`);
}

/** What the channel sees before a session. */
export function reminderReply(session: ReadingSession, paper: Paper, presenter: PresenterClaim | undefined, now: Date): Reply {
  const until = untilText(sessionStart(session).getTime() - now.getTime());
  const who = presenter ? `presented by ${presenter.userName}` : 'no presenter yet';
  return sessionReply(`Reading group ${whenText(session, now)}`, paper, `“${paper.title}”, ${who}: starts ${until}.`, []);
}

function sessionReply(header: string, paper: Paper, text: string, notes: readonly string[]): Reply {
  const view = toPaperView(paper);
  return {
    blocks: [
      { type: 'header', text: header },
      { type: 'text', text },
      { type: 'paper', paper: view, detail: 'card' },
      ...notes.map((n) => ({ type: 'note' as const, text: n })),
    ],
    fallback: [header, text, paper.title].join('\n'),
    papers: [view],
    feedback: false,
  };
}
