import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import type { CronJobOptions, CronLike, CronTask } from '../../src/scheduler/jobs.ts';
import { createScheduler, type Scheduler, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import type { SubscriptionChange } from '../../src/store/channels.ts';
import { Store } from '../../src/store/store.ts';
import type { Subscription } from '../../src/store/types.ts';
import { RecordingAdapter, type AcceptedPost } from '../fakes/recording-adapter.ts';
import { listing, parsed } from '../helpers/papers.ts';

/** A clock the test moves by hand. */
export class Clock {
  private current: Date;
  constructor(current: Date) {
    this.current = current;
  }
  readonly now = (): Date => this.current;
  set(iso: string): Date {
    this.current = new Date(iso);
    return this.current;
  }
}

/** node-cron stand-in that records the jobs the scheduler keeps and lets a test fire them. */
export class FakeCron implements CronLike {
  readonly jobs: { expression: string; options: CronJobOptions; run: () => Promise<unknown>; destroyed: boolean }[] = [];

  schedule(expression: string, run: () => Promise<unknown>, options: CronJobOptions): CronTask {
    const job = { expression, options, run, destroyed: false };
    this.jobs.push(job);
    return { stop: () => undefined, destroy: () => void (job.destroyed = true) };
  }

  active(): { expression: string; timezone: string }[] {
    return this.jobs.filter((j) => !j.destroyed).map((j) => ({ expression: j.expression, timezone: j.options.timezone }));
  }

  async fire(expression: string): Promise<void> {
    await this.jobs.find((j) => !j.destroyed && j.expression === expression)?.run();
  }
}

/** A store file on disk, so a second Store on the same path is a second process (or a restart). */
export function tempDb(): { path: string; open(): Store; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-scheduler-'));
  const path = join(dir, 'paperboy.db');
  const opened: Store[] = [];
  return {
    path,
    open() {
      const store = Store.open(path);
      opened.push(store);
      return store;
    },
    cleanup() {
      for (const store of opened) store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A stable made-up arXiv id per title, so the same title in two listings is the same paper. */
const arxivIdOf = (title: string): string =>
  `2603.${String([...title].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 100_000, 7)).padStart(5, '0')}`;

export function seedListing(store: Store, date: string, titles: string[], seenAt: string): void {
  const papers = titles.map((title, i) =>
    parsed({ title, upvotes: 10 * (titles.length - i), arxivId: arxivIdOf(title), publishedAt: date }),
  );
  store.papers.ingestListing(listing('hf-json', date, papers), `listing-${date}`, `hash-${date}-${titles.length}`, new Date(seenAt));
}

export function subscribe(store: Store, channelId: string, change: SubscriptionChange, createdAt = '2026-03-01T00:00:00Z'): Subscription {
  return store.subscriptions.upsert(
    { platform: 'slack', id: channelId },
    { time: '09:00', timezone: 'Europe/Berlin', ...change },
    new Date(createdAt),
  );
}

/** One "process": its own Store on the shared file, its own adapter onto the shared fake platform, its own scheduler. */
export interface Instance {
  store: Store;
  adapter: RecordingAdapter;
  cron: FakeCron;
  scheduler: Scheduler;
}

export function startInstance(
  db: { open(): Store },
  clock: Clock,
  platform: AcceptedPost[],
  name: string,
  extra: Partial<SchedulerOptions> = {},
): Instance {
  const store = db.open();
  const adapter = new RecordingAdapter('slack', { clock: clock.now, platformLog: platform });
  const cron = new FakeCron();
  const scheduler = createScheduler({
    store,
    llm: new OfflineSummariser(),
    adapters: { slack: adapter },
    log: silentLogger,
    now: clock.now,
    instanceId: name,
    cron,
    ...extra,
  });
  return { store, adapter, cron, scheduler };
}
