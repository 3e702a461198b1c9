/** Calendar days as YYYY-MM-DD strings: what listings, digests and `since:` speak. */
import { UserError } from '../errors.ts';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const toDate = (day: string): Date => new Date(`${day.slice(0, 10)}T00:00:00Z`);

/** "2025-12-18" → "Thu 18 Dec 2025" (an ISO timestamp's date part works too). */
export function formatDay(day: string): string {
  const date = toDate(day);
  return `${WEEKDAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

export function addDays(day: string, days: number): string {
  const date = toDate(day);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The calendar day at `now` in an IANA time zone. */
export function localDay(now: Date, timeZone = 'UTC'): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(toDate(text).getTime()) && toDate(text).toISOString().startsWith(text);
}

/** "today", "yesterday" or YYYY-MM-DD, relative to `today`. */
export function parseDay(text: string, today: string): string {
  const value = text.trim().toLowerCase();
  if (value === 'today') return today;
  if (value === 'yesterday') return addDays(today, -1);
  if (isDay(value)) return value;
  throw new UserError('bad-args', `“${text.slice(0, 40)}” is not a date.`, 'Use today, yesterday or YYYY-MM-DD, e.g. 2025-12-18.');
}
