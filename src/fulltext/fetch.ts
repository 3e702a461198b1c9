/**
 * A paper's full text from arXiv's HTML rendering (ARXIV_HTML_URL, https://arxiv.org/html/<id>v<n>): fetched
 * with a timeout and a size cap, parsed in a worker thread that is ended when it takes too long or too much
 * memory, so no page can freeze the bot. Errors say what went wrong without the address.
 */
import { FetchError, fetchText } from '../sources/fetch.ts';
import { startTsWorker } from '../search/ts-worker.ts';
import type { ParsedPaper } from './parse.ts';

export interface FullTextOptions {
  /** "https://arxiv.org/html/": the id and version are appended. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** A page larger than this is not read. Default 20 MB. */
  readonly maxBytes?: number;
  /** Parsing that takes longer than this is stopped. Default 15 s. */
  readonly parseTimeoutMs?: number;
  readonly retries?: number;
}

export type Fetched = { readonly kind: 'html'; readonly parsed: ParsedPaper } | { readonly kind: 'missing' };

/** Fetching or reading failed for a reason worth saying in a channel (no URLs in it). */
export class FullTextError extends Error {
  override readonly name = 'FullTextError';
}

export interface FullTextSource {
  fetch(arxivId: string, version: string): Promise<Fetched>;
}

const ID = /^(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})$/i;
const PARSER = new URL('./parse-worker.ts', import.meta.url);

export function createFullTextSource(options: FullTextOptions): FullTextSource {
  const base = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  return {
    async fetch(arxivId, version) {
      if (!ID.test(arxivId) || !/^(?:v\d{1,3})?$/.test(version)) throw new FullTextError('that is not an arXiv id paperboy can look up');
      let html: string;
      try {
        html = await fetchText(`${base}${arxivId}${version}`, {
          timeoutMs: options.timeoutMs,
          retries: options.retries ?? 1,
          maxBytes: options.maxBytes ?? 20 * 1024 * 1024,
          maxRetryAfterMs: 10_000,
        });
      } catch (error) {
        if (error instanceof FetchError && (error.status === 404 || error.status === 410)) return { kind: 'missing' };
        throw new FullTextError(reasonOf(error));
      }
      return { kind: 'html', parsed: await parseInWorker(html, options.parseTimeoutMs ?? 15_000) };
    },
  };
}

function reasonOf(error: unknown): string {
  if (!(error instanceof FetchError)) return 'arXiv could not be reached';
  if (/larger than/.test(error.message)) return "the paper's HTML page is too large to read";
  if (error.status) return `arXiv answered HTTP ${error.status}`;
  return /timed out|timeout/i.test(error.message) ? 'arXiv did not answer in time' : 'arXiv could not be reached';
}

/** The page parsed on a worker thread: bounded in time (terminated past `timeoutMs`) and in memory. */
export function parseInWorker(html: string, timeoutMs: number): Promise<ParsedPaper> {
  const worker = startTsWorker(PARSER, { data: { html }, resourceLimits: { maxOldGenerationSizeMb: 384 } });
  return new Promise<ParsedPaper>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: { parsed?: ParsedPaper; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      if (outcome.parsed) resolve(outcome.parsed);
      else reject(new FullTextError(outcome.error ?? "the paper's HTML page could not be read"));
    };
    const timer = setTimeout(() => settle({ error: "reading the paper's HTML page took too long" }), timeoutMs);
    worker.once('message', (message: { parsed?: ParsedPaper; error?: string }) =>
      settle(message.parsed ? message : { error: "the paper's HTML page could not be read" }),
    );
    worker.once('error', () => settle({ error: "the paper's HTML page could not be read" }));
    worker.once('exit', () => settle({ error: "the paper's HTML page could not be read" }));
  });
}
