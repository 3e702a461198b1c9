import type { Config, SourceSpec } from '../config.ts';

export interface FetchOptions {
  timeoutMs: number;
  retries: number;
  /** Minimum spacing between calls to one host (arXiv asks for 3 s). */
  minIntervalMs?: number;
  /** A response larger than this is refused before it fills memory. Default 50 MB. */
  maxBytes?: number;
  /** The longest Retry-After honoured; a server asking for more is not retried. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Injected for tests (e.g. a failing name lookup); defaults to the global fetch. */
  fetch?: typeof fetch;
  onRetry?: (info: { url: string; attempt: number; waitMs: number; reason: string }) => void;
}

export class FetchError extends Error {
  readonly url: string;
  readonly status?: number;
  constructor(url: string, message: string, status?: number) {
    super(`${url}: ${message}`);
    this.url = url;
    this.status = status;
    this.name = 'FetchError';
  }
}

export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_MAX_RETRY_AFTER_MS = 60_000;
const lastCallAt = new Map<string, number>();
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);
/** A host name that does not resolve stays unresolved for seconds to hours: retrying at once only repeats the wait. */
const NAME_LOOKUP_FAILED = new Set(['ENOTFOUND', 'EAI_AGAIN']);

/**
 * GET with a timeout on every attempt, retries on 429/5xx/network errors honouring Retry-After (up to a cap),
 * per-host spacing, and a size cap on the body, which is streamed so an oversized answer is cut off early.
 */
export async function fetchText(url: string, options: FetchOptions): Promise<string> {
  const sleep = options.sleep ?? defaultSleep;
  const get = options.fetch ?? fetch;
  for (let attempt = 0; ; attempt += 1) {
    await spaceCalls(url, options.minIntervalMs ?? 0, sleep);
    let reason: string;
    let waitMs = Math.min(30_000, 500 * 2 ** attempt);
    const gaveUp = () => `${reason} (gave up after ${attempt + 1} attempt${attempt === 0 ? '' : 's'})`;
    try {
      const response = await get(url, {
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { 'user-agent': 'paperboy (research digest bot)' },
      });
      if (response.ok) return await readCapped(url, response, options.maxBytes ?? DEFAULT_MAX_BYTES);
      await response.body?.cancel().catch(() => undefined);
      reason = `HTTP ${response.status} ${response.statusText}`.trim();
      if (!RETRYABLE.has(response.status)) throw new FetchError(url, reason, response.status);
      const asked = retryAfterMs(response.headers.get('retry-after'));
      const cap = options.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
      if (asked !== undefined && asked > cap)
        throw new FetchError(
          url,
          `${reason}; the server asks to wait ${Math.ceil(asked / 1000)} s, longer than paperboy waits`,
          response.status,
        );
      waitMs = asked ?? waitMs;
      if (attempt >= options.retries) throw new FetchError(url, gaveUp(), response.status);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      reason = networkReason(error, options.timeoutMs);
      if (NAME_LOOKUP_FAILED.has(errorCode(error) ?? '')) throw new FetchError(url, `${reason}: the host name could not be looked up`);
      if (attempt >= options.retries) throw new FetchError(url, gaveUp());
    }
    options.onRetry?.({ url, attempt: attempt + 1, waitMs, reason });
    await sleep(waitMs);
  }
}

/** The body as text, refused as soon as its announced or received size passes `maxBytes`. */
async function readCapped(url: string, response: Response, maxBytes: number): Promise<string> {
  const tooBig = () =>
    new FetchError(
      url,
      `the answer is larger than ${formatBytes(maxBytes)} (PAPERBOY_FETCH_MAX_MB); download it and ingest the file instead`,
    );
  const announced = Number(response.headers.get('content-length'));
  if (Number.isFinite(announced) && announced > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooBig();
  }
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooBig();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}

const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`;

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

const errorCode = (error: unknown): string | undefined => (error as { cause?: { code?: string } })?.cause?.code;

function networkReason(error: unknown, timeoutMs: number): string {
  const err = error as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const code = err?.cause?.code ?? err?.cause?.message ?? err?.message ?? String(error);
  return `unreachable (${code})`;
}

async function spaceCalls(url: string, minIntervalMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
  if (minIntervalMs <= 0) return;
  const host = new URL(url).host;
  const wait = (lastCallAt.get(host) ?? 0) + minIntervalMs - Date.now();
  if (wait > 0) await sleep(wait);
  lastCallAt.set(host, Date.now());
}

/** The URL of one configured source for a day (YYYY-MM-DD). */
export function sourceUrl(spec: SourceSpec, day: string, sources: Config['sources']): string {
  switch (spec.kind) {
    case 'hf':
      return `${sources.hfApiUrl}/daily_papers?date=${day}&limit=100`;
    case 'arxiv-rss':
      return `${sources.arxivRssUrl}/${spec.categories}`;
    case 'arxiv-api':
      return `${sources.arxivApiUrl}/query?search_query=${encodeURIComponent(spec.query)}&sortBy=submittedDate&sortOrder=descending&max_results=100`;
  }
}

/** What a channel may be told about a source: its name, never its URL. */
export function sourceName(spec: SourceSpec): string {
  switch (spec.kind) {
    case 'hf':
      return 'HF Daily Papers';
    case 'arxiv-rss':
      return `arXiv ${spec.categories.replace(/\+/g, ', ')}`;
    case 'arxiv-api':
      return 'the arXiv search';
  }
}

export interface SourceTarget {
  readonly url: string;
  /** The source's name, for messages in a channel. */
  readonly name: string;
}

/**
 * Every configured source's URLs for the `days` days ending on `day`, oldest first. Only HF is asked by date:
 * its lists keep growing after the day starts, so yesterday's is read again. arXiv's feeds are asked once.
 */
export function sourceTargets(sources: Config['sources'], day: string, days = 1): SourceTarget[] {
  const count = Math.max(1, days);
  const dates = Array.from({ length: count }, (_, i) => new Date(Date.parse(`${day}T00:00:00Z`) - (count - 1 - i) * 86_400_000));
  const isoDates = dates.map((d) => d.toISOString().slice(0, 10));
  return sources.list.flatMap((spec) =>
    (spec.kind === 'hf' ? isoDates : [day]).map((date) => ({ url: sourceUrl(spec, date, sources), name: sourceName(spec) })),
  );
}

/** arXiv's terms ask for one call every 3 seconds. */
export const minIntervalFor = (url: string, sources: Config['sources']): number =>
  url.startsWith(sources.arxivApiUrl) || url.startsWith(sources.arxivRssUrl) ? 3000 : 0;

/** The URLs of every configured source for a day (or the `days` days ending on it). */
export const sourceUrls = (sources: Config['sources'], day: string, days = 1): string[] =>
  sourceTargets(sources, day, days).map((target) => target.url);

/** Fetch settings from the configuration: timeout, retries, size cap and arXiv's spacing. */
export function fetchOptionsFor(
  sources: Config['sources'],
  onRetry: FetchOptions['onRetry'],
): FetchOptions & { minIntervalFor: (url: string) => number } {
  return {
    timeoutMs: sources.timeoutMs,
    retries: sources.retries,
    maxBytes: sources.maxBytes,
    minIntervalFor: (url) => minIntervalFor(url, sources),
    ...(onRetry ? { onRetry } : {}),
  };
}
