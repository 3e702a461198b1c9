/** Weeks: the ISO week a local day belongs to, and the seven days a weekly roundup covers. */
import { addDays } from './dates.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "2026-12-11" → "2026-W50": ISO 8601 (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: string): string {
  const date = new Date(`${day.slice(0, 10)}T00:00:00Z`);
  const weekday = date.getUTCDay() || 7;
  // The Thursday of the same week decides the year.
  date.setUTCDate(date.getUTCDate() + 4 - weekday);
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The claim key of a channel's roundup in the digests table: one per ISO week. */
export const weekKey = (day: string): string => `week:${isoWeek(day)}`;

/** The seven local days ending with `last` (the roundup's own day), oldest first. */
export const weekEndingOn = (last: string): string[] => Array.from({ length: 7 }, (_, i) => addDays(last, i - 6));

/** "2026-12-08" → "Tue 8": a bar's label. */
export function shortDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()}`;
}
