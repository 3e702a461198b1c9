import type { Db } from '../store/db.ts';
import type { Logger } from '../log.ts';
import type { Summariser } from './types.ts';
import { OfflineSummariser } from './offline.ts';
import { OpenAiSummariser } from './openai.ts';

export const DEFAULT_MODEL = 'gpt-4o-mini';

export interface SummariserOptions {
  apiKey?: string;
  /** An OpenAI-compatible server; with no key (Ollama, llama.cpp, vLLM) it is called keyless. */
  baseURL?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  concurrency: number;
  db: Db;
  log: Logger;
  /** Test knobs: first backoff step (default 500 ms) and the longest wait between attempts (default 30 s). */
  retryBaseMs?: number;
  maxRetryWaitMs?: number;
}

/** The OpenAI-backed summariser when a key or a server is configured, else the offline one. */
export function createSummariser(options: SummariserOptions): Summariser {
  const apiKey = options.apiKey?.trim();
  const baseURL = options.baseURL?.trim();
  if (!apiKey && !baseURL) {
    options.log.info('No OPENAI_API_KEY or OPENAI_BASE_URL set: summaries and comparisons use the offline summariser');
    return new OfflineSummariser('no OPENAI_API_KEY set');
  }
  return new OpenAiSummariser({
    apiKey: apiKey || 'not-needed',
    ...(baseURL ? { baseURL } : {}),
    model: options.model || DEFAULT_MODEL,
    timeoutMs: options.timeoutMs,
    maxRetries: options.maxRetries,
    concurrency: options.concurrency,
    db: options.db,
    log: options.log,
    fallback: new OfflineSummariser(),
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
    ...(options.maxRetryWaitMs !== undefined ? { maxRetryWaitMs: options.maxRetryWaitMs } : {}),
  });
}

export { OfflineSummariser } from './offline.ts';
export { OpenAiSummariser } from './openai.ts';
export { PROMPT_VERSION } from './prompts.ts';
export type * from './types.ts';
