import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notice } from '../../../src/message/build.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { RESEARCH, startSlackHarness, type SlackHarness } from './harness.ts';

describe('Slack Web API failures on posts (real WebClient, fake Slack)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(() => h.close());

  it('GIVEN chat.postMessage answers 429 with Retry-After: 1 THEN the post is retried after it and arrives exactly once', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const before = h.fake.messages.length;
    const ref = await h.adapter.post(RESEARCH, notice('Rate limits are part of life.'));
    const attempts = h.fake.callsTo('chat.postMessage').slice(-2);
    expect(attempts).toHaveLength(2);
    // Retry-After is a protocol deadline: the second attempt must not come before it.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(h.fake.messages.slice(before).map((m) => m.ts)).toEqual([ref.messageId]);
  });

  it('GIVEN ok:false not_in_channel THEN post() rejects with a message naming the channel and the fix', async () => {
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await expect(h.adapter.post(RESEARCH, notice('Hello'))).rejects.toThrow(
      "I can't post in #research (C1): not_in_channel — invite me with /invite @paperboy",
    );
  });

  it('GIVEN ok:false channel_not_found in a thread THEN postInThread rejects naming the channel', async () => {
    h.fake.failNext('chat.postMessage', { error: 'channel_not_found' });
    const parent = { channel: { platform: 'slack' as const, id: 'C404' }, messageId: '1.1', threadId: '1.1' };
    await expect(h.adapter.postInThread(parent, notice('Hello'))).rejects.toThrow(/C404: channel_not_found/);
  });

  it('GIVEN every post THEN it went to the configured API URL with the bot token and a text fallback', () => {
    const posts = h.fake.callsTo('chat.postMessage');
    expect(posts.length).toBeGreaterThan(0);
    for (const call of posts) {
      expect(call.headers.authorization).toBe('Bearer xoxb-test');
      expect(typeof call.body['text']).toBe('string');
    }
  });
});

describe('Slack keyed posts (the digest): exactly once across retries', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(() => h.close());

  const keyed = (key: string) => h.fake.messages.filter((m) => m.metadata?.event_payload['key'] === key);

  it('GIVEN a 429 with Retry-After: 1 THEN the keyed post is sent again after it and arrives once', async () => {
    h.fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const ref = await h.adapter.post(RESEARCH, notice('Digest'), { idempotencyKey: 'k-429' });
    const attempts = h.fake.callsTo('chat.postMessage').slice(-2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(keyed('k-429').map((m) => m.ts)).toEqual([ref.messageId]);
  });

  it('GIVEN Slack posts the message but the answer is a 500 THEN the adapter finds it by its key and does not post again', async () => {
    h.fake.failNext('chat.postMessage', { status: 500, afterPosting: true });
    const ref = await h.adapter.post(RESEARCH, notice('Digest'), { idempotencyKey: 'k-lost' });
    expect(keyed('k-lost').map((m) => m.ts)).toEqual([ref.messageId]);
    expect(h.fake.callsTo('conversations.history').length).toBeGreaterThan(0);
  });

  it('GIVEN a 500 before Slack posted THEN the keyed post looks, finds nothing, and posts once', async () => {
    h.fake.failNext('chat.postMessage', { status: 500, afterPosting: false });
    const ref = await h.adapter.post(RESEARCH, notice('Digest'), { idempotencyKey: 'k-500' });
    expect(keyed('k-500').map((m) => m.ts)).toEqual([ref.messageId]);
  });

  it('GIVEN ok:false THEN the keyed post fails at once with the reason, without retrying', async () => {
    h.fake.failNext('chat.postMessage', { error: 'is_archived' });
    const before = h.fake.callsTo('chat.postMessage').length;
    await expect(h.adapter.post(RESEARCH, notice('Digest'), { idempotencyKey: 'k-archived' })).rejects.toThrow(
      '#research (C1): is_archived',
    );
    expect(h.fake.callsTo('chat.postMessage').length).toBe(before + 1);
  });
});

describe('Slack Web API calls that never answer (the fake reads them and stays silent)', () => {
  const TIMEOUT_MS = 300;
  const HUNG: ChannelRef = { platform: 'slack', id: 'CHUNG', name: 'hung' };
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http', { apiTimeoutMs: TIMEOUT_MS });
    h.fake.hang('chat.postMessage', HUNG.id);
  });
  afterAll(() => h.close());

  it("GIVEN chat.postMessage hangs in one channel THEN its digest fails after the timeouts, another channel's is not held up, and the event loop stays free", async () => {
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const started = performance.now();
    const hung = h.adapter.post(HUNG, notice('Digest'), { idempotencyKey: 'k-hung' }).then(
      () => 'posted',
      (error: unknown) => ({ error: String(error), afterMs: performance.now() - started }),
    );
    const other = await h.adapter.post(RESEARCH, notice('Digest'), { idempotencyKey: 'k-other' });
    const otherMs = performance.now() - started;
    const failed = await hung;
    loop.disable();
    expect(other.messageId).toBeTruthy();
    expect(otherMs).toBeLessThan(2000);
    expect(failed).toMatchObject({ error: expect.stringContaining("I can't post in #hung (CHUNG)") });
    // One attempt, a look for the key, one more attempt: well within a few timeouts, never unbounded.
    expect((failed as { afterMs: number }).afterMs).toBeLessThan(10 * TIMEOUT_MS);
    process.stderr.write(`slack: worst event loop delay while chat.postMessage hangs: ${(loop.max / 1e6).toFixed(1)} ms\n`);
    expect(loop.max / 1e6).toBeLessThan(100);
  }, 20_000);

  it('GIVEN an unkeyed post into the hung channel THEN it fails after its retries are spent, within a few timeouts', async () => {
    const started = performance.now();
    await expect(h.adapter.post(HUNG, notice('Hello'))).rejects.toThrow("I can't post in #hung (CHUNG)");
    expect(performance.now() - started).toBeLessThan(15 * TIMEOUT_MS);
    expect(h.fake.callsTo('chat.postMessage').filter((c) => c.body['channel'] === HUNG.id).length).toBeGreaterThan(2);
  }, 20_000);
});
