import OpenAI, { APIConnectionTimeoutError } from 'openai';
import type { Logger } from '../log.ts';
import { classify } from './retry.ts';
import { normaliseBaseURL } from './openai.ts';
import type { Embedder } from './types.ts';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  timeoutMs: number;
  log: Logger;
}

/** A vector longer than this is not an embedding (a broken server): refused, not stored. */
const MAX_DIMENSIONS = 16_384;

/** Embeddings through an OpenAI-compatible /v1/embeddings; a failure is logged once here and thrown to the caller. */
export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  private readonly client: OpenAI;
  private readonly options: OpenAiEmbedderOptions;

  constructor(options: OpenAiEmbedderOptions) {
    this.options = options;
    this.model = options.model;
    this.client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: normaliseBaseURL(options.baseURL),
      timeout: options.timeoutMs,
      maxRetries: 0,
    });
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const response = await this.client.embeddings.create(
        { model: this.model, input: [...texts], encoding_format: 'float' },
        { signal: timeout, timeout: this.options.timeoutMs },
      );
      const data = [...(response.data ?? [])].sort((a, b) => a.index - b.index);
      if (data.length !== texts.length) throw new Error(`the server answered ${data.length} embeddings for ${texts.length} texts`);
      const size = data[0]?.embedding.length ?? 0;
      return data.map((d) => {
        const e = d.embedding;
        if (!Array.isArray(e) || e.length !== size || size === 0 || size > MAX_DIMENSIONS || !e.every(Number.isFinite))
          throw new Error('the server answered an embedding that is not a vector of numbers of one size');
        return Float32Array.from(e);
      });
    } catch (caught) {
      const error = timeout.aborted ? new APIConnectionTimeoutError() : caught;
      const failure = classify(error, { model: this.model, baseURL: this.client.baseURL, timeoutMs: this.options.timeoutMs });
      const reason = failure.kind === 'rejected' ? failure.message : failure.kind === 'aborted' ? 'cancelled' : failure.reason;
      this.options.log.warn(`embeddings failed, taste uses tf-idf for this digest: ${reason}`, { model: this.model, texts: texts.length });
      throw error;
    }
  }
}
