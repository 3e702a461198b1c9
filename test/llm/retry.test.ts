import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIError } from 'openai';
import { Semaphore, backoffMs, classify, retryAfterMs } from '../../src/llm/retry.ts';
import { LlmCacheRepo } from '../../src/store/llm-cache.ts';
import { openDb } from '../../src/store/db.ts';

const context = { model: 'gpt-4o-mini', baseURL: 'http://127.0.0.1:1/v1', timeoutMs: 300 };
const apiError = (status: number, error: object, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error }, undefined, new Headers(headers));

describe('retry policy', () => {
  it('reads Retry-After in seconds, as an HTTP date, and retry-after-ms', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150' }))).toBe(150);
    const now = Date.parse('2026-06-12T10:00:00Z');
    expect(retryAfterMs(new Headers({ 'retry-after': 'Fri, 12 Jun 2026 10:00:05 GMT' }), now)).toBe(5000);
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('backs off exponentially with bounded jitter', () => {
    expect(backoffMs(0, 500, 30_000, () => 0.5)).toBe(500);
    expect(backoffMs(2, 500, 30_000, () => 0.5)).toBe(2000);
    expect(backoffMs(3, 500, 30_000, () => 0)).toBe(3000);
    expect(backoffMs(20, 500, 30_000, () => 1)).toBe(37_500);
  });

  it('classifies server answers', () => {
    expect(classify(apiError(429, { code: 'rate_limit_exceeded' }, { 'retry-after': '1' }), context)).toMatchObject({
      kind: 'transient',
      retryAfterMs: 1000,
    });
    expect(classify(apiError(429, { type: 'insufficient_quota', code: 'insufficient_quota' }), context)).toMatchObject({
      kind: 'rejected',
    });
    expect(classify(apiError(503, {}), context)).toMatchObject({ kind: 'transient', reason: 'LLM server error (HTTP 503)' });
    expect(classify(apiError(404, { message: 'The model `nope` does not exist' }), context)).toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('Check the model name "gpt-4o-mini"'),
    });
    expect(classify(apiError(400, { message: 'bad' }), context)).toMatchObject({
      kind: 'rejected',
      message: expect.stringContaining('bad request (400): bad'),
    });
    const refused = new APIConnectionError({ cause: Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }) });
    expect(classify(refused, context)).toEqual({
      kind: 'transient',
      reason: 'LLM server unreachable (ECONNREFUSED at http://127.0.0.1:1/v1)',
    });
  });

  it('lets at most `limit` tasks run at once', async () => {
    const gate = new Semaphore(2);
    let running = 0;
    let peak = 0;
    const task = async () => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 10));
      running -= 1;
    };
    await Promise.all(Array.from({ length: 6 }, () => gate.run(task)));
    expect(peak).toBe(2);
  });
});

describe('LlmCacheRepo', () => {
  it('stores values and sums usage per model and day', () => {
    const repo = new LlmCacheRepo(openDb(':memory:'));
    expect(repo.get('k')).toBeUndefined();
    repo.put({ key: 'k', task: 'summarize', model: 'm', promptVersion: 'v', paperIds: [1], value: { tldr: 'x', points: [] } });
    expect(repo.get('k')).toEqual({ tldr: 'x', points: [] });
    repo.addUsage('2026-06-10', 'm', 10, 2);
    repo.addUsage('2026-06-11', 'm', 5, 1);
    repo.addUsage('2026-06-11', 'other', 7, 3);
    expect(repo.usage()).toEqual([
      { model: 'm', calls: 2, promptTokens: 15, completionTokens: 3 },
      { model: 'other', calls: 1, promptTokens: 7, completionTokens: 3 },
    ]);
    expect(repo.usage('2026-06-11')).toEqual([
      { model: 'm', calls: 1, promptTokens: 5, completionTokens: 1 },
      { model: 'other', calls: 1, promptTokens: 7, completionTokens: 3 },
    ]);
  });
});
