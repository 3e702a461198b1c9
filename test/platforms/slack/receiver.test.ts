import { verifySlackRequest } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { createLogger } from '../../../src/log.ts';
import { Store } from '../../../src/store/store.ts';
import { sendSignedEvent, sendSignedSlashCommand, signSlackRequest, slashCommandBody, startSlackFake, waitFor } from '../../fakes/slack.ts';
import { httpAdapter, mentionEnvelope, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';

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

/** The fake signs as Slack does, so the wire tests below exercise Bolt's own check. */
describe("signSlackRequest against wire-facts §3.2 (checked by Bolt's verifySlackRequest)", () => {
  const verify = (body: string, timestamp: string, signature: string, secret: string, nowMilliseconds: number) =>
    verifySlackRequest({
      signingSecret: secret,
      body,
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': Number(timestamp) },
      nowMilliseconds,
    });

  it.each(VECTORS)('GIVEN the verified vector signed at $timestamp THEN the fake signs it the same and Bolt accepts it', (vector) => {
    const { secret, timestamp, body, signature } = vector;
    expect(signSlackRequest(body, secret, timestamp)).toBe(signature);
    expect(() => verify(body, timestamp, signature, secret, Number(timestamp) * 1000)).not.toThrow();
    expect(() => verify(`${body}x`, timestamp, signature, secret, Number(timestamp) * 1000)).toThrow(/signature mismatch/);
    expect(() => verify(body, timestamp, signature, secret, (Number(timestamp) + 301) * 1000)).toThrow(/stale/);
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

describe("Bolt's HTTPReceiver with the adapter's additions (over HTTP on 127.0.0.1)", () => {
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

describe("Bolt's customRoutes beside /slack/events", () => {
  it('GIVEN a GET /healthz route THEN it answers, while the events path still takes only signed POSTs', async () => {
    const fake = await startSlackFake();
    const store = Store.open(':memory:');
    const adapter = httpAdapter(fake, store, {
      log: createLogger({ level: 'silent' }),
      customRoutes: [{ path: '/healthz', method: 'GET', handler: (_req, res) => void res.writeHead(200).end('ok') }],
    });
    await adapter.start(
      createDispatcher({
        services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
        commands: [],
        log: createLogger({ level: 'silent' }),
      }),
    );
    try {
      const base = `http://127.0.0.1:${adapter.port}`;
      const health = await fetch(`${base}/healthz`);
      expect([health.status, await health.text()]).toEqual([200, 'ok']);
      expect((await fetch(`${base}/slack/events`)).status).toBe(405);
      expect((await post(`${base}/slack/events`, '{}')).status).toBe(401);
      expect((await fetch(`${base}/readyz`)).status).toBe(404);
    } finally {
      await adapter.stop();
      await fake.close();
      store.close();
    }
  });
});

describe('retry headers reach Bolt', () => {
  it('GIVEN a redelivered app_mention with X-Slack-Retry-Num 2 THEN context.retryNum is 2 and it is answered once', async () => {
    const lines: string[] = [];
    const fake = await startSlackFake();
    const store = Store.open(':memory:');
    const adapter = httpAdapter(fake, store, { log: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
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
