import type { Config, SourceSpec } from '../config.ts';

export interface FetchOptions {
  timeoutMs: number;
  retries: number;
  /** Minimum spacing between calls to one host (arXiv asks for 3 s). */
  minIntervalMs?: number;
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
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

const lastCallAt = new Map<string, number>();
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const RETRYABLE = new Set([408, 425, 429, 500, 502, 503, 504]);

/** GET with a timeout on every attempt, retries on 429/5xx/network errors honouring Retry-After, and per-host spacing. */
export async function fetchText(url: string, options: FetchOptions): Promise<string> {
  const sleep = options.sleep ?? defaultSleep;
  for (let attempt = 0; ; attempt += 1) {
    await spaceCalls(url, options.minIntervalMs ?? 0, sleep);
    let reason: string;
    let waitMs = Math.min(30_000, 500 * 2 ** attempt);
    try {
      const response = await fetch(url, {
        signal: AbortSignal.timeout(options.timeoutMs),
        headers: { 'user-agent': 'paperboy (research digest bot)' },
      });
      if (response.ok) return await response.text();
      reason = `HTTP ${response.status} ${response.statusText}`.trim();
      if (!RETRYABLE.has(response.status)) throw new FetchError(url, reason, response.status);
      waitMs = retryAfterMs(response.headers.get('retry-after')) ?? waitMs;
      if (attempt >= options.retries) throw new FetchError(url, `${reason} (gave up after ${attempt + 1} attempts)`, response.status);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      reason = networkReason(error, options.timeoutMs);
      if (attempt >= options.retries) throw new FetchError(url, `${reason} (gave up after ${attempt + 1} attempts)`);
    }
    options.onRetry?.({ url, attempt: attempt + 1, waitMs, reason });
    await sleep(waitMs);
  }
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.min(60_000, Math.max(0, seconds * 1000));
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.min(60_000, Math.max(0, at - Date.now()));
}

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

/** arXiv's terms ask for one call every 3 seconds. */
export const minIntervalFor = (url: string, sources: Config['sources']): number =>
  url.startsWith(sources.arxivApiUrl) || url.startsWith(sources.arxivRssUrl) ? 3000 : 0;

/** The URLs of every configured source for a day. */
export const sourceUrls = (sources: Config['sources'], day: string): string[] => sources.list.map((spec) => sourceUrl(spec, day, sources));

/** Fetch settings from the configuration: timeout, retries and arXiv's spacing. */
export function fetchOptionsFor(
  sources: Config['sources'],
  onRetry: FetchOptions['onRetry'],
): FetchOptions & { minIntervalFor: (url: string) => number } {
  return {
    timeoutMs: sources.timeoutMs,
    retries: sources.retries,
    minIntervalFor: (url) => minIntervalFor(url, sources),
    ...(onRetry ? { onRetry } : {}),
  };
}
