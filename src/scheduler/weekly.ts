/**
 * Weekly roundups, with the daily digest's guarantees: once per channel per ISO week, claimed in the digests
 * table under the key 'week:YYYY-Www' (so two instances and a restart see the same claim), posted with an
 * idempotency key, and a retried claim looks for that key on the platform before posting again. Due on the
 * roundup's day from its local time (DST as schedule.ts resolves it), within the catch-up grace of that day.
 */
import { listOf, rememberPost } from '../core/lists.ts';
import { composeRoundup } from '../core/roundup.ts';
import { weekKey } from '../core/week.ts';
import { chatSafe, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { ChannelRef, PostedRef } from '../platforms/types.ts';
import { claimRefusal, type ClaimPolicy } from '../store/digests.ts';
import type { StoreApi } from '../store/api.ts';
import type { WeeklySubscription } from '../store/weekly.ts';
import { adapterFor, DEFAULT_CLAIM_POLICY, idempotencyKey, type AdapterLookup, type DeliveryOutcome } from './deliver.ts';
import { addDays } from '../core/dates.ts';
import type { Subscription } from '../store/types.ts';
import { planToday, previousDigestDate, zonedInstant, type DigestPlan } from './schedule.ts';

type Schedule = Pick<Subscription, 'time' | 'timezone' | 'days'>;

/** A weekly subscription as a schedule: its one day, its time and zone (for planToday and the cron jobs). */
export const weeklySchedule = (weekly: WeeklySubscription): Schedule & { createdAt: string } => ({
  time: weekly.time,
  timezone: weekly.timezone,
  days: [weekly.day],
  createdAt: weekly.createdAt,
});

/** The week a roundup of local day `date` covers: from local midnight six days before to `until`. */
export const weekWindow = (date: string, timezone: string, until: Date): { since: Date; until: Date } => ({
  since: zonedInstant(addDays(date, -6), '00:00', timezone),
  until,
});

/** Today's roundup in the channel's zone: as planToday decides for a schedule of one day a week. */
export const planWeekly = (weekly: WeeklySubscription, now: Date, graceHours: number): DigestPlan =>
  planToday(weeklySchedule(weekly), now, graceHours);

export interface RoundupRequest {
  readonly store: StoreApi;
  readonly adapters: AdapterLookup;
  readonly weekly: WeeklySubscription;
  /** The roundup's local day (YYYY-MM-DD). */
  readonly date: string;
  readonly now: () => Date;
  readonly instanceId: string;
  readonly policy?: Partial<ClaimPolicy>;
  readonly rootCommand?: string;
  readonly log?: Logger;
}

export async function deliverRoundup(request: RoundupRequest): Promise<DeliveryOutcome> {
  const { store, weekly, date, now, instanceId } = request;
  const log = (request.log ?? silentLogger).child('weekly');
  const channel: ChannelRef = {
    platform: weekly.platform,
    id: weekly.channelId,
    ...(weekly.channelName ? { name: weekly.channelName } : {}),
  };
  const key = weekKey(date);
  const where = { platform: channel.platform, channel: channel.id, week: key };
  const adapter = adapterFor(request.adapters, channel.platform);
  if (!adapter) return { status: 'no-adapter' };
  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...request.policy };
  const claim = await store.retryWhileBusy(() => store.digests.claim(channel, key, instanceId, now(), policy));
  if (!claim.claimed) return { status: 'not-claimed', reason: claim.reason, record: claim.record };
  const postKey = idempotencyKey(channel, key);

  const record = async (posted: PostedRef, paperIds: readonly number[], recovered: boolean, list?: ReturnType<typeof listOf>) => {
    await store.retryWhileBusy(async () => {
      if (list) await rememberPost(store, posted, list, now());
      return await store.digests.markPosted(channel, key, instanceId, { messageId: posted.messageId, threadId: posted.threadId }, now());
    });
    log.info(recovered ? 'roundup was already on the platform; recorded it' : 'roundup posted', { ...where, messageId: posted.messageId });
    return { status: 'posted', posted, paperIds, recovered } as const;
  };
  try {
    const previous = claim.previous;
    if (previous && (previous.state === 'claimed' || previous.state === 'failed') && adapter.findPosted) {
      const earlier = await adapter.findPosted(channel, postKey, zonedInstant(date, '00:00', weekly.timezone));
      if (earlier) return await record(earlier, previous.paperIds, true);
    }
    const daily = await store.subscriptions.get(channel);
    const topics = weekly.topics.length > 0 ? weekly.topics : (daily?.topics ?? []);
    const { since, until } = weekWindow(date, weekly.timezone, now());
    const composed = await composeRoundup(store, {
      channel,
      date,
      since,
      until,
      topics,
      ...(request.rootCommand ? { rootCommand: request.rootCommand } : {}),
    });
    if (!(await store.retryWhileBusy(() => store.digests.recordComposed(channel, key, instanceId, composed.paperIds, until, now())))) {
      return { status: 'not-claimed', reason: 'in-progress', record: (await store.digests.get(channel, key))! };
    }
    const posted = await adapter.post(channel, composed.reply, { idempotencyKey: postKey });
    return await record(posted, composed.paperIds, false, listOf(composed.reply));
  } catch (error) {
    const message = errorMessage(error);
    await store
      .retryWhileBusy(() =>
        store.digests.markFailed(channel, key, instanceId, chatSafe(message, 'an unexpected error (see the log)'), now()),
      )
      .catch((cause: unknown) => log.warn('the failure could not be recorded', { ...where, error: errorMessage(cause) }));
    log.error('roundup failed', { ...where, attempt: claim.attempt, error: message });
    return { status: 'failed', error: message, attempt: claim.attempt };
  }
}

export interface RoundupsRequest extends Omit<RoundupRequest, 'weekly' | 'date'> {
  readonly graceHours: number;
}

/** Every roundup due now, one after another (they are few: one per channel per week). */
export async function deliverDueRoundups(
  request: RoundupsRequest,
): Promise<{ weekly: WeeklySubscription; date: string; outcome: DeliveryOutcome }[]> {
  const { store } = request;
  const log = (request.log ?? silentLogger).child('weekly');
  const at = request.now();
  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...request.policy };
  const done: { weekly: WeeklySubscription; date: string; outcome: DeliveryOutcome }[] = [];
  let all: WeeklySubscription[];
  try {
    all = await store.weekly.list();
  } catch (error) {
    // A store that went away mid-tick (a shutdown) fails the roundups, never the digests' tick.
    log.error('cannot read the weekly roundups', { error: String(error) });
    return done;
  }
  for (const weekly of all) {
    const channel = { platform: weekly.platform, id: weekly.channelId };
    try {
      const plan = planWeekly(weekly, at, request.graceHours);
      // As for digests: a roundup whose time passed while paperboy was down is recorded missed, so history says so.
      const why = `paperboy was not running at ${weekly.time} (${weekly.timezone})`;
      const previous = previousDigestDate(weeklySchedule(weekly), at);
      if (previous) await recordMissed(store, channel, previous, why, at, log);
      if (plan.kind === 'too-late') await recordMissed(store, channel, plan.date, `${why} and the catch-up grace had passed`, at, log);
      if (plan.kind !== 'due') continue;
      // Most ticks find the week's roundup posted already: no claim, no write.
      const existing = await store.digests.get(channel, weekKey(plan.date));
      if (existing && claimRefusal(existing, at, policy)) continue;
      done.push({ weekly, date: plan.date, outcome: await deliverRoundup({ ...request, weekly, date: plan.date }) });
    } catch (error) {
      log.error('cannot plan or post a weekly roundup', { platform: weekly.platform, channel: weekly.channelId, error: String(error) });
    }
  }
  return done;
}

async function recordMissed(store: StoreApi, channel: ChannelRef, date: string, note: string, at: Date, log: Logger): Promise<void> {
  if (await store.digests.recordMissed(channel, weekKey(date), note, at))
    log.warn('weekly roundup missed', { channel: channel.id, date, note });
}
