/**
 * The digest scheduler. A lease in the store elects one instance to run the schedule; the others
 * serve commands only and take over when the lease lapses. The leader keeps one node-cron job per
 * distinct schedule, and a heartbeat (every third of the lease) renews the lease, picks up
 * subscription changes made by any process, and sweeps for catch-up, retries and stale claims.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { sharedNewPapers } from '../core/digest.ts';
import type { Logger } from '../log.ts';
import type { Summariser } from '../llm/types.ts';
import { claimRefusal, type ClaimPolicy } from '../store/digests.ts';
import type { StoreApi } from '../store/api.ts';
import type { Subscription } from '../store/types.ts';
import { DEFAULT_CLAIM_POLICY, deliverDigest, type AdapterLookup, type DeliveryOutcome } from './deliver.ts';
import {
  DEFAULT_FETCH_RETRY,
  fetchFailedNote,
  fetchWithRetries,
  type FetchReport,
  type FetchRetry,
  type ListingsRefresh,
} from './fetch-first.ts';
import { runFollowups, type FollowupSettings } from './followups.ts';
import { CronJobs, nodeCron, type CronLike } from './jobs.ts';
import { postLatePapers } from './late-papers.ts';
import { postReminders } from './reminders.ts';
import { planToday, previousDigestDate, type CronSchedule } from './schedule.ts';
import { deliverDueRoundups } from './weekly.ts';
import { jobSync } from './job-sync.ts';

export const SCHEDULER_LEASE = 'scheduler';

/** The day the sources are asked for: HF dates its lists in UTC. */
const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

export interface SchedulerOptions {
  readonly store: StoreApi;
  readonly llm: Summariser;
  readonly adapters: AdapterLookup;
  /** Fetches the day's listings into the store; called (with retries) before digests go out. */
  readonly refresh?: ListingsRefresh;
  readonly log: Logger;
  readonly now?: () => Date;
  readonly instanceId?: string;
  /** Default 60 s; the heartbeat runs every third of it. */
  readonly leaseTtlMs?: number;
  /** How long after its time a missed digest may still post, within its own local day. Default 24 h (the whole day). */
  readonly catchUpGraceHours?: number;
  /** A successful fetch younger than this is not repeated before the next digests. Default 30 min. */
  readonly fetchMaxAgeMs?: number;
  readonly fetchRetry?: FetchRetry;
  readonly claimPolicy?: Partial<ClaimPolicy>;
  /** Digests posted at once within a tick. Default 4. */
  readonly concurrency?: number;
  readonly cron?: CronLike;
  /** Follow-ups on discussed papers (followups.ts): how long they are watched, what counts as an upvote jump. */
  readonly followups?: FollowupSettings;
}

export interface TickReport {
  /** False when this instance does not hold the lease: it did nothing. */
  readonly leader: boolean;
  readonly deliveries: readonly { readonly subscription: Subscription; readonly date: string; readonly outcome: DeliveryOutcome }[];
  readonly missed: readonly { readonly subscription: Subscription; readonly date: string }[];
  readonly fetch: FetchReport | null;
  /** Weekly roundups this tick posted or tried (scheduler/weekly.ts). */
  readonly roundups: readonly { readonly channelId: string; readonly date: string; readonly outcome: DeliveryOutcome }[];
}

export interface Scheduler {
  readonly instanceId: string;
  /** A first tick (takes the lease if free: builds the jobs, catches up), then the heartbeat, leader or not. */
  start(): Promise<void>;
  /** Stops the heartbeat and the jobs, waits for a running tick and hands the lease back. */
  stop(): Promise<void>;
  /** One heartbeat: a tick, which takes or renews the lease first (dropping the jobs if it is lost). Returns whether this instance leads. */
  heartbeat(): Promise<boolean>;
  /** Rebuilds the node-cron jobs from the stored subscriptions (leader only); a failure is logged. */
  rebuild(): Promise<void>;
  /**
   * The unit of work: posts what is due (catch-up and retries included), records what was missed.
   * Runs as of `now` when given, else on the clock. Never overlaps itself: a tick asked for while one
   * runs is run right after it, and both callers get the last report.
   */
  tick(now?: Date): Promise<TickReport>;
  /** Hook for `subscribe`/`unsubscribe`/`settings`: the jobs follow at once, no restart. */
  onSubscriptionsChanged(): Promise<void>;
  isLeader(): boolean;
  jobs(): CronSchedule[];
}

export function createScheduler(options: SchedulerOptions): Scheduler {
  const { store, log } = options;
  const clock = options.now ?? (() => new Date());
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const ttl = options.leaseTtlMs ?? 60_000;
  const grace = options.catchUpGraceHours ?? 24;
  const fetchMaxAgeMs = options.fetchMaxAgeMs ?? 30 * 60_000;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...options.claimPolicy };
  let leader = false;
  let readOnlyNoted = false;
  let timer: NodeJS.Timeout | undefined;
  let lastFetch: { at: number; report: FetchReport } | undefined;
  let running: Promise<TickReport> | null = null;
  let pending: { at: Date | undefined } | null = null;
  /** Per digest thread, the refresh its late papers were last looked for in: one note per thread per refresh. */
  const lateLookedAt = new Map<string, number>();
  const followups = runFollowups({ store, adapters: options.adapters, instanceId, policy, log, settings: options.followups });
  const jobs = new CronJobs(
    options.cron ?? nodeCron,
    () => tick().catch((error) => log.error('digest tick failed', { error: String(error) })),
    log.child('cron'),
  );

  // The scheduler's writes wait (asynchronously) while another process holds the write lock: store/busy.ts.
  const lead = async (now: Date): Promise<boolean> => {
    // A read-only store (db.ts) can record no claim: commands answer, digests wait for a writable store.
    if (store.readOnly) {
      if (!readOnlyNoted) log.warn('the store is read-only: no scheduled digests until it can be written');
      readOnlyNoted = true;
      return false;
    }
    const holds = await store.retryWhileBusy(() => store.leases.acquire(SCHEDULER_LEASE, instanceId, ttl, now));
    if (holds !== leader)
      log.info(holds ? 'this instance now runs the digest schedule' : 'another instance runs the digest schedule now', { instanceId });
    if (!holds) jobs.clear();
    leader = holds;
    return holds;
  };

  async function freshListings(now: Date): Promise<string | undefined> {
    if (!options.refresh) return undefined;
    if (!lastFetch || now.getTime() - lastFetch.at >= fetchMaxAgeMs) {
      lastFetch = {
        at: now.getTime(),
        report: await fetchWithRetries(options.refresh, options.fetchRetry ?? DEFAULT_FETCH_RETRY, log.child('fetch'), utcDay(now)),
      };
    }
    return lastFetch.report.ok ? undefined : fetchFailedNote(lastFetch.report.unreachable);
  }

  /** A tick as of `at` (every step sees that instant), or on the live clock. */
  async function runTick(at: Date | undefined): Promise<TickReport> {
    const timeOf = at ? () => at : clock;
    const now = timeOf();
    if (!(await lead(now))) return { leader: false, deliveries: [], missed: [], fetch: null, roundups: [] };
    // Reading-group reminders first: they are due to the minute, and need no listings.
    await postReminders({ store, adapters: options.adapters, now: timeOf, instanceId, log, policy }).catch((error: unknown) =>
      log.error('reading-group reminders crashed', { error: String(error) }),
    );
    const subscriptions = await syncJobs(async () => await store.subscriptions.list());
    const roundups = async () =>
      (await deliverDueRoundups({ store, adapters: options.adapters, now: timeOf, instanceId, log, policy, graceHours: grace })).map(
        ({ weekly, date, outcome }) => ({ channelId: weekly.channelId, date, outcome }),
      );
    const missed: { subscription: Subscription; date: string }[] = [];
    const due: { subscription: Subscription; date: string }[] = [];
    const posted: { subscription: Subscription; date: string }[] = [];
    for (const sub of subscriptions) {
      const channel = { platform: sub.platform, id: sub.channelId };
      const miss = async (date: string, note: string) => {
        if (!(await store.retryWhileBusy(() => store.digests.recordMissed(channel, date, note, now)))) return;
        missed.push({ subscription: sub, date });
        log.warn('digest missed', { platform: sub.platform, channel: sub.channelId, date, note });
      };
      try {
        const plan = planToday(sub, now, grace);
        const previous = previousDigestDate(sub, now);
        const why = `paperboy was not running at ${sub.time} (${sub.timezone})`;
        if (previous) await miss(previous, why);
        if (plan.kind === 'too-late') await miss(plan.date, `${why} and the catch-up grace of ${grace} h had passed`);
        // Only what a claim would accept now: no fetch for a day already posted or a retry not yet due.
        const record = plan.kind === 'due' ? await store.digests.get(channel, plan.date) : undefined;
        if (plan.kind === 'due' && (!record || !claimRefusal(record, now, policy))) due.push({ subscription: sub, date: plan.date });
        else if ((await store.digests.get(channel, plan.date))?.state === 'posted') posted.push({ subscription: sub, date: plan.date });
      } catch (error) {
        log.error('cannot plan the digest of a subscription', { platform: sub.platform, channel: sub.channelId, error: String(error) });
      }
    }
    if (due.length === 0 && posted.length === 0) {
      await followups(subscriptions, timeOf);
      return { leader: true, deliveries: [], missed, fetch: null, roundups: await roundups() };
    }

    const fetchNote = await freshListings(now);
    const deliveries: { subscription: Subscription; date: string; outcome: DeliveryOutcome }[] = [];
    const newPapers = sharedNewPapers(store, timeOf);
    const queue = [...due];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        const { subscription, date } = item;
        try {
          const outcome = await deliverDigest({
            store,
            llm: options.llm,
            adapters: options.adapters,
            subscription,
            date,
            now: timeOf,
            instanceId,
            log,
            policy,
            newPapers,
            ...(fetchNote ? { fetchNote } : {}),
          });
          deliveries.push({ subscription, date, outcome });
        } catch (error) {
          log.error('digest delivery crashed', {
            platform: subscription.platform,
            channel: subscription.channelId,
            date,
            error: String(error),
          });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker));
    await latePapers(posted, timeOf);
    await followups(subscriptions, timeOf);
    return { leader: true, deliveries, missed, fetch: lastFetch?.report ?? null, roundups: await roundups() };
  }

  /** Today's posted digests get their late papers once per listings refresh (every tick when nothing refreshes here). */
  async function latePapers(posted: readonly { subscription: Subscription; date: string }[], timeOf: () => Date): Promise<void> {
    const refreshedAt = lastFetch?.at ?? timeOf().getTime();
    for (const { subscription, date } of posted) {
      const thread = `${subscription.platform}:${subscription.channelId}:${date}`;
      if (lateLookedAt.get(thread) === refreshedAt) continue;
      lateLookedAt.set(thread, refreshedAt);
      const request = { store, llm: options.llm, adapters: options.adapters, subscription, date, now: timeOf, instanceId, log, policy };
      await postLatePapers(request).catch((error) => log.error('late papers crashed', { thread, error: String(error) }));
    }
  }

  const syncJobs = jobSync(store, jobs, () => leader);
  async function rebuild(): Promise<void> {
    if (!leader) return;
    await syncJobs(async () => await store.subscriptions.list()).catch((error: unknown) =>
      log.error('rebuild failed', { error: String(error) }),
    );
  }

  function tick(now?: Date): Promise<TickReport> {
    if (running) {
      pending = { at: now };
      return running;
    }
    running = (async () => {
      let report = await runTick(now);
      while (pending) {
        const next = pending;
        pending = null;
        report = await runTick(next.at);
      }
      return report;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  return {
    instanceId,
    async start() {
      const first = tick();
      timer = setInterval(
        () => {
          // A tick can outlast the lease (many channels, a slow platform): renew it meanwhile, or another instance leads too.
          if (running && leader) void lead(clock()).catch((error) => log.error('renewing the lease failed', { error: String(error) }));
          void tick().catch((error) => log.error('scheduler heartbeat failed', { error: String(error) }));
        },
        Math.max(1_000, ttl / 3),
      );
      timer.unref();
      await first.catch((error: unknown) => {
        clearInterval(timer);
        throw error;
      });
    },
    async stop() {
      clearInterval(timer);
      jobs.clear();
      await running?.catch(() => undefined);
      if (leader) await store.retryWhileBusy(() => store.leases.release(SCHEDULER_LEASE, instanceId));
      leader = false;
    },
    heartbeat: async () => (await tick()).leader,
    rebuild,
    tick,
    onSubscriptionsChanged: rebuild,
    isLeader: () => leader,
    jobs: () => jobs.list(),
  };
}
