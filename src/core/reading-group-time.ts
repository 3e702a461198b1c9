/**
 * When reading-group sessions and their reminders are. A session is a wall-clock time on a date in an IANA zone,
 * so 15:00 Europe/Berlin stays 15:00 there across a daylight-saving change. A reminder `Nd` is at the session's
 * local time N calendar days before (the day before at 15:00, whatever the offset was); `Nh` and `Nm` are that
 * long before the start. A reminder is posted late (after downtime) only while half its lead is still ahead and
 * no shorter one is due; one due before the session was scheduled, or once it has started, is never posted.
 */
import { UserError } from '../errors.ts';
import { localDate, zonedInstant } from '../scheduler/schedule.ts';
import { addDays, formatDay, isDay } from './dates.ts';
import { parseTime } from './subscription.ts';

export const DEFAULT_REMINDERS = '1d,1h';
const MAX_REMINDERS = 4;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MIN_LEAD_MS = 5 * UNIT_MS.m;
const MAX_LEAD_MS = 14 * UNIT_MS.d;
/** How far ahead a session may be scheduled. */
export const MAX_AHEAD_DAYS = 366;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const REMIND_HINT = 'Use lead times such as remind:1d,1h or remind:2h,15m (5 minutes to 14 days), or remind:none.';

/** The nominal length of a lead ("1d" → a day), for ordering and limits. */
export const leadMs = (lead: string): number => Number(lead.slice(0, -1)) * UNIT_MS[lead.slice(-1) as keyof typeof UNIT_MS];

/** "1d,1h" → ['1d', '1h'] (longest first, each once); "none" → []. */
export function parseReminders(text: string): string[] {
  const value = text.trim().toLowerCase();
  if (/^(?:none|off|no)$/.test(value)) return [];
  const leads = value.split(/[\s,;+]+/).filter(Boolean);
  const parsed = leads.map((lead) => {
    const match = /^(\d{1,4})\s*(m|min|mins|minutes?|h|hours?|d|days?)$/.exec(lead);
    if (!match) throw new UserError('bad-args', `“${lead.slice(0, 20)}” is not a reminder lead time.`, REMIND_HINT);
    const normal = `${Number(match[1])}${match[2]![0]}`;
    const ms = leadMs(normal);
    if (ms < MIN_LEAD_MS || ms > MAX_LEAD_MS) throw new UserError('bad-args', `A reminder ${lead} before is out of range.`, REMIND_HINT);
    return normal;
  });
  const unique = [...new Set(parsed)].sort((a, b) => leadMs(b) - leadMs(a));
  if (unique.length === 0) throw new UserError('bad-args', 'No reminder lead times given.', REMIND_HINT);
  if (unique.length > MAX_REMINDERS) throw new UserError('bad-args', `At most ${MAX_REMINDERS} reminders per session.`, REMIND_HINT);
  return unique;
}

interface SessionTime {
  readonly localDate: string;
  readonly localTime: string;
  readonly timezone: string;
}

export const sessionStart = (s: SessionTime): Date => zonedInstant(s.localDate, s.localTime, s.timezone);

/** When the reminder `lead` of a session is due. */
export function reminderDue(s: SessionTime, lead: string): Date {
  if (lead.endsWith('d')) return zonedInstant(addDays(s.localDate, -Number(lead.slice(0, -1))), s.localTime, s.timezone);
  return new Date(sessionStart(s).getTime() - leadMs(lead));
}

export interface DueReminder {
  readonly lead: string;
  readonly due: Date;
  readonly start: Date;
  /** Past the lateness allowed (half the lead): recorded as skipped if an earlier attempt left a claim, never posted. */
  readonly tooLate: boolean;
}

/** The one reminder of a session that may post now (see the file's comment), or undefined. */
export function dueReminder(s: SessionTime & { reminders: string; createdAt: string }, now: Date): DueReminder | undefined {
  const start = sessionStart(s);
  if (now.getTime() >= start.getTime() || !s.reminders) return undefined;
  const created = Date.parse(s.createdAt);
  const due = s.reminders
    .split(',')
    .map((lead) => ({ lead, due: reminderDue(s, lead) }))
    .filter((r) => r.due.getTime() <= now.getTime() && r.due.getTime() >= created)
    .sort((a, b) => b.due.getTime() - a.due.getTime())[0];
  if (!due) return undefined;
  const lateness = now.getTime() - due.due.getTime();
  return { ...due, start, tooLate: lateness > (start.getTime() - due.due.getTime()) / 2 };
}

/** HH:MM on the wall clock in `timeZone` at `instant`. */
export function localTimeOf(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(instant);
}

/**
 * `schedule`'s day and time: today, tomorrow, a weekday (the next one; today if the time is still ahead) or
 * YYYY-MM-DD, and 15:00 / 3pm, in `timeZone`. A time that a spring-forward change skips moves to the hour after.
 */
export function sessionTime(
  day: string,
  time: string,
  timeZone: string,
  now: Date,
): { localDate: string; localTime: string; moved?: string } {
  const at = parseTime(time);
  if (!at) throw new UserError('bad-args', `“${time.slice(0, 20)}” is not a time.`, 'Use a 24-hour time such as 15:00 (or 3pm).');
  const today = localDate(now, timeZone);
  const word = day.trim().toLowerCase();
  const weekday = WEEKDAYS.findIndex((d) => word.length >= 3 && d.startsWith(word));
  let date: string;
  if (word === 'today') date = today;
  else if (word === 'tomorrow') date = addDays(today, 1);
  else if (isDay(word)) date = word;
  else if (weekday >= 0) {
    const ahead = (weekday - new Date(`${today}T12:00:00Z`).getUTCDay() + 7) % 7;
    date = addDays(today, ahead);
    if (ahead === 0 && zonedInstant(date, at, timeZone).getTime() <= now.getTime()) date = addDays(date, 7);
  } else {
    throw new UserError('bad-args', `“${day.slice(0, 20)}” is not a day.`, 'Use today, tomorrow, a weekday such as thu, or YYYY-MM-DD.');
  }
  const start = zonedInstant(date, at, timeZone);
  if (start.getTime() <= now.getTime()) {
    throw new UserError('bad-args', `${formatDay(date)} ${at} (${timeZone}) has already passed.`, 'Pick a time that is still ahead.');
  }
  if (date > addDays(today, MAX_AHEAD_DAYS)) throw new UserError('bad-args', `${formatDay(date)} is more than a year ahead.`);
  const actual = localTimeOf(start, timeZone);
  return actual === at ? { localDate: date, localTime: at } : { localDate: date, localTime: actual, moved: at };
}

/** "today at 15:00", "tomorrow at 15:00", "Thu 10 Dec 2026 at 15:00", with the zone. */
export function whenText(s: SessionTime, now: Date): string {
  const today = localDate(now, s.timezone);
  const day = s.localDate === today ? 'today' : s.localDate === addDays(today, 1) ? 'tomorrow' : formatDay(s.localDate);
  return `${day} at ${s.localTime} (${s.timezone})`;
}

/** "in 45 minutes", "in 1 hour", "in 22 hours", "in 3 days": rounded down, as people say it. */
export function untilText(ms: number): string {
  const minutes = Math.max(1, Math.floor(ms / 60_000));
  const [n, unit] =
    minutes < 120 ? [minutes, 'minute'] : minutes < 48 * 60 ? [Math.floor(minutes / 60), 'hour'] : [Math.floor(minutes / 1440), 'day'];
  return `in ${n === 60 && unit === 'minute' ? '1 hour' : `${n} ${unit}${n === 1 ? '' : 's'}`}`;
}

/** "Reminders here a day and an hour before it." or "No reminders." */
export function remindersText(reminders: string): string {
  if (!reminders) return 'No reminders here (remind:1d,1h would add them).';
  const words = reminders.split(',').map((lead) => {
    const n = Number(lead.slice(0, -1));
    const unit = { m: 'minute', h: 'hour', d: 'day' }[lead.slice(-1) as 'm' | 'h' | 'd'];
    return n === 1 ? `${unit === 'hour' ? 'an' : 'a'} ${unit}` : `${n} ${unit}s`;
  });
  const joined = words.length === 1 ? words[0] : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
  return `Reminders here ${joined} before it (remind:2h,15m or remind:none to change).`;
}
