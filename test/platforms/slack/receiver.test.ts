import { createSecretKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { createLogger } from '../../../src/log.ts';
import { createSlackAdapter } from '../../../src/platforms/slack/index.ts';
import { isSignedBySlack, SlackReceiver } from '../../../src/platforms/slack/receiver.ts';
import { Store } from '../../../src/store/store.ts';
import {
  FAKE_BOT,
  sendSignedEvent,
  sendSignedSlashCommand,
  signSlackRequest,
  slashCommandBody,
  startSlackFake,
  waitFor,
} from '../../fakes/slack.ts';
import { mentionEnvelope, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';

/** wire-facts §3.2's vector, and the example on Slack's "Verifying requests from Slack" page. */
const VECTORS = [
  {
    secret: 'test_signing_secret_not_real',
    timestamp: '1700000000',
    body: 'token=deprecated&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=steve&command=%2Fpapers&text=diffusion+top+5&api_app_id=A0001&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0001%2F1234%2Fabcd&trigger_id=13345224609.738474920.8088930838d88f008e0',
    signature: 'v0=b394b472a4cad9dc1386b03f720a1eceadfa1575354ac52cf79237dc003568e1',
  },
  {
    secret: '8f742231b10e8888abcd99yyyzzz85a5',
    timestamp: '1531420618',
    body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
    signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
  },
];

describe('isSignedBySlack (wire-facts §3.2)', () => {
  it.each(VECTORS)(
    'GIVEN the verified vector signed at $timestamp THEN it is valid then, as a Buffer, and with the secret as a KeyObject',
    ({ secret, timestamp, body, signature }) => {
      const at = Number(timestamp) * 1000;
      expect(isSignedBySlack(secret, body, timestamp, signature, at)).toBe(true);
      expect(isSignedBySlack(secret, Buffer.from(body), timestamp, signature, at + 300_000)).toBe(true);
      expect(isSignedBySlack(createSecretKey(Buffer.from(secret)), body, timestamp, signature, at)).toBe(true);
      expect(isSignedBySlack(createSecretKey(Buffer.from('other')), body, timestamp, signature, at)).toBe(false);
    },
  );

  it('GIVEN a changed body, secret, timestamp or signature, or a clock more than 5 minutes off THEN it is not', () => {
    const { secret, timestamp, body, signature } = VECTORS[0]!;
    const at = Number(timestamp) * 1000;
    expect(isSignedBySlack(secret, `${body}x`, timestamp, signature, at)).toBe(false);
    expect(isSignedBySlack('other', body, timestamp, signature, at)).toBe(false);
    expect(isSignedBySlack(secret, body, '1700000001', signature, at)).toBe(false);
    expect(isSignedBySlack(secret, body, timestamp, signature.slice(0, -1), at)).toBe(false);
    expect(isSignedBySlack(secret, body, timestamp, `${signature}0`, at)).toBe(false);
    expect(isSignedBySlack(secret, body, timestamp, undefined, at)).toBe(false);
    expect(isSignedBySlack(secret, body, undefined, signature, at)).toBe(false);
    expect(isSignedBySlack(secret, body, timestamp, signature, at + 301_000)).toBe(false);
    expect(isSignedBySlack(secret, body, timestamp, signature, at - 301_000)).toBe(false);
  });
});

const post = (url: string, body: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }).then(async (r) => ({
    status: r.status,
    type: r.headers.get('content-type'),
    body: await r.text(),
  }));
const signedHeaders = (body: string, secret = SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)) => ({
  'x-slack-request-timestamp': String(timestamp),
  'x-slack-signature': signSlackRequest(body, secret, timestamp),
});

describe('the Slack HTTP receiver in front of the real Bolt app (over HTTP on 127.0.0.1)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(() => h.close());

  const slash = (text: string, id: string, options = {}) =>
    sendSignedSlashCommand(h.endpoint, SIGNING_SECRET, { text, responseUrl: h.fake.responseUrl(id) }, options);

  it('GIVEN a signed /papers find THEN Bolt runs the listener: an empty 200 ack, then the answer at response_url', async () => {
    const sent = await slash('find diffusion', 'ok-1');
    expect(sent).toMatchObject({ status: 200, body: '' });
    const answer = await waitFor(() => h.fake.responses.find((r) => r.id === 'ok-1'), 10_000, 'the answer');
    expect(JSON.stringify(answer.body)).toContain('Diffusion Transformers at Scale');
  });

  it('GIVEN a slow command THEN the HTTP answer is the body the listener acked with, as JSON', async () => {
    const body = slashCommandBody({ text: 'slow', responseUrl: h.fake.responseUrl('slow-1') });
    const response = await fetch(h.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
    await waitFor(() => h.ran.includes('slow'), 5000, 'the slow command to start');
  });

  it.each([
    ['a bad signature', { signWith: 'not-the-secret' }],
    ['a stale timestamp', { timestamp: Math.floor(Date.now() / 1000) - 301 }],
    ['a timestamp from the future', { timestamp: Math.floor(Date.now() / 1000) + 400 }],
  ])('GIVEN %s THEN 401 and nothing runs', async (_what, options) => {
    const ran = h.ran.length;
    expect((await slash('find attention', 'rejected', options)).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.ran.length).toBe(ran);
    expect(h.fake.responses.find((r) => r.id === 'rejected')).toBeUndefined();
  });

  it('GIVEN a signed url_verification THEN its challenge comes back; unsigned, 401', async () => {
    const body = JSON.stringify({
      token: 'deprecated',
      challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
      type: 'url_verification',
    });
    expect(await post(h.endpoint, body, signedHeaders(body))).toEqual({
      status: 200,
      type: 'application/json',
      body: JSON.stringify({ challenge: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P' }),
    });
    expect((await post(h.endpoint, body)).status).toBe(401);
  });

  it('GIVEN ssl_check=1 THEN 200 and nothing else happens', async () => {
    const sent = await post(h.endpoint, 'ssl_check=1&token=deprecated', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(sent).toMatchObject({ status: 200, body: '' });
  });

  it('GIVEN a body over 1 MB THEN 413 and nothing runs', async () => {
    const ran = h.ran.length;
    const body = slashCommandBody({ text: `find ${'a'.repeat(1024 * 1024)}`, responseUrl: h.fake.responseUrl('big') });
    expect((await post(h.endpoint, body, { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(body) })).status).toBe(
      413,
    );
    expect(h.ran.length).toBe(ran);
  });

  it('GIVEN another path or method THEN 404 or 405; a signed body that is not JSON, 400', async () => {
    expect((await post(h.endpoint.replace('/slack/events', '/other'), '{}')).status).toBe(404);
    expect((await fetch(h.endpoint)).status).toBe(405);
    expect((await post(h.endpoint, 'not json', signedHeaders('not json'))).status).toBe(400);
  });

  it('GIVEN a signed request no listener acks THEN it is answered 404 after about 3 s, as Bolt does', async () => {
    const body = slashCommandBody({ text: 'find x', responseUrl: h.fake.responseUrl('unheard'), command: '/other' });
    const started = performance.now();
    const sent = await post(h.endpoint, body, { 'content-type': 'application/x-www-form-urlencoded', ...signedHeaders(body) });
    expect(sent.status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(2900);
  }, 10_000);
});

describe('retry headers reach Bolt', () => {
  it('GIVEN a redelivered app_mention with X-Slack-Retry-Num 2 THEN context.retryNum is 2 and it is answered once', async () => {
    const lines: string[] = [];
    const fake = await startSlackFake();
    const store = Store.open(':memory:');
    const adapter = createSlackAdapter({
      botToken: FAKE_BOT.token,
      signingSecret: SIGNING_SECRET,
      mode: 'http',
      apiUrl: fake.apiUrl,
      host: '127.0.0.1',
      port: 0,
      store,
      log: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    });
    await adapter.start(
      createDispatcher({
        services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
        commands: [],
        log: createLogger({ level: 'silent' }),
      }),
    );
    try {
      const endpoint = `http://127.0.0.1:${adapter.port}/slack/events`;
      const envelope = mentionEnvelope('Ev-retry', { text: '<@UBOT> help', ts: '1700000200.000001' });
      expect((await sendSignedEvent(endpoint, SIGNING_SECRET, envelope)).status).toBe(200);
      expect((await sendSignedEvent(endpoint, SIGNING_SECRET, envelope, { retryNum: 2 })).status).toBe(200);
      const ignored = await waitFor(() => lines.find((l) => l.includes('ignored a repeated delivery')), 5000, 'the repeat logged');
      expect(ignored).toContain('"retryNum":2');
      await waitFor(() => fake.callsTo('chat.postMessage').length >= 1, 5000, 'the answer');
      expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    } finally {
      await adapter.stop();
      await fake.close();
      store.close();
    }
  });
});

/** Edge cases Bolt's listeners cannot be made to produce: the receiver alone, with a stand-in App. */
describe('SlackReceiver with a stand-in app', () => {
  const logged: string[] = [];
  const logger = {
    debug() {},
    info() {},
    warn: (m: string) => logged.push(m),
    error: (m: string) => logged.push(m),
    setLevel() {},
    getLevel: () => 'info',
    setName() {},
  };
  const start = async (processEvent: (event: { ack: (r?: unknown) => Promise<void>; retryReason?: string }) => Promise<void>) => {
    const receiver = new SlackReceiver({ signingSecret: SIGNING_SECRET, logger: logger as never });
    receiver.init({ processEvent } as never);
    const server = await receiver.start({ port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slack/events`;
    const body = JSON.stringify({ type: 'event_callback', event: { type: 'app_mention' } });
    return { receiver, send: () => post(url, body, signedHeaders(body)), stop: () => receiver.stop() };
  };

  it('GIVEN processEvent rejects before any ack THEN 500', async () => {
    const r = await start(() => Promise.reject(new Error('boom')));
    expect((await r.send()).status).toBe(500);
    await r.stop();
  });

  it('GIVEN a second ack THEN the first answer stands and the second is logged as an error, not thrown', async () => {
    let second: unknown = 'not called';
    const r = await start(async ({ ack }) => {
      await ack('first');
      second = await ack({ text: 'second' }).then(() => 'resolved');
    });
    expect(await r.send()).toMatchObject({ status: 200, body: 'first' });
    await waitFor(() => second === 'resolved', 2000, 'the second ack');
    expect(logged.some((m) => m.includes('ack() was called again'))).toBe(true);
    await r.stop();
  });

  it('GIVEN a request waiting for its ack THEN afterAcks resolves only once it is answered', async () => {
    let ackAt = 0;
    const r = await start(async ({ ack }) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      ackAt = performance.now();
      await ack();
    });
    await r.receiver.afterAcks();
    const sent = r.send();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await r.receiver.afterAcks();
    expect(ackAt).toBeGreaterThan(0);
    expect((await sent).status).toBe(200);
    await r.stop();
  });

  it('GIVEN a request just answered THEN afterAcks waits until none has come in for 20 ms', async () => {
    const r = await start(({ ack }) => ack());
    const before = performance.now();
    expect((await r.send()).status).toBe(200);
    await r.receiver.afterAcks();
    expect(performance.now() - before).toBeGreaterThanOrEqual(19);
    await r.stop();
  });

  it('GIVEN a request that is never acked THEN afterAcks gives up waiting after about a second', async () => {
    const r = await start(() => new Promise(() => undefined));
    const sent = r.send();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    await r.receiver.afterAcks();
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(performance.now() - started).toBeLessThan(2500);
    expect((await sent).status).toBe(404);
    await r.stop();
  }, 10_000);
});
