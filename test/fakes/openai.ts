import type { ServerResponse } from 'node:http';
import { sendJson, startFake, waitOrClientGone, type Recorded } from './http.ts';

export type { Recorded } from './http.ts';

/** One scripted answer to POST /v1/chat/completions. */
export type Scripted =
  | { kind: 'ok'; content: string; delayMs?: number; finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  | { kind: 'error'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'hang'; ms: number }
  /** Answers from what was asked (e.g. citing the passages the request carried). */
  | { kind: 'fn'; make: (request: Recorded) => Scripted };

export const reply = {
  ok: (content: string, options: { delayMs?: number; finishReason?: string } = {}): Scripted => ({ kind: 'ok', content, ...options }),
  json: (value: unknown, options: { delayMs?: number } = {}): Scripted => ({ kind: 'ok', content: JSON.stringify(value), ...options }),
  error: (status: number, error: { message: string; type?: string; code?: string | null }, headers?: Record<string, string>): Scripted => ({
    kind: 'error',
    status,
    body: { error: { message: error.message, type: error.type ?? 'invalid_request_error', param: null, code: error.code ?? null } },
    ...(headers ? { headers } : {}),
  }),
  rateLimited: (retryAfter?: string): Scripted =>
    reply.error(
      429,
      { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' },
      retryAfter === undefined ? undefined : { 'retry-after': retryAfter },
    ),
  insufficientQuota: (): Scripted =>
    reply.error(429, {
      message: 'You exceeded your current quota, please check your plan and billing details.',
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    }),
  serverError: (status = 500): Scripted =>
    reply.error(status, { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error' }),
  unauthorized: (): Scripted =>
    reply.error(401, {
      message: 'Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.',
      code: 'invalid_api_key',
    }),
  hang: (ms: number): Scripted => ({ kind: 'hang', ms }),
  fn: (make: (request: Recorded) => Scripted): Scripted => ({ kind: 'fn', make }),
};

/** The chat messages of a recorded request, joined: what the model was shown. */
export const promptOf = (request: Recorded): string =>
  ((request.body as { messages?: { content: string }[] })?.messages ?? []).map((m) => m.content).join('\n');

export interface FakeOpenAI {
  /** The server root, http://127.0.0.1:PORT (the API lives under /v1). */
  url: string;
  /** url + '/v1', what the openai SDK calls baseURL. */
  baseURL: string;
  requests: Recorded[];
  /** Queues answers, used in order; when the queue is empty, `fallback` answers. */
  script(...responses: Scripted[]): void;
  /** The answer once the script runs out (default: a valid summary JSON). */
  fallback: Scripted;
  /** How POST /v1/embeddings answers: hashed-bag-of-words vectors, or this error for every request. */
  embeddings: { failWith?: Scripted };
  /**
   * Which response_format types the server takes (default both). One it does not take gets a 400 naming
   * the parameter, as OpenAI-compatible servers without structured outputs answer.
   */
  formats: { json_schema: boolean; json_object: boolean };
  /** Requests currently being answered, and the most there ever were at once. */
  readonly stats: { inFlight: number; maxInFlight: number };
  close(): Promise<void>;
}

export const DEFAULT_CONTENT = JSON.stringify({
  tldr: 'The paper proposes a method and reports gains.',
  points: ['Proposes a method.', 'Reports gains on a benchmark.'],
});

const estimateTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function completion(request: Recorded, scripted: Extract<Scripted, { kind: 'ok' }>) {
  const body = request.body as { model?: string } | undefined;
  const promptTokens = scripted.usage?.prompt_tokens ?? estimateTokens(request.rawBody);
  const completionTokens = scripted.usage?.completion_tokens ?? estimateTokens(scripted.content);
  return {
    id: `chatcmpl-fake${Math.random().toString(36).slice(2, 10)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body?.model ?? 'unknown',
    choices: [{ index: 0, message: { role: 'assistant', content: scripted.content }, finish_reason: scripted.finishReason ?? 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

async function answer(request: Recorded, response: ServerResponse, scripted: Scripted): Promise<void> {
  if (scripted.kind === 'fn') return answer(request, response, scripted.make(request));
  if (scripted.kind === 'hang') {
    if (await waitOrClientGone(response, scripted.ms)) response.destroy();
    return;
  }
  if (scripted.kind === 'error') return sendJson(response, scripted.status, scripted.body, scripted.headers);
  if (scripted.delayMs && !(await waitOrClientGone(response, scripted.delayMs))) return;
  sendJson(response, 200, completion(request, scripted), { 'x-request-id': `req_${request.receivedAt}` });
}

export const EMBEDDING_DIMENSIONS = 64;

const STOPWORDS = new Set(
  'the and for with that this are from our which these their such can has have was were been its into not but also than more using based via how when while new show paper'.split(
    ' ',
  ),
);

/** Deterministic embedding: each word (lower case, 3+ letters, common words left out) hashed into one of 64 dimensions with a sign, so texts sharing words are close. */
export function fakeEmbedding(text: string): number[] {
  const v = new Array<number>(EMBEDDING_DIMENSIONS).fill(0);
  for (const word of text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? []) {
    if (STOPWORDS.has(word)) continue;
    let h = 2166136261;
    for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 16777619);
    // The hashing trick's sign bit: unrelated texts come out near orthogonal, as with a real model.
    v[(h >>> 0) % EMBEDDING_DIMENSIONS]! += h & 0x80000000 ? -1 : 1;
  }
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

/** The real /v1/embeddings answer shape: { object: 'list', data: [{ object: 'embedding', index, embedding }], model, usage }. */
function embeddingsAnswer(request: Recorded) {
  const body = request.body as { model?: string; input?: string | string[] } | undefined;
  const inputs = typeof body?.input === 'string' ? [body.input] : (body?.input ?? []);
  const tokens = estimateTokens(inputs.join(' '));
  return {
    object: 'list',
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: fakeEmbedding(text) })),
    model: body?.model ?? 'unknown',
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  };
}

/** A fake OpenAI-compatible server speaking the real chat-completions wire format (non-streaming). */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: Scripted[] = [];
  const stats = { inFlight: 0, maxInFlight: 0 };
  const fake = {
    fallback: { kind: 'ok', content: DEFAULT_CONTENT } as Scripted,
    formats: { json_schema: true, json_object: true },
    embeddings: {} as { failWith?: Scripted },
  };
  const server = await startFake(async (request, response) => {
    if (request.method === 'POST' && request.path === '/v1/embeddings') {
      const failWith = fake.embeddings.failWith;
      return failWith ? answer(request, response, failWith) : sendJson(response, 200, embeddingsAnswer(request));
    }
    if (request.method !== 'POST' || request.path !== '/v1/chat/completions') {
      return sendJson(response, 404, {
        error: { message: `Unknown route ${request.method} ${request.path}`, type: 'invalid_request_error', param: null, code: null },
      });
    }
    const format = (request.body as { response_format?: { type?: string } })?.response_format?.type;
    if ((format === 'json_schema' || format === 'json_object') && !fake.formats[format]) {
      const message = `Invalid parameter: 'response_format' of type '${format}' is not supported with this model.`;
      return sendJson(response, 400, { error: { message, type: 'invalid_request_error', param: 'response_format', code: null } });
    }
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      await answer(request, response, queue.shift() ?? fake.fallback);
    } finally {
      stats.inFlight -= 1;
    }
  });
  return Object.assign(fake, {
    url: server.url,
    baseURL: `${server.url}/v1`,
    requests: server.requests,
    stats,
    script: (...responses: Scripted[]) => void queue.push(...responses),
    close: server.close,
  });
}
