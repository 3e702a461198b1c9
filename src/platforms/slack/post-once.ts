import { webApi } from '@slack/bolt';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../log.ts';

const ATTEMPTS = 5;
const BACKOFF_MS = 500;

export interface PostOnceSteps {
  /** One chat.postMessage attempt, without the WebClient's own retries; resolves with the message ts. */
  readonly send: () => Promise<string>;
  /** The ts of a message already carrying the post's idempotency key, if there is one. */
  readonly find: () => Promise<string | undefined>;
  /** No attempt starts after this long (ms): a Slack that never answers fails the post instead of holding it. */
  readonly budgetMs: number;
  readonly log: Logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A keyed post (a digest, a shared answer, an answer in a thread), retried without ever posting twice.
 * A 429 means Slack did not take the message (wire-facts §3.5): wait Retry-After and send again. `ok:false`
 * is final. After a timeout, a dropped connection or a 5xx Slack may have posted it, so look for the key
 * before sending again, as long as the budget allows.
 */
export async function postOnce({ send, find, budgetMs, log }: PostOnceSteps): Promise<string> {
  const giveUpAt = performance.now() + budgetMs;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === webApi.ErrorCode.PlatformError || attempt >= ATTEMPTS) throw error;
      if (error instanceof webApi.WebAPIRateLimitedError) {
        if (performance.now() + error.retryAfter * 1000 >= giveUpAt) throw error;
        log.info('rate limited by Slack; waiting as told', { retryAfterSeconds: error.retryAfter });
        await sleep(error.retryAfter * 1000);
        continue;
      }
      const already = await find();
      if (already) {
        log.warn('chat.postMessage failed but the message was posted; not posting it again', { ts: already, error: errorMessage(error) });
        return already;
      }
      const backoff = BACKOFF_MS * 2 ** (attempt - 1);
      if (performance.now() + backoff >= giveUpAt) throw error;
      await sleep(backoff);
    }
  }
}
