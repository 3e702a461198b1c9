/** Fetching the day's listings before digests go out: retried with backoff, then reported in the digest. */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';

export interface RefreshResult {
  readonly ok: boolean;
  /** What went wrong, URLs and upstream text included: for the log only. */
  readonly error?: string;
  /** The names of the sources that failed ("HF Daily Papers"): what a channel may be told. */
  readonly unreachable?: readonly string[];
}

/** Fetches the configured sources' listings into the store, for the look-back ending on `day` (default today; wired by main). */
export type ListingsRefresh = (day?: string) => Promise<RefreshResult>;

export interface FetchRetry {
  /** Waits before the 2nd, 3rd… attempt; its length + 1 is the number of attempts. */
  readonly delaysMs: readonly number[];
  readonly sleep: (ms: number) => Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The scheduler's: a source that is down at digest time often answers a few seconds later. */
export const DEFAULT_FETCH_RETRY: FetchRetry = { delaysMs: [5_000, 30_000], sleep };

/** One attempt: each request already retries PAPERBOY_FETCH_RETRIES times, and a person is waiting. */
export const SINGLE_FETCH: FetchRetry = { delaysMs: [], sleep };

export interface FetchReport {
  readonly ok: boolean;
  readonly attempts: number;
  readonly error?: string;
  readonly unreachable?: readonly string[];
}

/** The one line a digest carries about a failed fetch: source names only, never URLs or upstream text. */
export function fetchFailedNote(unreachable: readonly string[] = []): string {
  const names = unreachable.length > 0 ? joinNames(unreachable) : 'The paper sources';
  return `${names} could not be reached; this digest is built from papers already known.`;
}

const joinNames = (names: readonly string[]): string =>
  names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

export async function fetchWithRetries(refresh: ListingsRefresh, retry: FetchRetry, log: Logger, day?: string): Promise<FetchReport> {
  let failure: RefreshResult = { ok: false, error: 'unknown error' };
  for (let attempt = 1; attempt <= retry.delaysMs.length + 1; attempt += 1) {
    if (attempt > 1) await retry.sleep(retry.delaysMs[attempt - 2] ?? 0);
    try {
      const result = await refresh(day);
      if (result.ok) return { ok: true, attempts: attempt };
      failure = result;
    } catch (thrown) {
      failure = { ok: false, error: errorMessage(thrown) };
    }
    log.warn('fetching the listings failed', { attempt, error: failure.error ?? 'unknown error' });
  }
  const error = failure.error ?? 'unknown error';
  log.error('could not fetch the listings; digests will use papers already known', { error });
  return { ok: false, attempts: retry.delaysMs.length + 1, error, ...(failure.unreachable ? { unreachable: failure.unreachable } : {}) };
}
