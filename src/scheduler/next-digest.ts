import { addDays } from '../core/dates.ts';
import type { Subscription } from '../store/types.ts';
import { isDigestDay, localDate, zonedInstant } from './schedule.ts';

/** The first scheduled digest after `now`, within a week (none when the schedule has no days). */
export function nextDigestAt(sub: Pick<Subscription, 'time' | 'timezone' | 'days'>, now: Date): Date | undefined {
  const today = localDate(now, sub.timezone);
  for (let ahead = 0; ahead <= 7; ahead += 1) {
    const date = addDays(today, ahead);
    if (!isDigestDay(sub, date)) continue;
    const at = zonedInstant(date, sub.time, sub.timezone);
    if (at > now) return at;
  }
  return undefined;
}
