/**
 * One node-cron job per distinct schedule (time + zone + days), kept in step with the subscriptions:
 * `sync` adds the jobs that are new and destroys the ones no subscription needs any more.
 */
import { schedule } from 'node-cron';
import type { Logger } from '../log.ts';
import type { Subscription } from '../store/types.ts';
import { cronSchedule, type CronSchedule } from './schedule.ts';

export interface CronTask {
  stop(): unknown;
  destroy(): unknown;
}

export interface CronJobOptions {
  readonly timezone: string;
  readonly name: string;
  /** node-cron 4 skips a fire while the previous run of the same job is still going. */
  readonly noOverlap: boolean;
}

/** The part of node-cron the scheduler uses; tests pass a recording one. */
export interface CronLike {
  schedule(expression: string, run: () => Promise<unknown>, options: CronJobOptions): CronTask;
}

export const nodeCron: CronLike = { schedule: (expression, run, options) => schedule(expression, run, options) };

export class CronJobs {
  private readonly jobs = new Map<string, { schedule: CronSchedule; task: CronTask }>();

  private readonly cron: CronLike;
  private readonly onFire: (schedule: CronSchedule) => Promise<unknown>;
  private readonly log: Logger;
  constructor(cron: CronLike, onFire: (schedule: CronSchedule) => Promise<unknown>, log: Logger) {
    this.cron = cron;
    this.onFire = onFire;
    this.log = log;
  }

  /** Makes the jobs match the subscriptions; true when anything changed. */
  sync(subscriptions: readonly Pick<Subscription, 'platform' | 'channelId' | 'time' | 'timezone' | 'days'>[]): boolean {
    const wanted = new Map<string, CronSchedule>();
    for (const sub of subscriptions) {
      const job = cronSchedule(sub);
      if (job) wanted.set(job.key, job);
      else
        this.log.warn('subscription has no valid time or days; no job for it', {
          platform: sub.platform,
          channel: sub.channelId,
          time: sub.time,
          days: sub.days,
        });
    }
    let changed = false;
    for (const [key, job] of this.jobs) {
      if (wanted.has(key)) continue;
      void job.task.destroy();
      this.jobs.delete(key);
      changed = true;
    }
    for (const [key, job] of wanted) {
      if (this.jobs.has(key)) continue;
      try {
        const task = this.cron.schedule(job.expression, () => this.onFire(job), {
          timezone: job.timezone,
          name: `digest ${key}`,
          noOverlap: true,
        });
        this.jobs.set(key, { schedule: job, task });
        changed = true;
      } catch (error) {
        this.log.error('could not schedule a digest job', { expression: job.expression, timezone: job.timezone, error: String(error) });
      }
    }
    return changed;
  }

  clear(): void {
    for (const job of this.jobs.values()) void job.task.destroy();
    this.jobs.clear();
  }

  list(): CronSchedule[] {
    return [...this.jobs.values()].map((job) => job.schedule);
  }
}
