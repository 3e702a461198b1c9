import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

/**
 * What to do about a failed LLM call:
 * - transient: retry (rate limit, 5xx, timeout, connection), then fall back offline;
 * - rejected: the server refused for a reason retrying cannot fix; tell the user;
 * - aborted: the caller cancelled;
 * - failed: anything else; fall back offline without retrying.
 */
export type Failure =
  | { kind: 'transient'; reason: string; retryAfterMs?: number }
  | { kind: 'rejected'; message: string; hint?: string }
  | { kind: 'aborted' }
  | { kind: 'failed'; reason: string };

export interface FailureContext {
  model: string;
  baseURL: string;
  timeoutMs: number;
}

/** The model answered, but with nothing usable. */
export class EmptyReplyError extends Error {
  readonly finishReason: string;
  constructor(finishReason: string) {
    super(`LLM returned an empty reply (finish_reason: ${finishReason})`);
    this.finishReason = finishReason;
    this.name = 'EmptyReplyError';
  }
}

const REFUSED = 'The LLM server refused the request';

/** The first `code` (ECONNREFUSED, ENOTFOUND, …) along an error's cause chain. */
export function causeCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function serverMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const text = typeof body?.message === 'string' ? body.message : '';
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

const isQuota = (error: APIError) =>
  error.code === 'insufficient_quota' || error.type === 'insufficient_quota' || /exceeded your current quota/i.test(serverMessage(error));

function rejection(error: APIError, status: number, context: FailureContext): Failure {
  const detail = serverMessage(error);
  const said = detail ? `: ${detail}` : '';
  switch (status) {
    case 401:
      return { kind: 'rejected', message: `${REFUSED}: invalid API key (401). Check OPENAI_API_KEY.` };
    case 403:
      return {
        kind: 'rejected',
        message: `${REFUSED}: access denied (403)${said}. The key may lack access to model "${context.model}", or the region is unsupported.`,
      };
    case 404:
      return {
        kind: 'rejected',
        message: `${REFUSED}: not found (404)${said}. Check the model name "${context.model}" and the base URL ${context.baseURL}.`,
      };
    case 400:
      return { kind: 'rejected', message: `${REFUSED}: bad request (400)${said}.` };
    default:
      return { kind: 'rejected', message: `${REFUSED} (HTTP ${status})${said}.` };
  }
}

export function classify(error: unknown, context: FailureContext): Failure {
  if (error instanceof APIUserAbortError) return { kind: 'aborted' };
  if (error instanceof APIConnectionTimeoutError) {
    return { kind: 'transient', reason: `LLM server did not answer within ${context.timeoutMs} ms` };
  }
  if (error instanceof APIConnectionError) {
    const code = causeCode(error.cause) ?? error.message;
    return { kind: 'transient', reason: `LLM server unreachable (${code} at ${context.baseURL})` };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    const status = error.status;
    const wait = retryAfterMs(error.headers);
    if (status === 429 && isQuota(error)) {
      return { kind: 'rejected', message: `${REFUSED}: quota exhausted (insufficient_quota). Check your plan/billing.` };
    }
    if (status === 429) return { kind: 'transient', reason: 'LLM server rate-limited the request (HTTP 429)', retryAfterMs: wait };
    if (status >= 500 || status === 408 || status === 409) {
      return { kind: 'transient', reason: `LLM server error (HTTP ${status})`, retryAfterMs: wait };
    }
    return rejection(error, status, context);
  }
  if (error instanceof Error && error.name === 'AbortError') return { kind: 'aborted' };
  return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
}

/** The wait a server asks for: `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return Number.parseFloat(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter: base·2^attempt, ±25 %, capped. `attempt` counts from 0. */
export function backoffMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(capMs, baseMs * 2 ** attempt);
  return Math.round(exponential * (0.75 + 0.5 * random()));
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** At most `limit` tasks run at once; the rest wait in arrival order. */
export class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.limit) this.active += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.active -= 1;
    }
  }
}
