/** Fetching the day's listings before digests go out: retried with backoff, then reported in the digest. */
import { errorMessage } from '../errors.ts';
import type { Logger } from '../log.ts';

/** Fetches today's listings from the configured sources into the store (wired by main). */
export type ListingsRefresh = () => Promise<{ ok: boolean; error?: string }>;

export interface FetchRetry {
  /** Waits before the 2nd, 3rd… attempt; its length + 1 is the number of attempts. */
  readonly delaysMs: readonly number[];
  readonly sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_FETCH_RETRY: FetchRetry = {
  delaysMs: [5_000, 30_000],
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface FetchReport {
  readonly ok: boolean;
  readonly attempts: number;
  readonly error?: string;
}

export const fetchFailedNote = (error: string): string =>
  `Couldn't fetch today's listings (${error}); this digest is built from papers already known.`;

export async function fetchWithRetries(refresh: ListingsRefresh, retry: FetchRetry, log: Logger): Promise<FetchReport> {
  let error = 'unknown error';
  for (let attempt = 1; attempt <= retry.delaysMs.length + 1; attempt += 1) {
    if (attempt > 1) await retry.sleep(retry.delaysMs[attempt - 2] ?? 0);
    try {
      const result = await refresh();
      if (result.ok) return { ok: true, attempts: attempt };
      error = result.error ?? error;
    } catch (thrown) {
      error = errorMessage(thrown);
    }
    log.warn("fetching today's listings failed", { attempt, error });
  }
  log.error("could not fetch today's listings; digests will use papers already known", { error });
  return { ok: false, attempts: retry.delaysMs.length + 1, error };
}
