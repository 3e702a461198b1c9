/** `subscribe weekly fri 16:00 Europe/Berlin [topics]`: the weekly roundup's settings, beside the daily digest. */
import { tokenize } from '../dispatch/args.ts';
import { UserError } from '../errors.ts';
import type { Field, Reply } from '../message/model.ts';
import type { ChannelRef } from '../platforms/types.ts';
import type { StoreApi } from '../store/api.ts';
import type { WeeklyChange, WeeklySubscription } from '../store/weekly.ts';
import { commandHint } from './hints.ts';
import { readSchedule, settingsReply } from './subscription.ts';

const DAY_WORDS: readonly (readonly string[])[] = [
  ['sun', 'sunday'],
  ['mon', 'monday'],
  ['tue', 'tues', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thur', 'thurs', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MAX_TOPICS = 20;

/** "fri", "Friday", "fridays" → 5; undefined for any other word. */
export function weekdayOf(word: string): number | undefined {
  const lower = word.toLowerCase().replace(/s$/, '');
  const day = DAY_WORDS.findIndex((names) => names.includes(lower));
  return day < 0 ? undefined : day;
}

/** The text after a leading unquoted "weekly" (or "week"), or undefined when the subscribe text is about the daily digest. */
export function weeklyText(text: string | undefined): string | undefined {
  const match = /^\s*week(?:ly)?(?:\s+|$)(.*)$/is.exec(text ?? '');
  return match ? match[1]! : undefined;
}

/** A day, a time, a zone and topics in any order; days must be one. */
export function readWeekly(text: string): { change: WeeklyChange; notes: string[] } {
  const days: number[] = [];
  const rest: string[] = [];
  for (const token of tokenize(text)) {
    const day = token.raw === token.value ? weekdayOf(token.value) : undefined;
    if (day === undefined) rest.push(token.raw);
    else if (!days.includes(day)) days.push(day);
  }
  if (days.length > 1) {
    throw new UserError('bad-args', 'A weekly roundup comes on one day of the week.', 'Name one day, e.g. “subscribe weekly fri 16:00”.');
  }
  const { change: schedule, topics, notes } = readSchedule(rest.join(' '));
  if (topics.length > MAX_TOPICS) throw new UserError('bad-args', `At most ${MAX_TOPICS} topics; you gave ${topics.length}.`);
  const change: WeeklyChange = {
    ...(days.length === 1 ? { day: days[0]! } : {}),
    ...(schedule.time ? { time: schedule.time } : {}),
    ...(schedule.timezone ? { timezone: schedule.timezone } : {}),
    ...(topics.length > 0 ? { topics } : {}),
  };
  return { change, notes };
}

/** The roundup in `settings`; without topics of its own it uses the daily digest's (`dailyTopics`), if any. */
export function weeklyField(weekly: WeeklySubscription | undefined, dailyTopics: readonly string[] = []): Field {
  if (!weekly) return { label: 'Weekly roundup', value: 'off' };
  const topics =
    weekly.topics.length > 0
      ? `; topics ${weekly.topics.join(', ')}`
      : dailyTopics.length > 0
        ? `; the daily digest’s topics (${dailyTopics.join(', ')})`
        : '; no topics: the week’s most upvoted papers';
  return { label: 'Weekly roundup', value: `${DAY_NAMES[weekly.day]}s at ${weekly.time} ${weekly.timezone}${topics}` };
}

/** Daily-only options given with "weekly": each would be silently ignored, so they are refused instead. */
const DAILY_ONLY = ['size', 'days', 'mode', 'min', 'empty', 'cross'] as const;

export async function subscribeWeekly(
  services: { store: StoreApi; rootCommand?: string; onSubscriptionsChanged?: () => void },
  request: { channel: ChannelRef; text: string; now: Date; options: Readonly<Record<string, unknown>> },
): Promise<Reply> {
  const { store } = services;
  const { channel } = request;
  const misplaced = DAILY_ONLY.filter((name) => request.options[name] !== undefined);
  if (misplaced.length > 0) {
    throw new UserError(
      'bad-args',
      `${misplaced.map((n) => `${n}:`).join(', ')} ${misplaced.length === 1 ? 'is a setting' : 'are settings'} of the daily digest, not of the weekly roundup.`,
      'Give them without “weekly”, e.g. “subscribe size:5”.',
    );
  }
  const { change, notes } = readWeekly(request.text);
  if (request.options['clear']) change.topics = [];
  if (channel.name) change.channelName = channel.name;
  const existed = (await store.weekly.get(channel)) !== undefined;
  // A new roundup without a zone takes the daily digest's, so both speak the channel's local time.
  const daily = await store.subscriptions.get(channel);
  if (!existed && !change.timezone && daily) change.timezone = daily.timezone;
  const weekly = await store.weekly.upsert(channel, change, request.now);
  services.onSubscriptionsChanged?.();
  const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
  notes.push(
    `${daily ? 'The daily digest goes on as before' : 'No daily digest here'}; ${hint('unsubscribe weekly')} stops the roundup, ${hint('roundup')} shows this week’s now.`,
  );
  return settingsReply(
    existed ? 'Weekly roundup updated' : 'Subscribed to the weekly roundup',
    [weeklyField(weekly, daily?.topics)],
    notes.join(' '),
  );
}
