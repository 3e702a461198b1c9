/**
 * `paperboy digest post --to slack:C123|discord:123|terminal [--date D] [--force]`: posts a digest now
 * through the scheduler's own path, so the exactly-once rules hold (`--force` posts again).
 */
import { hostname } from 'node:os';
import { localDay } from '../core/dates.ts';
import { plural } from '../core/hints.ts';
import { silentLogger, type Logger } from '../log.ts';
import type { Summariser } from '../llm/types.ts';
import { TERMINAL_CHANNEL } from '../platforms/terminal/index.ts';
import type { ChannelRef } from '../platforms/types.ts';
import { adapterFor, deliverDigest, type AdapterLookup, type DeliveryOutcome } from '../scheduler/deliver.ts';
import { fetchFailedNote, fetchWithRetries, SINGLE_FETCH, type FetchRetry, type ListingsRefresh } from '../scheduler/fetch-first.ts';
import type { StoreApi } from '../store/api.ts';
import { DEFAULT_SUBSCRIPTION, type Subscription } from '../store/types.ts';

export interface DigestPostRequest {
  /** slack:CHANNEL_ID, discord:CHANNEL_ID or terminal. */
  readonly to: string;
  /** The digest's local date (YYYY-MM-DD), whose listing it posts; default today in the channel's time zone. */
  readonly date?: string;
  readonly force?: boolean;
}

export interface DigestPostDeps {
  readonly store: StoreApi;
  readonly llm: Summariser;
  /** The started adapters, by platform (the terminal one for `--to terminal`). */
  readonly adapters: AdapterLookup;
  /** When given, the day's listings are fetched first, as before a scheduled digest. */
  readonly refresh?: ListingsRefresh;
  /** Default one attempt: each request already retries PAPERBOY_FETCH_RETRIES times. */
  readonly fetchRetry?: FetchRetry;
  readonly now?: () => Date;
  readonly instanceId?: string;
  readonly log?: Logger;
  /** Where the one-line result goes; default stdout. */
  readonly print?: (line: string) => void;
}

export interface DigestPostResult {
  readonly exitCode: number;
  readonly message: string;
  readonly outcome: DeliveryOutcome | null;
}

/**
 * "slack:C123" → { platform: 'slack', id: 'C123' }; "slack:T1:C123" is C123 of workspace T1 (many workspaces);
 * "terminal" → the local terminal channel.
 */
export function parseTarget(to: string): ChannelRef | null {
  if (to === 'terminal') return TERMINAL_CHANNEL;
  const match = /^(slack|discord):((?:[A-Za-z0-9_-]+:)?[A-Za-z0-9_-]+)$/.exec(to.trim());
  return match ? { platform: match[1] as 'slack' | 'discord', id: match[2]! } : null;
}

export async function runDigestPost(request: DigestPostRequest, deps: DigestPostDeps): Promise<DigestPostResult> {
  const print = deps.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const done = (exitCode: number, message: string, outcome: DeliveryOutcome | null = null): DigestPostResult => {
    print(message);
    return { exitCode, message, outcome };
  };
  const channel = parseTarget(request.to);
  if (!channel) return done(2, `“${request.to}” is not a target: use slack:CHANNEL_ID, discord:CHANNEL_ID or terminal.`);
  const now = deps.now ?? (() => new Date());
  const subscription: Subscription = (await deps.store.subscriptions.get(channel)) ?? {
    ...DEFAULT_SUBSCRIPTION,
    platform: channel.platform,
    channelId: channel.id,
    channelName: null,
    createdAt: now().toISOString(),
    updatedAt: now().toISOString(),
  };
  const date = request.date ?? localDay(now(), subscription.timezone);
  // Configuration first: nothing is fetched for a platform that cannot be posted to.
  if (!adapterFor(deps.adapters, channel.platform)) return describeOutcome({ status: 'no-adapter' }, request.to, date, done);
  let fetchNote: string | undefined;
  if (deps.refresh) {
    const fetched = await fetchWithRetries(deps.refresh, deps.fetchRetry ?? SINGLE_FETCH, deps.log ?? silentLogger, date);
    if (!fetched.ok) fetchNote = fetchFailedNote(fetched.unreachable);
  }
  const outcome = await deliverDigest({
    store: deps.store,
    llm: deps.llm,
    adapters: deps.adapters,
    subscription,
    date,
    now,
    instanceId: deps.instanceId ?? `cli:${hostname()}:${process.pid}`,
    force: request.force ?? false,
    ...(request.date ? { listingDate: request.date } : {}),
    ...(fetchNote ? { fetchNote } : {}),
    ...(deps.log ? { log: deps.log } : {}),
  });
  return describeOutcome(outcome, request.to, date, done);
}

function describeOutcome(
  outcome: DeliveryOutcome,
  to: string,
  date: string,
  done: (code: number, message: string, outcome: DeliveryOutcome) => DigestPostResult,
): DigestPostResult {
  const what = `the digest for ${date} to ${to}`;
  switch (outcome.status) {
    case 'posted':
      return done(
        0,
        outcome.recovered
          ? `Found ${what} already posted (message ${outcome.posted.messageId}); recorded it.`
          : `Posted ${what} (message ${outcome.posted.messageId}, ${plural(outcome.paperIds.length, 'paper')}).`,
        outcome,
      );
    case 'skipped':
      return done(0, `Did not post ${what}: ${outcome.note}.`, outcome);
    case 'failed':
      return done(1, `Posting ${what} failed (attempt ${outcome.attempt}): ${outcome.error}`, outcome);
    case 'no-adapter':
      return done(2, `Cannot post ${what}: no ${to.split(':')[0]} connection is configured (see .env.example).`, outcome);
    case 'not-claimed': {
      const r = outcome.record;
      const messages = {
        done:
          r.state === 'posted'
            ? `Already posted ${what} at ${r.updatedAt} (message ${r.messageId}); --force posts it again.`
            : `The digest for ${date} was ${r.state}${r.note ? ` (${r.note})` : ''}; --force posts it anyway.`,
        'in-progress': `Another process (${r.claimedBy}) is posting ${what} right now (since ${r.claimedAt}).`,
        'retry-later': `Posting ${what} failed at ${r.updatedAt} (${r.error}); it will be retried shortly, or --force tries now.`,
        'gave-up': `Posting ${what} failed ${r.attempts} times (last: ${r.error ?? 'no answer'}); --force tries again.`,
      } as const;
      return done(outcome.reason === 'done' ? 0 : 1, messages[outcome.reason], outcome);
    }
  }
}
