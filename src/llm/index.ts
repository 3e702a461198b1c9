import type { Embedder, Summariser } from './types.ts';
import { OfflineSummariser } from './offline.ts';
import type { OpenAiSummariser, OpenAiSummariserOptions } from './openai.ts';
import type { OpenAiEmbedderOptions } from './embeddings.ts';

export const DEFAULT_MODEL = 'gpt-4o-mini';

/** What createSummariser needs: the OpenAI options, with the key optional (a keyless local server, or none at all). */
export type SummariserOptions = Omit<OpenAiSummariserOptions, 'apiKey' | 'fallback'> & { apiKey?: string; embeddingModel?: string };

/** The OpenAI-backed summariser when a key or a server is configured, else the offline one. */
export function createSummariser(options: SummariserOptions): Summariser {
  const apiKey = options.apiKey?.trim();
  const baseURL = options.baseURL?.trim();
  if (!apiKey && !baseURL) {
    options.log.info('No OPENAI_API_KEY or OPENAI_BASE_URL set: summaries and comparisons use the offline summariser');
    return new OfflineSummariser('no OPENAI_API_KEY set');
  }
  const embeddingModel = options.embeddingModel?.trim();
  const embedder = embeddingModel
    ? new LazyEmbedder({
        apiKey: apiKey || 'not-needed',
        ...(baseURL ? { baseURL } : {}),
        model: embeddingModel,
        timeoutMs: options.timeoutMs,
        log: options.log,
      })
    : undefined;
  return new LazyOpenAi({
    ...options,
    ...(embedder ? { embedder } : {}),
    apiKey: apiKey || 'not-needed',
    ...(baseURL ? { baseURL } : {}),
    model: options.model || DEFAULT_MODEL,
    fallback: new OfflineSummariser(),
  });
}

/** The embeddings client, loaded (with the SDK) on its first use, like the summariser. */
class LazyEmbedder implements Embedder {
  readonly model: string;
  private readonly options: OpenAiEmbedderOptions;
  private loaded: Promise<Embedder> | undefined;

  constructor(options: OpenAiEmbedderOptions) {
    this.options = options;
    this.model = options.model;
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    this.loaded ??= import('./embeddings.ts').then(({ OpenAiEmbedder }) => new OpenAiEmbedder(this.options));
    return (await this.loaded).embed(texts);
  }
}

/**
 * The OpenAI summariser, its module (and the openai SDK, ~100 ms to import) loaded on the first question:
 * a start that asks the LLM nothing (a search, the offline summariser) never pays for it.
 */
class LazyOpenAi implements Summariser {
  readonly mode = 'openai';
  readonly model: string;
  readonly embedder?: Embedder;
  private readonly options: OpenAiSummariserOptions;
  private loaded: Promise<OpenAiSummariser> | undefined;
  private ready: OpenAiSummariser | undefined;

  constructor(options: OpenAiSummariserOptions & { embedder?: Embedder }) {
    this.options = options;
    this.model = options.model;
    if (options.embedder) this.embedder = options.embedder;
  }

  private client(): Promise<OpenAiSummariser> {
    this.loaded ??= import('./openai.ts').then(({ OpenAiSummariser }) => (this.ready = new OpenAiSummariser(this.options)));
    return this.loaded;
  }

  async summarize(...args: Parameters<Summariser['summarize']>) {
    return (await this.client()).summarize(...args);
  }

  async compare(...args: Parameters<Summariser['compare']>) {
    return (await this.client()).compare(...args);
  }

  async tldr(...args: Parameters<Summariser['tldr']>) {
    return (await this.client()).tldr(...args);
  }

  async ask(...args: Parameters<NonNullable<Summariser['ask']>>) {
    return (await this.client()).ask(...args);
  }

  usage() {
    return this.ready?.usage() ?? [];
  }
}

export { OfflineSummariser } from './offline.ts';
export { PROMPT_VERSION } from './prompts.ts';
export type * from './types.ts';
