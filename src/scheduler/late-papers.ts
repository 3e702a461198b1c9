/**
 * Late papers: papers of a digest's listing day that reach the store after the digest was composed are
 * posted once into its thread, numbered after the thread's list so `compare 3 12` still works there.
 * Exactly once as the digest is: a claim row per (channel, date, 'late:N'), an idempotency key on the
 * post, and a look for that key before any re-post of a retried claim.
 */
import { composeDigest } from '../core/digest.ts';
import { extendThreadList, nextThreadNumber } from '../core/lists.ts';
import { chatSafe, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Summariser } from '../llm/types.ts';
import type { Reply } from '../message/model.ts';
import type { ChannelRef, PostedRef } from '../platforms/types.ts';
import type { ClaimPolicy } from '../store/digests.ts';
import type { StoreApi } from '../store/api.ts';
import type { Subscription } from '../store/types.ts';
import { adapterFor, DEFAULT_CLAIM_POLICY, type AdapterLookup } from './deliver.ts';
import { zonedInstant } from './schedule.ts';

export interface LatePapersRequest {
  readonly store: StoreApi;
  readonly llm: Summariser;
  readonly adapters: AdapterLookup;
  readonly subscription: Subscription;
  /** The posted digest's local date. */
  readonly date: string;
  readonly now: () => Date;
  readonly instanceId: string;
  readonly policy?: Partial<ClaimPolicy>;
  readonly log?: Logger;
}

export type LatePapersOutcome =
  | { readonly status: 'posted'; readonly kind: string; readonly paperIds: readonly number[]; readonly recovered: boolean }
  | { readonly status: 'none' }
  | { readonly status: 'failed'; readonly error: string };

export const lateIdempotencyKey = (channel: ChannelRef, date: string, kind: string): string =>
  `paperboy:${channel.platform}:${channel.id}:${date}:${kind}`;

const joined = (n: number): string => `${n} more ${n === 1 ? 'paper' : 'papers'} joined today's list`;

/** The digest reply as a thread note: its own header, numbers continuing the thread's list. */
function asNote(reply: Reply, first: number): Reply {
  const count = reply.papers?.filter((p) => p.rank !== undefined).length ?? 0;
  return {
    ...reply,
    blocks: reply.blocks.map((b) => (b.type === 'header' ? { ...b, text: joined(count) } : b)),
    ...(reply.papers ? { papers: reply.papers.map((p) => (p.rank === undefined ? p : { ...p, rank: p.rank + first - 1 })) } : {}),
  };
}

/** At most one late-papers note for the channel's digest of `date`; nothing unless that digest was posted with a thread. */
export async function postLatePapers(request: LatePapersRequest): Promise<LatePapersOutcome> {
  const { store, subscription: sub, date, now, instanceId } = request;
  const log = (request.log ?? silentLogger).child('late-papers');
  const channel: ChannelRef = { platform: sub.platform, id: sub.channelId, ...(sub.channelName ? { name: sub.channelName } : {}) };
  const digest = await store.digests.get(channel, date);
  const adapter = adapterFor(request.adapters, channel.platform);
  if (!adapter || digest?.state !== 'posted' || !digest.messageId || !digest.threadId || !digest.composedAt) return { status: 'none' };
  const parent: PostedRef = { channel, messageId: digest.messageId, threadId: digest.threadId };
  const thread = { channel, threadId: digest.threadId };

  const notes = await store.digests.notes.list(channel, date);
  const unfinished = notes.find((n) => n.state !== 'posted');
  const kind = unfinished?.kind ?? `late:${notes.length + 1}`;
  const where = { platform: channel.platform, channel: channel.id, date, kind };
  const key = lateIdempotencyKey(channel, date, kind);

  // Candidates before any claim: most ticks find none and write nothing.
  const shown = new Set([...digest.paperIds, ...notes.flatMap((n) => (n.state === 'posted' ? n.paperIds : []))]);
  const listingDay = await store.digestQueries.latestListingDate(date);
  const which = { crossLists: sub.crossLists };
  const late = listingDay
    ? (await store.digestQueries.newInListing(listingDay, which)).filter((p) => p.firstSeenAt > digest.composedAt! && !shown.has(p.id))
    : [];
  if (late.length === 0 && !unfinished) return { status: 'none' };

  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...request.policy };
  const claim = await store.retryWhileBusy(() => store.digests.notes.claim(channel, date, kind, instanceId, now(), policy));
  if (!claim.claimed) return { status: 'none' };
  const record = async (posted: PostedRef, paperIds: readonly number[], recovered: boolean): Promise<LatePapersOutcome> => {
    await store.retryWhileBusy(async () => {
      await extendThreadList(store, thread, paperIds, `digest of ${date}`, now());
      return await store.digests.notes.markPosted(channel, date, kind, instanceId, posted.messageId, now());
    });
    log.info(recovered ? 'late papers were already in the thread; recorded them' : 'late papers posted', {
      ...where,
      papers: paperIds.length,
    });
    return { status: 'posted', kind, paperIds, recovered };
  };
  try {
    const previous = claim.previous;
    if (previous && adapter.findPosted) {
      const earlier = await adapter.findPosted(channel, key, zonedInstant(date, '00:00', sub.timezone), digest.threadId);
      if (earlier) return await record(earlier, previous.paperIds, true);
    }
    // The one ranking: the channel's topics and min:N decide, as for the digest itself.
    const composed = await composeDigest(
      { store, llm: request.llm },
      { channel, candidates: late, subscription: sub, limit: sub.size, day: date, date: listingDay ?? date },
    );
    const paperIds = composed.papers.map((p) => p.id);
    if (paperIds.length === 0) {
      // Nothing the channel's topics and min:N keep: no note, and the next refresh may look again.
      await store.retryWhileBusy(() => store.digests.notes.release(channel, date, kind, instanceId));
      return { status: 'none' };
    }
    await store.retryWhileBusy(() => store.digests.notes.recordComposed(channel, date, kind, instanceId, paperIds, now()));
    const first = await nextThreadNumber(store, thread);
    const posted = await adapter.postInThread(parent, asNote(composed.reply, first), { idempotencyKey: key });
    return await record(posted, paperIds, false);
  } catch (error) {
    const message = errorMessage(error);
    await store
      .retryWhileBusy(() =>
        store.digests.notes.markFailed(channel, date, kind, instanceId, chatSafe(message, 'an unexpected error'), now()),
      )
      .catch((cause: unknown) => log.warn('the failure could not be recorded', { ...where, error: errorMessage(cause) }));
    log.error('late papers failed', { ...where, error: message });
    return { status: 'failed', error: message };
  }
}
