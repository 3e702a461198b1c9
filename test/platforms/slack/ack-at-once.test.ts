/**
 * Acks for our own slash command are written by the receiver before Bolt processes the request;
 * Bolt still runs the listener, and the answer goes through respond (response_url).
 */
import { App, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { defineCommand } from '../../../src/dispatch/define.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { createLogger, silentLogger } from '../../../src/log.ts';
import { notice } from '../../../src/message/build.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../src/platforms/slack/index.ts';
import { listenForSlashCommand, slashCommandAckAtOnce } from '../../../src/platforms/slack/listeners.ts';
import { SlackReceiver, type RequestBody } from '../../../src/platforms/slack/receiver.ts';
import type { Dispatcher } from '../../../src/platforms/types.ts';
import { Store } from '../../../src/store/store.ts';
import { FAKE_BOT, sendSignedEvent, sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../../fakes/slack.ts';
import { mentionEnvelope, SIGNING_SECRET } from './harness.ts';

const WORKING = { response_type: 'ephemeral', text: 'Working on it…' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quickAndSlowDispatcher(store: Store): Dispatcher {
  const quick = defineCommand({
    name: 'quick',
    description: 'Answers at once',
    options: {},
    examples: ['quick'],
    visibility: 'ephemeral',
    run: async () => notice('Quick answer.'),
  });
  const slow = defineCommand({
    name: 'slow',
    description: 'Takes a moment',
    options: {},
    examples: ['slow'],
    visibility: 'ephemeral',
    slow: true,
    run: async () => {
      await sleep(100);
      return notice('Slow answer.');
    },
  });
  return createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands: [quick, slow],
    log: silentLogger,
  });
}

describe('the adapter acks /papers in the receiver', () => {
  const lines: string[] = [];
  let fake: SlackFake;
  let store: Store;
  let adapter: SlackAdapter;
  let endpoint: string;
  beforeAll(async () => {
    fake = await startSlackFake();
    store = Store.open(':memory:');
    adapter = createSlackAdapter({
      botToken: FAKE_BOT.token,
      signingSecret: SIGNING_SECRET,
      mode: 'http',
      apiUrl: fake.apiUrl,
      host: '127.0.0.1',
      port: 0,
      store,
      log: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    });
    await adapter.start(quickAndSlowDispatcher(store));
    endpoint = `http://127.0.0.1:${adapter.port}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
    store.close();
  });

  it('GIVEN /papers quick and /papers slow THEN an empty 200 and "Working on it…", each answered once at response_url, and no error logged', async () => {
    const send = (text: string, id: string) =>
      sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, responseUrl: fake.responseUrl(id) });
    const [quick, slow] = await Promise.all([send('quick', 'quick-1'), send('slow', 'slow-1')]);
    expect(quick).toMatchObject({ status: 200, body: '' });
    expect(slow.status).toBe(200);
    expect(JSON.parse(slow.body)).toEqual(WORKING);
    await waitFor(() => fake.responses.some((r) => r.id === 'slow-1'), 5000, 'the slow answer');
    await sleep(200);
    expect(fake.responses.filter((r) => r.id === 'quick-1').map((r) => r.body['text'])).toEqual(['Quick answer.']);
    expect(fake.responses.filter((r) => r.id === 'slow-1').map((r) => r.body)).toEqual([
      expect.objectContaining({ replace_original: true, text: 'Slow answer.' }),
    ]);
    expect(lines.filter((line) => / (ERROR|WARN) /.test(line))).toEqual([]);
  });
});

/** A real Bolt app behind the receiver, whose global middleware waits for `release()`. */
describe('with Bolt held up by a global middleware', () => {
  const errors: string[] = [];
  const boltLogger: BoltLogger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (...parts) => errors.push(`WARN ${parts.join(' ')}`),
    error: (...parts) => errors.push(`ERROR ${parts.join(' ')}`),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
  const askedAbout: RequestBody[] = [];
  const reachedBolt: string[] = [];
  let release: () => void = () => undefined;
  let held = Promise.resolve();
  let fake: SlackFake;
  let store: Store;
  let receiver: SlackReceiver;
  let endpoint: string;

  beforeAll(async () => {
    fake = await startSlackFake();
    store = Store.open(':memory:');
    const dispatcher = quickAndSlowDispatcher(store);
    receiver = new SlackReceiver({
      signingSecret: SIGNING_SECRET,
      logger: boltLogger,
      ackAtOnce: (body) => {
        askedAbout.push(body);
        return slashCommandAckAtOnce(body, '/papers', dispatcher);
      },
    });
    const app = new App({
      receiver,
      logger: boltLogger,
      authorize: async () => ({ botToken: FAKE_BOT.token, botUserId: FAKE_BOT.userId }),
    });
    app.use(async ({ body, next }) => {
      reachedBolt.push(String((body as { text?: unknown }).text ?? (body as { type?: unknown }).type));
      if ((body as { text?: unknown }).text === 'explode') throw new Error('boom in a middleware');
      await held;
      await next();
    });
    app.command('/other', async ({ ack }) => ack('acked by Bolt'));
    app.event('app_mention', async () => undefined);
    const unused = () => Promise.reject(new Error('not used'));
    listenForSlashCommand({
      app,
      dispatcher,
      commandName: '/papers',
      store,
      log: silentLogger,
      postShared: unused,
      postInThread: unused,
      afterAcks: () => receiver.afterAcks(),
    });
    const server = await receiver.start({ port: 0, host: '127.0.0.1' });
    endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
  });
  afterEach(() => release());
  afterAll(async () => {
    await receiver.stop();
    await fake.close();
    store.close();
  });

  const hold = () => {
    held = new Promise((resolve) => {
      release = resolve;
    });
  };
  const send = (text: string, id: string, command = '/papers') =>
    sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, command, responseUrl: fake.responseUrl(id) });

  it('GIVEN Bolt is held THEN /papers is acked anyway, and answered once Bolt goes on', async () => {
    hold();
    const [quick, slow] = await Promise.all([send('quick', 'held-quick'), send('slow', 'held-slow')]);
    expect(quick).toMatchObject({ status: 200, body: '' });
    expect(quick.elapsedMs).toBeLessThan(1000);
    expect(JSON.parse(slow.body)).toEqual(WORKING);
    await waitFor(() => reachedBolt.includes('quick') && reachedBolt.includes('slow'), 2000, 'Bolt to get both requests');
    expect(fake.responses.filter((r) => r.id.startsWith('held-'))).toEqual([]);

    release();
    await waitFor(() => fake.responses.some((r) => r.id === 'held-slow'), 5000, 'the slow answer');
    await sleep(200);
    expect(
      fake.responses
        .filter((r) => r.id.startsWith('held-'))
        .map((r) => r.id)
        .sort(),
    ).toEqual(['held-quick', 'held-slow']);
    expect(errors).toEqual([]);
  });

  it("GIVEN Bolt is held THEN another command waits for its listener's ack, and an event is never offered to ackAtOnce", async () => {
    hold();
    let settled = false;
    const other = send('anything', 'other-1', '/other').finally(() => {
      settled = true;
    });
    await waitFor(() => reachedBolt.includes('anything'), 2000, 'Bolt to get /other');
    await sleep(200);
    expect(settled).toBe(false);
    release();
    expect(await other).toMatchObject({ status: 200, body: 'acked by Bolt' });

    askedAbout.length = 0;
    const mention = await sendSignedEvent(
      endpoint,
      SIGNING_SECRET,
      mentionEnvelope('Ev-early', { text: '<@UBOT> help', ts: '1700000300.000001' }),
    );
    expect(mention.status).toBe(200);
    expect(askedAbout).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('GIVEN Bolt fails after the early ack THEN the 200 stands, the error is logged as after the ack, and afterAcks still releases', async () => {
    errors.length = 0;
    expect(await send('explode', 'explode-1')).toMatchObject({ status: 200, body: '' });
    await waitFor(() => errors.some((e) => e.includes('An unhandled error occurred after ack() was called')), 3000, 'the error logged');
    const started = performance.now();
    await receiver.afterAcks();
    expect(performance.now() - started).toBeLessThan(500);
  });
});
