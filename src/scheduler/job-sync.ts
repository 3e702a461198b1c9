/**
 * The cron jobs from the stored schedules: the daily digests' and the weekly roundups' (one day a week each),
 * one job per distinct schedule. The store answers later, so two syncs can overlap (a tick and a `subscribe`):
 * only the one that started last sets the jobs, never an older read finishing after a newer one.
 */
import type { StoreApi } from '../store/api.ts';
import type { Subscription } from '../store/types.ts';
import type { CronJobs } from './jobs.ts';
import { weeklySchedule } from './weekly.ts';

export type JobSync = (read: () => Promise<readonly Subscription[]>) => Promise<readonly Subscription[]>;

/** Syncs `jobs` while `leading()`; answers the daily subscriptions it read. */
export function jobSync(store: StoreApi, jobs: Pick<CronJobs, 'sync'>, leading: () => boolean): JobSync {
  let latest = 0;
  return async (read) => {
    const mine = ++latest;
    const daily = await read();
    const weekly = (await store.weekly.list()).map((w) => ({ platform: w.platform, channelId: w.channelId, ...weeklySchedule(w) }));
    if (mine === latest && leading()) jobs.sync([...daily, ...weekly]);
    return daily;
  };
}
