/**
 * Reading-group reminders, each posted once in its channel as the digest is: a claim row per (session, lead)
 * taken in an IMMEDIATE transaction, an idempotency key on the post, and a look for that key before a retried
 * claim posts again. Which reminder is due, and when one is too late to post, is src/core/reading-group-time.ts.
 */
import { reminderReply } from '../core/reading-group-sessions.ts';
import { dueReminder, type DueReminder } from '../core/reading-group-time.ts';
import { chatSafe, errorMessage } from '../errors.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { ChannelRef } from '../platforms/types.ts';
import type { ClaimPolicy } from '../store/digests.ts';
import type { ReadingSession } from '../store/reading-group.ts';
import type { StoreApi } from '../store/api.ts';
import { adapterFor, DEFAULT_CLAIM_POLICY, type AdapterLookup } from './deliver.ts';

const DAY_MS = 86_400_000;
/** Sessions looked at: up to the longest lead ahead (14 days), a day's margin either side. */
const AHEAD_MS = 15 * DAY_MS;
/** How long before its due time a reminder's earlier post is looked for. */
const FIND_MARGIN_MS = 10 * 60_000;

export interface RemindersRequest {
  readonly store: StoreApi;
  readonly adapters: AdapterLookup;
  /** The clock; read at each step. */
  readonly now: () => Date;
  readonly instanceId: string;
  readonly policy?: Partial<ClaimPolicy>;
  readonly log?: Logger;
}

export type ReminderOutcome = {
  readonly sessionId: number;
  readonly lead: string;
  readonly status: 'posted' | 'recovered' | 'skipped' | 'failed';
};

export const reminderKey = (session: ReadingSession, lead: string): string =>
  `paperboy:${session.platform}:${session.channelId}:reading:${session.id}:${lead}`;

/** Posts every reminder due now (at most one per session); what happened to each one it touched. */
export async function postReminders(request: RemindersRequest): Promise<ReminderOutcome[]> {
  const { store } = request;
  const now = request.now();
  const sessions = await store.readingGroup.startingBetween(
    new Date(now.getTime() - DAY_MS).toISOString(),
    new Date(now.getTime() + AHEAD_MS).toISOString(),
  );
  const outcomes: ReminderOutcome[] = [];
  for (const session of sessions) {
    const due = dueReminder(session, now);
    if (!due) continue;
    const record = await store.readingGroup.reminder(session.id, due.lead);
    if (record?.state === 'posted' || record?.state === 'skipped') continue;
    // Too late and never tried: nothing to recover and nothing to post, so nothing is written either.
    if (!record && due.tooLate) continue;
    const outcome = await remind(request, session, due);
    if (outcome) outcomes.push(outcome);
  }
  return outcomes;
}

async function remind(request: RemindersRequest, session: ReadingSession, due: DueReminder): Promise<ReminderOutcome | undefined> {
  const { store, instanceId } = request;
  const log = (request.log ?? silentLogger).child('reminders');
  const channel: ChannelRef = {
    platform: session.platform,
    id: session.channelId,
    ...(session.channelName ? { name: session.channelName } : {}),
  };
  const where = { platform: channel.platform, channel: channel.id, session: session.id, lead: due.lead };
  const adapter = adapterFor(request.adapters, channel.platform);
  if (!adapter) return undefined;
  const policy: ClaimPolicy = { ...DEFAULT_CLAIM_POLICY, ...request.policy };
  const claim = await store.retryWhileBusy(() => store.readingGroup.claimReminder(session.id, due.lead, instanceId, request.now(), policy));
  if (!claim.claimed) return undefined;
  const mark = (outcome: Parameters<StoreApi['readingGroup']['markReminder']>[3]) =>
    store.retryWhileBusy(() => store.readingGroup.markReminder(session.id, due.lead, instanceId, outcome, request.now()));
  const key = reminderKey(session, due.lead);
  try {
    // A retried claim may follow a post the platform accepted but the store never recorded.
    if (claim.previous && adapter.findPosted) {
      const earlier = await adapter.findPosted(channel, key, new Date(due.due.getTime() - FIND_MARGIN_MS));
      if (earlier) {
        await mark({ state: 'posted', messageId: earlier.messageId });
        log.info('reminder was already in the channel; recorded it', where);
        return { sessionId: session.id, lead: due.lead, status: 'recovered' };
      }
    }
    const paper = await store.papers.get(session.paperId);
    if (due.tooLate || !paper) {
      await mark({ state: 'skipped', error: due.tooLate ? 'too late to remind' : 'the paper is gone' });
      return { sessionId: session.id, lead: due.lead, status: 'skipped' };
    }
    const presenter = (await store.readingGroup.presenters(channel, [paper.id])).get(paper.id);
    const posted = await adapter.post(channel, reminderReply(session, paper, presenter, request.now()), { idempotencyKey: key });
    await mark({ state: 'posted', messageId: posted.messageId });
    log.info('reminder posted', { ...where, messageId: posted.messageId });
    return { sessionId: session.id, lead: due.lead, status: 'posted' };
  } catch (error) {
    const message = errorMessage(error);
    await mark({ state: 'failed', error: chatSafe(message, 'an unexpected error') }).catch((cause: unknown) =>
      log.warn('the failure could not be recorded', { ...where, error: errorMessage(cause) }),
    );
    log.error('reminder failed', { ...where, error: message });
    return { sessionId: session.id, lead: due.lead, status: 'failed' };
  }
}
