/**
 * Follow-ups: what changed about papers a channel discussed (src/store/paper-events.ts) is posted in the
 * thread where it was discussed, at most one note per thread and local day, each event once. Exactly once as
 * digests are: a claim row per (channel, thread, day), an idempotency key on the post, and a look for that key
 * before any re-post of a retried claim; the note's events are recorded as told with its 'posted'.
 */
import { followupNote, tellable } from '../core/followups.ts';
import { chatSafe, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { ChannelRef, ChatAdapter, PostedRef } from '../platforms/types.ts';
import type { ClaimPolicy } from '../store/digests.ts';
import type { NotePlace } from '../store/followup-notes.ts';
import type { PendingEvent } from '../store/paper-events.ts';
import type { StoreApi } from '../store/api.ts';
import type { Subscription } from '../store/types.ts';
import { adapterFor, DEFAULT_CLAIM_POLICY, type AdapterLookup } from './deliver.ts';
import { localDate, zonedInstant } from './schedule.ts';

export interface FollowupSettings {
  /** Days a paper stays watched after its last discussion in a channel; 0 turns follow-ups off. */
  readonly days: number;
  /** How many more upvotes than when the channel discussed a paper make a jump worth a note. */
  readonly upvoteJump: number;
}

export const DEFAULT_FOLLOWUPS: FollowupSettings = { days: 60, upvoteJump: 50 };

export interface FollowupRequest {
  readonly store: StoreApi;
  readonly adapters: AdapterLookup;
  readonly subscription: Subscription;
  readonly now: () => Date;
  readonly instanceId: string;
  readonly settings?: FollowupSettings;
  readonly policy?: Partial<ClaimPolicy>;
  readonly log?: Logger;
}

export type FollowupOutcome =
  | { readonly status: 'posted'; readonly threadId: string; readonly eventIds: readonly number[]; readonly recovered: boolean }
  | { readonly status: 'failed'; readonly threadId: string; readonly error: string };

export const followupKey = (channel: ChannelRef, threadId: string, date: string): string =>
  `paperboy:${channel.platform}:${channel.id}:${date}:followup:${threadId || '-'}`;

/** Pending events by the thread they go to: a discussion outside any thread goes to the digest thread that listed the paper. */
async function byThread(store: StoreApi, channel: ChannelRef, events: readonly PendingEvent[]): Promise<Map<string, PendingEvent[]>> {
  const threads = new Map<string, PendingEvent[]>();
  for (const event of events) {
    const thread = event.threadId || ((await store.paperEvents.digestThreadOf(channel, event.paperId)) ?? '');
    threads.set(thread, [...(threads.get(thread) ?? []), event]);
  }
  return threads;
}

/** The channel's follow-ups due now: one note per thread with news, unless that thread had its note today. */
export async function postFollowups(request: FollowupRequest): Promise<FollowupOutcome[]> {
  const { store, subscription: sub, now } = request;
  const settings = request.settings ?? DEFAULT_FOLLOWUPS;
  const channel: ChannelRef = { platform: sub.platform, id: sub.channelId, ...(sub.channelName ? { name: sub.channelName } : {}) };
  const adapter = adapterFor(request.adapters, channel.platform);
  if (!sub.followups || settings.days <= 0 || !adapter) return [];
  const since = new Date(now().getTime() - settings.days * 86_400_000).toISOString();
  const pending = await store.paperEvents.pending(channel, since);
  if (pending.length === 0) return [];
  const date = localDate(now(), sub.timezone);
  const outcomes: FollowupOutcome[] = [];
  for (const [threadId, events] of await byThread(store, channel, pending)) {
    const { tell, covered } = tellable(events, settings.upvoteJump);
    const place: NotePlace = { channel, threadId, date };
    const note = await store.followupNotes.get(place);
    // Reads first: a thread with nothing to tell, or told already today, writes nothing.
    if (note?.state === 'posted' || (tell.length === 0 && !note)) continue;
    const outcome = await postNote({ ...request, settings }, adapter, place, tell, covered);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * The scheduler's follow-ups pass over its subscriptions: at once when new events were recorded (by any
 * process), else once per claim-retry interval (a failed note retries, a deferred one finds a new day).
 */
export function runFollowups(
  base: Omit<FollowupRequest, 'subscription' | 'now' | 'settings'> & { readonly settings?: FollowupSettings | undefined },
): (subscriptions: readonly Subscription[], now: () => Date) => Promise<void> {
  const log = base.log ?? silentLogger;
  const every = Math.min(
    base.policy?.retryDelayMs ?? DEFAULT_CLAIM_POLICY.retryDelayMs,
    base.policy?.staleAfterMs ?? DEFAULT_CLAIM_POLICY.staleAfterMs,
  );
  let last: { at: number; eventId: number } | undefined;
  return async (subscriptions, now) => {
    let eventId: number;
    try {
      eventId = await base.store.paperEvents.latestId();
    } catch (error) {
      log.error('follow-ups could not read the store', { error: errorMessage(error) });
      return;
    }
    if (last && last.eventId === eventId && now().getTime() - last.at < every) return;
    last = { at: now().getTime(), eventId };
    const { settings, ...rest } = base;
    for (const subscription of subscriptions) {
      await postFollowups({ ...rest, ...(settings ? { settings } : {}), subscription, now }).catch((error: unknown) =>
        log.error('follow-ups crashed', { platform: subscription.platform, channel: subscription.channelId, error: errorMessage(error) }),
      );
    }
  };
}

async function postNote(
  request: FollowupRequest,
  adapter: ChatAdapter,
  place: NotePlace,
  tell: readonly PendingEvent[],
  covered: readonly number[],
): Promise<FollowupOutcome | undefined> {
  const { store, now, instanceId, subscription: sub } = request;
  const log = (request.log ?? silentLogger).child('followups');
  const channel = place.channel as ChannelRef;
  const { threadId, date } = place;
  const where = { platform: channel.platform, channel: channel.id, thread: threadId, date };
  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...request.policy };
  const claim = await store.retryWhileBusy(() => store.followupNotes.claim(place, instanceId, now(), policy));
  if (!claim.claimed) return undefined;
  const key = followupKey(channel, threadId, date);
  const record = async (posted: PostedRef, eventIds: readonly number[], recovered: boolean): Promise<FollowupOutcome> => {
    await store.retryWhileBusy(() => store.followupNotes.markPosted(place, instanceId, posted.messageId, eventIds, now()));
    log.info(recovered ? 'the follow-up was already posted; recorded it' : 'follow-up posted', { ...where, events: eventIds.length });
    return { status: 'posted', threadId, eventIds, recovered };
  };
  try {
    const previous = claim.previous;
    if (previous && previous.eventIds.length > 0 && adapter.findPosted) {
      const earlier = await adapter.findPosted(channel, key, zonedInstant(date, '00:00', sub.timezone), threadId || undefined);
      if (earlier) return await record(earlier, previous.eventIds, true);
    }
    if (tell.length === 0) {
      await store.retryWhileBusy(() => store.followupNotes.release(place, instanceId));
      return undefined;
    }
    const papers = new Map((await store.papers.getMany([...new Set(tell.map((e) => e.paperId))])).map((p) => [p.id, p]));
    await store.retryWhileBusy(() => store.followupNotes.recordComposed(place, instanceId, covered, now()));
    const reply = followupNote(tell, papers);
    const options = { idempotencyKey: key };
    const posted = threadId
      ? await adapter.postInThread({ channel, messageId: threadId, threadId }, reply, options)
      : await adapter.post(channel, reply, options);
    return await record(posted, covered, false);
  } catch (error) {
    const message = errorMessage(error);
    await store
      .retryWhileBusy(() => store.followupNotes.markFailed(place, instanceId, chatSafe(message, 'an unexpected error'), now()))
      .catch((cause: unknown) => log.warn('the failure could not be recorded', { ...where, error: errorMessage(cause) }));
    log.error('follow-up failed', { ...where, error: message });
    return { status: 'failed', threadId, error: message };
  }
}
