import type { Summariser } from './types.ts';
import { OfflineSummariser } from './offline.ts';
import { OpenAiSummariser, type OpenAiSummariserOptions } from './openai.ts';

export const DEFAULT_MODEL = 'gpt-4o-mini';

/** What createSummariser needs: the OpenAI options, with the key optional (a keyless local server, or none at all). */
export type SummariserOptions = Omit<OpenAiSummariserOptions, 'apiKey' | 'fallback'> & { apiKey?: string };

/** The OpenAI-backed summariser when a key or a server is configured, else the offline one. */
export function createSummariser(options: SummariserOptions): Summariser {
  const apiKey = options.apiKey?.trim();
  const baseURL = options.baseURL?.trim();
  if (!apiKey && !baseURL) {
    options.log.info('No OPENAI_API_KEY or OPENAI_BASE_URL set: summaries and comparisons use the offline summariser');
    return new OfflineSummariser('no OPENAI_API_KEY set');
  }
  return new OpenAiSummariser({
    ...options,
    apiKey: apiKey || 'not-needed',
    ...(baseURL ? { baseURL } : {}),
    model: options.model || DEFAULT_MODEL,
    fallback: new OfflineSummariser(),
  });
}

export { OfflineSummariser } from './offline.ts';
export { OpenAiSummariser } from './openai.ts';
export { PROMPT_VERSION } from './prompts.ts';
export type * from './types.ts';
