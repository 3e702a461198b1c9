/**
 * Pure time logic for digest schedules: local dates and wall-clock times in a channel's IANA time zone,
 * when a digest is due, what counts as missed, and the node-cron expression for a schedule.
 */
import { addDays } from '../core/dates.ts';
import type { Subscription } from '../store/types.ts';

type Schedule = Pick<Subscription, 'time' | 'timezone' | 'days'>;

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `instant`: as a UTC-based number (for offsets) and as a date. */
function wallClock(instant: number, timeZone: string): { utcLike: number; date: string } {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  const [y, mo, d, h, mi, s] = [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return { utcLike: Date.UTC(y, mo - 1, d, h, mi, s), date: `${parts.year}-${parts.month}-${parts.day}` };
}

/** The local date (YYYY-MM-DD) in `timeZone` at `instant`. */
export const localDate = (instant: Date, timeZone: string): string => wallClock(instant.getTime(), timeZone).date;

/**
 * The instant at which the wall clock in `timeZone` shows `time` on `date`. A time skipped by a
 * spring-forward change resolves to one shift later (02:30 → 03:30 in Berlin); a time repeated by a
 * fall-back change resolves to its first occurrence.
 */
export function zonedInstant(date: string, time: string, timeZone: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const offsetAt = (instant: number) => wallClock(instant, timeZone).utcLike - instant;
  // Offsets a day either side bracket at most one change; a candidate is valid when it maps back to `wall`.
  const candidates = [offsetAt(wall - DAY_MS), offsetAt(wall + DAY_MS)].map((offset) => ({
    at: wall - offset,
    valid: offsetAt(wall - offset) === offset,
  }));
  const valid = candidates.filter((c) => c.valid).map((c) => c.at);
  return new Date(valid.length > 0 ? Math.min(...valid) : Math.max(...candidates.map((c) => c.at)));
}

const weekdayOf = (date: string): number => new Date(`${date}T12:00:00Z`).getUTCDay();

/** Whether `date` is one of the schedule's days of the week. */
export const isDigestDay = (schedule: Schedule, date: string): boolean => schedule.days.includes(weekdayOf(date));

export type DigestPlan =
  | { readonly kind: 'rest-day'; readonly date: string }
  | { readonly kind: 'not-yet' | 'due' | 'too-late' | 'before-subscription'; readonly date: string; readonly scheduledAt: Date };

/**
 * Today's digest in the channel's zone: not a digest day, not yet time, due (time passed and within
 * the catch-up grace), too late to post (recorded as missed), or scheduled before the subscription
 * existed (the first digest is the next one). Only the local day of `now` is ever due: a digest never
 * posts on a later day than its own.
 */
export function planToday(
  subscription: Schedule & Partial<Pick<Subscription, 'createdAt'>>,
  now: Date,
  catchUpGraceHours: number,
): DigestPlan {
  const date = localDate(now, subscription.timezone);
  if (!isDigestDay(subscription, date)) return { kind: 'rest-day', date };
  const scheduledAt = zonedInstant(date, subscription.time, subscription.timezone);
  const late = now.getTime() - scheduledAt.getTime();
  if (late < 0) return { kind: 'not-yet', date, scheduledAt };
  if (subscription.createdAt && scheduledAt.getTime() < Date.parse(subscription.createdAt))
    return { kind: 'before-subscription', date, scheduledAt };
  return { kind: late <= catchUpGraceHours * 3_600_000 ? 'due' : 'too-late', date, scheduledAt };
}

/**
 * The latest digest day before today in the channel's zone, if its scheduled time came after the
 * subscription existed: a restart on a later day records that day as missed when nothing else did.
 */
export function previousDigestDate(subscription: Schedule & Pick<Subscription, 'createdAt'>, now: Date): string | null {
  const today = localDate(now, subscription.timezone);
  for (let back = 1; back <= 7; back += 1) {
    const date = addDays(today, -back);
    if (!isDigestDay(subscription, date)) continue;
    return zonedInstant(date, subscription.time, subscription.timezone).getTime() >= Date.parse(subscription.createdAt) ? date : null;
  }
  return null;
}

export interface CronSchedule {
  /** `m h * * days` (node-cron day-of-week: 0 = Sunday). */
  readonly expression: string;
  readonly timezone: string;
  /** Subscriptions with the same key share one job. */
  readonly key: string;
}

/** The node-cron job for a schedule, or null when it has no days to run on. */
export function cronSchedule(schedule: Schedule): CronSchedule | null {
  const days = [...new Set(schedule.days)].filter((d) => Number.isInteger(d) && d >= 0 && d <= 6).sort((a, b) => a - b);
  const match = /^(\d{1,2}):(\d{2})$/.exec(schedule.time);
  if (days.length === 0 || !match) return null;
  const expression = `${Number(match[2])} ${Number(match[1])} * * ${days.join(',')}`;
  return { expression, timezone: schedule.timezone, key: `${expression}@${schedule.timezone}` };
}
