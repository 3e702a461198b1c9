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
  readonly log: Logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A keyed post (a digest, a shared answer, an answer in a thread), retried without ever posting twice.
 * A 429 means Slack did not take the message (wire-facts §3.5): wait Retry-After and send again. `ok:false`
 * is final. After a timeout, a dropped connection or a 5xx Slack may have posted it, so look for the key
 * before sending again.
 */
export async function postOnce({ send, find, log }: PostOnceSteps): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === webApi.ErrorCode.PlatformError || attempt >= ATTEMPTS) throw error;
      if (error instanceof webApi.WebAPIRateLimitedError) {
        log.info('rate limited by Slack; waiting as told', { retryAfterSeconds: error.retryAfter });
        await sleep(error.retryAfter * 1000);
        continue;
      }
      const already = await find();
      if (already) {
        log.warn('chat.postMessage failed but the message was posted; not posting it again', { ts: already, error: errorMessage(error) });
        return already;
      }
      await sleep(BACKOFF_MS * 2 ** (attempt - 1));
    }
  }
}
