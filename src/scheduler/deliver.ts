/**
 * One digest, exactly once: claim (platform, channel, date) in the store → compose → recognise an
 * earlier post of a retried claim → post with an idempotency key → record → save the thread's list.
 */
import { composeDigest, type DigestRequest, type NewPapers } from '../core/digest.ts';
import { listOf, rememberPost } from '../core/lists.ts';
import { chatSafe, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Summariser } from '../llm/types.ts';
import type { Reply } from '../message/model.ts';
import type { ChannelRef, ChatAdapter, Platform, PostedRef } from '../platforms/types.ts';
import type { ClaimPolicy, DigestRecord } from '../store/digests.ts';
import type { StoreApi } from '../store/api.ts';
import type { Subscription } from '../store/types.ts';
import { zonedInstant } from './schedule.ts';

export type AdapterLookup = ReadonlyMap<Platform, ChatAdapter> | Partial<Record<Platform, ChatAdapter>>;

export const DEFAULT_CLAIM_POLICY: ClaimPolicy = { staleAfterMs: 5 * 60_000, maxAttempts: 3, retryDelayMs: 5 * 60_000 };

export interface DeliverRequest {
  readonly store: StoreApi;
  readonly llm: Summariser;
  readonly adapters: AdapterLookup;
  readonly subscription: Subscription;
  /** The digest's local date (YYYY-MM-DD) in the subscription's time zone. */
  readonly date: string;
  /** The clock; read at each step so long fan-outs record true times. */
  readonly now: () => Date;
  /** Who claims: the scheduler instance or the CLI run. */
  readonly instanceId: string;
  /** Post again even if the day's digest was already posted (operator action). */
  readonly force?: boolean;
  /** Shown in the digest, e.g. that today's listings could not be fetched. */
  readonly fetchNote?: string;
  readonly policy?: Partial<ClaimPolicy>;
  /** Post this listing day's new papers (`digest post --date`) instead of those first seen since the last digest. */
  readonly listingDate?: string;
  /** A scheduler tick's one read of the new papers, shared by its channels. */
  readonly newPapers?: NewPapers;
  readonly log?: Logger;
}

export type DeliveryOutcome =
  | { readonly status: 'posted'; readonly posted: PostedRef; readonly paperIds: readonly number[]; readonly recovered: boolean }
  | { readonly status: 'skipped'; readonly note: string }
  | { readonly status: 'failed'; readonly error: string; readonly attempt: number }
  | { readonly status: 'not-claimed'; readonly reason: 'done' | 'in-progress' | 'retry-later' | 'gave-up'; readonly record: DigestRecord }
  | { readonly status: 'no-adapter' };

export function adapterFor(adapters: AdapterLookup, platform: Platform): ChatAdapter | undefined {
  return adapters instanceof Map ? adapters.get(platform) : (adapters as Partial<Record<Platform, ChatAdapter>>)[platform];
}

/** The key a platform carries on the post (Slack metadata, Discord nonce/footer) so a retry recognises it. */
export const idempotencyKey = (channel: ChannelRef, date: string, forcedAttempt?: number): string =>
  `paperboy:${channel.platform}:${channel.id}:${date}${forcedAttempt ? `#${forcedAttempt}` : ''}`;

export async function deliverDigest(request: DeliverRequest): Promise<DeliveryOutcome> {
  const { store, subscription: sub, date, now, instanceId } = request;
  const log = (request.log ?? silentLogger).child('digest');
  const channel: ChannelRef = { platform: sub.platform, id: sub.channelId, ...(sub.channelName ? { name: sub.channelName } : {}) };
  const where = { platform: channel.platform, channel: channel.id, date };
  const adapter = adapterFor(request.adapters, channel.platform);
  if (!adapter) {
    log.warn(`no ${channel.platform} connection is configured: the digest waits until one is`, where);
    return { status: 'no-adapter' };
  }
  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...request.policy, force: request.force ?? false };
  const claim = await store.retryWhileBusy(() => store.digests.claim(channel, date, instanceId, now(), policy));
  if (!claim.claimed) return { status: 'not-claimed', reason: claim.reason, record: claim.record };

  const key = idempotencyKey(channel, date, request.force ? claim.attempt : undefined);
  // Every write below waits out another process's write lock (store/busy.ts) instead of failing the delivery.
  const fail = async (error: unknown): Promise<DeliveryOutcome> => {
    const message = errorMessage(error);
    // The record is shown in `history`: no addresses or credentials there; the log has the whole message.
    const failure = chatSafe(message, 'an unexpected error (see the log)');
    await store
      .retryWhileBusy(() => store.digests.markFailed(channel, date, instanceId, failure, now()))
      .catch((cause: unknown) => log.warn('the failure could not be recorded', { ...where, error: errorMessage(cause) }));
    log.error('digest failed', { ...where, attempt: claim.attempt, error: message });
    return { status: 'failed', error: message, attempt: claim.attempt };
  };
  const record = async (posted: PostedRef, paperIds: readonly number[], recovered: boolean, reply?: Reply): Promise<DeliveryOutcome> => {
    const list = reply ? listOf(reply) : paperIds.length > 0 ? { paperIds, label: `digest of ${date}` } : undefined;
    const marked = await store.retryWhileBusy(async () => {
      if (list) await rememberPost(store, posted, list, now());
      return await store.digests.markPosted(channel, date, instanceId, { messageId: posted.messageId, threadId: posted.threadId }, now());
    });
    if (!marked) {
      log.warn('digest posted but the claim was taken over meanwhile; the new holder will recognise the post', where);
    }
    log.info(recovered ? 'digest was already on the platform; recorded it' : 'digest posted', { ...where, messageId: posted.messageId });
    return { status: 'posted', posted, paperIds, recovered };
  };

  try {
    // A retried claim may follow a post the platform accepted but the store never recorded.
    const previous = claim.previous;
    if (!request.force && previous && (previous.state === 'claimed' || previous.state === 'failed') && adapter.findPosted) {
      const since = zonedInstant(date, '00:00', sub.timezone);
      const earlier = await adapter.findPosted(channel, key, since);
      if (earlier) return await record(earlier, previous.paperIds, true);
    }
    // New since the channel's last digest; a channel's first digest is the latest listing.
    const since = request.listingDate ? undefined : ((await store.digests.lastDelivered(channel, date))?.composedAt ?? undefined);
    const shared = since ? await request.newPapers?.since(since, sub.crossLists) : undefined;
    const readAt = shared?.readAt ?? now();
    const compose: DigestRequest = {
      channel,
      ...(shared ? { candidates: shared.papers } : {}),
      subscription: sub,
      limit: sub.size,
      day: date,
      ...(request.listingDate ? { date: request.listingDate } : since ? { since, date } : {}),
      ...(request.fetchNote ? { fetchNote: request.fetchNote } : {}),
    };
    const digest = await composeDigest({ store, llm: request.llm }, compose);
    const paperIds = digest.papers.map((p) => p.id);
    if (!(await store.retryWhileBusy(() => store.digests.recordComposed(channel, date, instanceId, paperIds, readAt, now())))) {
      const current = (await store.digests.get(channel, date))!;
      log.warn('digest claim was taken over while composing; leaving it to the new holder', where);
      return { status: 'not-claimed', reason: 'in-progress', record: current };
    }
    if (paperIds.length === 0 && !sub.postWhenEmpty) {
      // `history` shows why: the step that left the digest empty.
      const note = `${(digest.shortfall?.text ?? 'Nothing new.').replace(/\.$/, '')} (empty:skip)`;
      await store.retryWhileBusy(() => store.digests.markSkipped(channel, date, instanceId, note, now()));
      log.info('digest skipped: empty', { ...where, reason: digest.shortfall?.reason ?? 'nothing-new' });
      return { status: 'skipped', note };
    }
    const posted = await adapter.post(channel, digest.reply, { idempotencyKey: key });
    return await record(posted, paperIds, false, digest.reply);
  } catch (error) {
    return fail(error);
  }
}
