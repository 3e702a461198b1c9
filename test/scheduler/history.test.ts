import { webApi } from '@slack/bolt';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { slackFailure } from '../../src/platforms/slack/failures.ts';
import { failureLine } from '../../src/scheduler/history.ts';
import type { Store } from '../../src/store/store.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { textOf } from '../commands/harness.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

const C1 = { platform: 'slack' as const, id: 'C1', name: 'research' };

const historyIn = async (store: Store): Promise<string> => {
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands,
    log: silentLogger,
  });
  return textOf(await dispatcher.run({ command: 'history', input: { text: '' }, channel: C1, user: { id: 'U1', name: 'ada' } }));
};

/** A real transport failure of Slack's WebClient: a port where nothing listens, no retries. */
async function slackTransportError(): Promise<unknown> {
  const client = new webApi.WebClient('xoxb-test', { slackApiUrl: 'http://127.0.0.1:9/api/', retryConfig: { retries: 0 } });
  return client.chat.postMessage({ channel: 'C1', text: 'hi' }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('history shows no platform error text or addresses', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it('GIVEN a digest that failed with a raw platform error THEN history says it failed in paperboy’s words', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T08:00:00Z'));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A');
    seedListing(a.store, '2026-03-26', ['Sparse Attention at Scale'], '2026-03-26T04:00:00Z');
    subscribe(a.store, 'C1', {}, '2026-03-20T00:00:00Z');
    a.adapter.rejectNext = new Error('DiscordAPIError[50035]: Invalid Form Body at https://discord.com/api/v10/channels/1/messages');
    await a.scheduler.tick();
    const history = await historyIn(a.store);
    expect(history).toMatch(/failed after 1 attempt, last at .*: the platform could not be reached or refused the post/);
    expect(history).not.toMatch(/DiscordAPIError|Invalid Form Body|https?:|discord\.com/);
  });

  it.each([
    ['A request error occurred: connect ECONNREFUSED 127.0.0.1:9', 'the platform could not be reached or refused the post'],
    [
      "I can't post in #research (C1): An HTTP protocol error occurred: statusCode = 503",
      "I can't post in #research (C1): the platform could not be reached",
    ],
    ['fetch failed', 'the platform could not be reached'],
    ['Service Unavailable', 'the platform could not be reached'],
    ['{"ok":false,"error":"fatal_error"}', 'the platform could not be reached'],
  ])('GIVEN the recorded error %j THEN history shows %j', (recorded, shown) => {
    const line = failureLine(recorded);
    expect(line.startsWith(shown)).toBe(true);
    expect(line).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|statusCode|503|fetch failed|Unavailable|fatal_error/);
  });

  it('keeps paperboy’s own lines, Slack’s error code and its advice', () => {
    const own = "I can't post in #research (C1): not_in_channel — invite me with /invite @paperboy";
    expect(failureLine(own)).toBe(own);
    expect(failureLine('connection reset after the platform accepted the post')).toBe(
      'connection reset after the platform accepted the post',
    );
  });

  it('a Slack failure without an error code names the channel, not the transport’s text', async () => {
    const error = await slackTransportError();
    expect(String(error)).toMatch(/127\.0\.0\.1|ECONNREFUSED|request error/);
    const failure = slackFailure('chat.postMessage', C1, error);
    expect(failure.message).toBe("I can't post in #research (C1): Slack could not be reached or did not answer");
    expect(failure.cause).toBe(error);
  });
});
