import OpenAI, { APIConnectionTimeoutError } from 'openai';
import type { CompletionUsage } from 'openai/resources/completions';
import type { Paper } from '../store/types.ts';
import type { Logger } from '../log.ts';
import { UserError, errorMessage } from '../errors.ts';
import { retryWhileBusy } from '../store/busy.ts';
import { LlmCacheRepo } from '../store/llm-cache.ts';
import type { Answer, AskOptions, Comparison, LlmOutcome, PaperQuestion, Summariser, Summary, UsageTotals } from './types.ts';
import { ASK_SCHEMA, buildAskMessages, readAnswer } from './ask-prompt.ts';
import { ASK_MAX_TOKENS, inLanguage, nextFormat, responseFormat, SCHEMAS, TEMPERATURE, type Format, type JsonSchema } from './schemas.ts';
import { cacheKey, sha256 } from './cache-key.ts';
import {
  PROMPT_VERSION,
  buildCompareMessages,
  buildSummarizeMessages,
  buildTldrMessages,
  MAX_REPLY_CHARS,
  MAX_TOKENS,
  parseSummary,
  readComparison,
  readSummary,
  readTldr,
  type ChatMessage,
  type LlmTask,
} from './prompts.ts';
import { EmptyReplyError, Semaphore, backoffMs, classify, sleep, type FailureContext } from './retry.ts';

export interface OpenAiSummariserOptions {
  apiKey: string;
  /** e.g. http://localhost:11434/v1 for Ollama; the SDK default (api.openai.com) when unset. */
  baseURL?: string;
  model: string;
  timeoutMs: number;
  /** Retries after the first attempt, for rate limits, 5xx, timeouts and connection errors. */
  maxRetries: number;
  concurrency: number;
  cache?: import('../store/async.ts').Async<LlmCacheRepo>;
  db?: ConstructorParameters<typeof LlmCacheRepo>[0];
  log: Logger;
  /** Produces the answer when the server cannot (unreachable, timing out, failing). */
  fallback: Summariser;
  /** First backoff step; doubles per retry. Default 500 ms. */
  retryBaseMs?: number;
  /** Longest wait between attempts; a server asking for longer gets the offline answer instead. Default 30 s. */
  maxRetryWaitMs?: number;
}

interface Job<T> {
  task: LlmTask | 'ask';
  /** Part of the cache key besides task, papers and model (the question, the language). */
  extraKey?: string;
  /** The JSON the answer must follow, sent as response_format where the server takes it. */
  schema?: JsonSchema;
  papers: readonly Paper[];
  messages: ChatMessage[];
  /** The answer when the reply is what was asked for, else undefined (never cached). */
  read: (text: string) => T | undefined;
  /** What can still be shown of a reply cut off by the token limit (shown once, never cached). */
  salvage?: (text: string) => T | undefined;
  offline: () => Promise<LlmOutcome<T>>;
  /** What the offline answer is called in the note: "summary", "comparison", "TL;DR". */
  noun: string;
}

interface Reply {
  text: string;
  finishReason: string;
  /** Prompt and completion tokens the call cost. */
  tokens: number;
}

/** A transient failure that outlived its retries: the caller shows the offline answer with this reason. */
class FallbackError extends Error {
  readonly reason: string;
  readonly attempts: number;
  constructor(reason: string, attempts: number) {
    super(reason);
    this.reason = reason;
    this.attempts = attempts;
  }
}

/** "http://localhost:11434" means the server's /v1 API; a URL with any path is used as given. */
export function normaliseBaseURL(baseURL: string | undefined): string | undefined {
  if (!baseURL) return undefined;
  const url = new URL(baseURL);
  return url.pathname === '/' || url.pathname === '' ? `${url.origin}/v1` : baseURL.replace(/\/+$/, '');
}

export { cacheKey } from './cache-key.ts';
/** Summaries through an OpenAI-compatible chat-completions server (non-streaming), cached in the store. */
export class OpenAiSummariser implements Summariser {
  readonly mode = 'openai';
  readonly model: string;
  private readonly client: OpenAI;
  private readonly cache: NonNullable<OpenAiSummariserOptions['cache']>;
  private readonly gate: Semaphore;
  private readonly inflight = new Map<string, Promise<LlmOutcome<unknown>>>();
  private readonly context: FailureContext;
  /** What this server takes as response_format, learnt from its first refusal. */
  private format: Format = 'json_schema';

  private readonly options: OpenAiSummariserOptions;

  constructor(options: OpenAiSummariserOptions) {
    this.options = options;
    this.model = options.model;
    // maxRetries 0: the SDK would retry every 429 itself, insufficient_quota included; the policy lives here.
    const baseURL = normaliseBaseURL(options.baseURL);
    this.client = new OpenAI({ apiKey: options.apiKey, baseURL, timeout: options.timeoutMs, maxRetries: 0 });
    this.cache = options.cache ?? new LlmCacheRepo(options.db!); // the store's (StoreApi.llm), else one of its own over `db`
    this.gate = new Semaphore(Math.max(1, Math.floor(options.concurrency)));
    this.context = { model: options.model, baseURL: this.client.baseURL, timeoutMs: options.timeoutMs };
  }

  summarize(paper: Paper, signal?: AbortSignal, options: AskOptions = {}): Promise<LlmOutcome<Summary>> {
    const { fallback } = this.options;
    const messages = inLanguage(buildSummarizeMessages(paper), options.language);
    const offline = () => fallback.summarize(paper);
    const salvage = (text: string) => (parseSummary(text).tldr ? parseSummary(text) : undefined);
    const job = { task: 'summarize', papers: [paper], messages, read: readSummary, salvage, offline, noun: 'summary' } as const;
    return this.run({ ...job, schema: SCHEMAS.summarize, extraKey: options.language }, signal, options);
  }

  compare(papers: readonly Paper[], signal?: AbortSignal, options: AskOptions = {}): Promise<LlmOutcome<Comparison>> {
    const { fallback } = this.options;
    if (papers.length === 0) return fallback.compare(papers);
    const read = (text: string) => readComparison(text, papers.length);
    const messages = inLanguage(buildCompareMessages(papers), options.language);
    const offline = () => fallback.compare(papers);
    const job = { task: 'compare', papers, messages, read, offline, noun: 'comparison', schema: SCHEMAS.compare } as const;
    return this.run({ ...job, extraKey: options.language }, signal, options);
  }

  tldr(paper: Paper, signal?: AbortSignal): Promise<LlmOutcome<string>> {
    const { fallback } = this.options;
    const messages = buildTldrMessages(paper);
    const offline = () => fallback.tldr(paper);
    return this.run({ task: 'tldr', papers: [paper], messages, read: readTldr, offline, noun: 'TL;DR' }, signal);
  }

  /** Answered from the passages only; an answer whose citations do not check out is never cached. */
  ask(question: PaperQuestion, signal?: AbortSignal, options: AskOptions = {}): Promise<LlmOutcome<Answer>> {
    const messages = inLanguage(buildAskMessages(question), options.language);
    const offline = async (): Promise<LlmOutcome<Answer>> => ({ value: question.offline(), source: 'offline', cached: false });
    const read = (text: string) => readAnswer(text, question);
    const extraKey = sha256(JSON.stringify([question.question, question.passages, options.language ?? '']));
    const job = { task: 'ask', papers: question.papers, messages, read, offline, noun: 'answer', schema: ASK_SCHEMA } as const;
    return this.run({ ...job, extraKey }, signal, options);
  }

  /** Token totals per model, over every day or from `sinceDay` (YYYY-MM-DD, UTC) on. */
  async usage(sinceDay?: string): Promise<UsageTotals[]> {
    return await this.cache.usage(sinceDay);
  }

  private async run<T>(job: Job<T>, signal?: AbortSignal, options: AskOptions = {}): Promise<LlmOutcome<T>> {
    const key = cacheKey(job.task, job.papers, this.model, job.extraKey);
    // `fresh`: the user asks the model again, and a good answer replaces the cached one.
    const hit = options.fresh ? undefined : await this.cache.get(key);
    if (hit !== undefined) return { value: hit as T, source: 'llm', cached: true };
    if (options.cacheOnly) return { ...(await job.offline()), source: 'offline', cached: false, note: options.cacheOnly };
    const pending = options.fresh ? undefined : (this.inflight.get(key) as Promise<LlmOutcome<T>> | undefined);
    if (pending) {
      // Identical request already on the wire (e.g. one digest, many channels): share it. Only a rejection is
      // shared as an error; anything else (the other caller cancelled, say) means trying on our own.
      try {
        // Someone else's call: it is charged to them (onUsage), never twice.
        return await pending;
      } catch (error) {
        if (error instanceof UserError || signal?.aborted) throw error;
      }
    }
    const promise = this.answer(job, key, signal, options.onUsage);
    this.inflight.set(key, promise);
    try {
      return await promise;
    } finally {
      if (this.inflight.get(key) === promise) this.inflight.delete(key);
    }
  }

  private async answer<T>(job: Job<T>, key: string, signal?: AbortSignal, onUsage?: (tokens: number) => void): Promise<LlmOutcome<T>> {
    let reply: Reply;
    try {
      reply = await this.complete(job.messages, job.task === 'ask' ? ASK_MAX_TOKENS : MAX_TOKENS[job.task], job.schema, signal);
    } catch (error) {
      if (!(error instanceof FallbackError)) throw error;
      return this.offline(job, `${error.reason}${error.attempts > 1 ? ` after ${error.attempts} attempts` : ''}`, error.attempts);
    }
    onUsage?.(reply.tokens);
    if (reply.text.length > MAX_REPLY_CHARS)
      return this.offline(job, `the model's answer was too long to use (${Math.round(reply.text.length / 1000)} K characters)`, 1);
    const cut = reply.finishReason === 'length';
    const value = job.read(reply.text) ?? (cut ? job.salvage?.(reply.text) : undefined);
    // An answer that is not what was asked for is never kept: a later ask (or `fresh`) tries again.
    if (value === undefined)
      return this.offline(job, `the model's answer could not be read${cut ? ' (cut off by the token limit)' : ''}`, 1);
    // A reply cut off by the token limit is shown once but not kept.
    if (!cut) {
      const paperIds = job.papers.map((p) => p.id);
      const entry = { key, task: job.task, model: this.model, promptVersion: PROMPT_VERSION, paperIds, value };
      this.inBackground('cache the answer', () => this.cache.put(entry));
    }
    return { value, source: 'llm', cached: false };
  }

  private async offline<T>(job: Job<T>, reason: string, attempts: number): Promise<LlmOutcome<T>> {
    this.options.log.warn(`LLM ${job.task} fell back to the offline summariser: ${reason}`, {
      task: job.task,
      attempts,
      papers: job.papers.map((p) => p.id),
    });
    const offline = await job.offline();
    const note = `${reason}; showing the offline ${job.noun}`;
    return { ...offline, source: 'offline', cached: false, note };
  }

  /** One logical call: attempts under the concurrency gate, retries with backoff outside it. */
  private async complete(messages: ChatMessage[], maxTokens: number, schema: JsonSchema | undefined, signal?: AbortSignal): Promise<Reply> {
    const { log, maxRetries } = this.options;
    const capMs = this.options.maxRetryWaitMs ?? 30_000;
    for (let attempt = 1; ; attempt += 1) {
      let error: unknown;
      const format = schema ? this.format : 'none';
      try {
        return await this.gate.run(() => this.attempt(messages, maxTokens, format, schema, signal));
      } catch (caught) {
        error = caught;
      }
      // A server without structured outputs: the next format down, at once (OpenAI, vLLM, Ollama differ here).
      const next = nextFormat(error, format);
      if (next) {
        if (this.format === format) this.format = next;
        log.info(`the LLM server refused that response_format; using ${this.format}`);
        attempt -= 1;
        continue;
      }
      const failure = classify(error, this.context);
      if (failure.kind === 'aborted' || signal?.aborted) throw error;
      if (failure.kind === 'rejected') throw new UserError('llm-rejected', failure.message, failure.hint);
      if (failure.kind === 'failed') throw new FallbackError(failure.reason, attempt);
      const wait = failure.retryAfterMs ?? backoffMs(attempt - 1, this.options.retryBaseMs ?? 500, capMs);
      if (attempt > maxRetries) throw new FallbackError(failure.reason, attempt);
      if (wait > capMs) throw new FallbackError(`${failure.reason}; the server asked to wait ${Math.ceil(wait / 1000)} s`, attempt);
      log.info(`LLM call failed, retrying in ${wait} ms: ${failure.reason}`, { attempt, maxRetries });
      await sleep(wait, signal);
    }
  }

  private async attempt(
    messages: ChatMessage[],
    maxTokens: number,
    format: Format,
    schema?: JsonSchema,
    signal?: AbortSignal,
  ): Promise<Reply> {
    signal?.throwIfAborted();
    // The SDK's own timeout stops at the response headers; this one also bounds reading the body.
    const timeout = AbortSignal.timeout(this.options.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    try {
      const response = await this.client.chat.completions.create(
        {
          model: this.model,
          messages,
          max_tokens: maxTokens,
          temperature: TEMPERATURE,
          ...responseFormat(format, schema),
        },
        { signal: combined, timeout: this.options.timeoutMs },
      );
      this.recordUsage(response.usage);
      const choice = response.choices[0];
      const text = choice?.message.content?.trim();
      if (!text) throw new EmptyReplyError(choice?.finish_reason ?? 'no choices');
      const tokens = (response.usage?.prompt_tokens ?? 0) + (response.usage?.completion_tokens ?? 0);
      return { text, finishReason: choice?.finish_reason ?? 'stop', tokens };
    } catch (error) {
      if (timeout.aborted && !signal?.aborted) throw new APIConnectionTimeoutError();
      throw error;
    }
  }

  private recordUsage(usage: CompletionUsage | undefined): void {
    const day = new Date().toISOString().slice(0, 10);
    this.inBackground('record token usage', () =>
      this.cache.addUsage(day, this.model, usage?.prompt_tokens ?? 0, usage?.completion_tokens ?? 0),
    );
  }

  /**
   * A write the answer does not wait for: done at once when the store is free, else retried while another
   * process holds the write lock (busy.ts), and given up with a warning; the answer is shown either way.
   */
  private inBackground(what: string, write: () => unknown): void {
    retryWhileBusy(write).catch((error: unknown) => this.options.log.warn(`could not ${what}`, { error: errorMessage(error) }));
  }
}
