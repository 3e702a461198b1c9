import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createInteractionsEndpoint, interactionsKey, verifyInteraction } from '../../../src/platforms/discord/http-interactions.ts';
import { PNG } from 'pngjs';
import { commands } from '../../../commands/index.ts';
import type { AnyCommand } from '../../../src/dispatch/define.ts';
import { CHART_LAYOUT } from '../../../src/core/chart.ts';
import { messageProblems } from '../../fakes/discord-limits.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';
import { seededStore, testCommands, waitFor } from './harness.ts';

// The synthetic vector of wire-facts §4.1 (seed 07…07), copied here: tests do not read ../shared.
const VECTOR = {
  publicKey: 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c',
  timestamp: '1700000000',
  body: '{"type":1,"id":"1","application_id":"2","token":"tok","version":1}',
  signature:
    'dce8c7b8f8ad0724bc6acf94246e0e593bf421f7a3022f14037a120e5a16f61c0f9a418e39175a7681cccf6c81a0b4505870222f612c65799e7f86195ac37d0b',
};

describe('Discord Ed25519 request verification', () => {
  const key = interactionsKey(VECTOR.publicKey);
  it('GIVEN the wire-facts test vector THEN it verifies; any change to body, timestamp or signature does not', () => {
    expect(verifyInteraction(key, VECTOR.signature, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(true);
    expect(verifyInteraction(key, VECTOR.signature, '1700000001', Buffer.from(VECTOR.body))).toBe(false);
    expect(verifyInteraction(key, VECTOR.signature, VECTOR.timestamp, Buffer.from(`${VECTOR.body} `))).toBe(false);
    expect(verifyInteraction(key, `${VECTOR.signature.slice(0, -2)}0c`, VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(false);
    expect(verifyInteraction(key, 'zz', VECTOR.timestamp, Buffer.from(VECTOR.body))).toBe(false);
    expect(verifyInteraction(key, undefined, undefined, Buffer.from(VECTOR.body))).toBe(false);
  });
});

describe('Discord HTTP Interactions Endpoint', () => {
  let fake: FakeDiscord | undefined;
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    await fake?.close();
  });

  async function start(commands: readonly AnyCommand[] = testCommands) {
    fake = await startFakeDiscord();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex');
    const store = seededStore();
    const dispatcher = createDispatcher({
      services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands,
      log: silentLogger,
    });
    const handler = createInteractionsEndpoint({ publicKey: publicKeyHex, dispatcher, log: silentLogger, apiUrl: fake.apiUrl });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const send = (payload: object, options: { badSignature?: boolean; timestamp?: number } = {}) => {
      const body = JSON.stringify(payload);
      const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body + (options.badSignature ? 'x' : '')), privateKey).toString('hex');
      return fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': timestamp },
      });
    };
    return { fake, send };
  }

  it('GIVEN a PING THEN 200 PONG; GIVEN a bad signature THEN 401 and nothing runs', async () => {
    const { send, fake } = await start();
    const pong = await send({ type: 1, id: '1', application_id: fake.ids.app, token: 't', version: 1 });
    expect(pong.status).toBe(200);
    expect(pong.headers.get('content-type')).toBe('application/json');
    expect(await pong.json()).toEqual({ type: 1 });
    const bad = await send({ type: 1, id: '1', application_id: fake.ids.app, token: 't', version: 1 }, { badSignature: true });
    expect(bad.status).toBe(401);
  });

  it('GIVEN /papers search over HTTP THEN the response defers (type 5, ephemeral) and the answer edits @original', async () => {
    const { send, fake } = await start();
    const token = 'http-token-1';
    fake.acknowledgedInline(token);
    const started = Date.now();
    const response = await send(slashInteraction(fake, '9', token));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await response.json()).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await waitFor(() =>
      fake.requests.find((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.ids.app}/${token}/messages/@original`),
    );
    expect(edit.headers.authorization).toBeUndefined();
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(messageProblems(edit.body, { editing: true })).toEqual([]);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('GIVEN /papers roundup over HTTP THEN the chart rides on the answer as a multipart file named in its attachments', async () => {
    const { send, fake } = await start(commands);
    const token = 'http-token-chart';
    fake.acknowledgedInline(token);
    await send(slashInteraction(fake, '10', token, 'roundup', [{ type: 3, name: 'date', value: '2025-12-18' }]));
    const edit = await waitFor(
      () => fake.requests.find((r) => r.method === 'PATCH' && r.path === `/webhooks/${fake.ids.app}/${token}/messages/@original`),
      10_000,
    );
    expect(edit.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(edit.files?.map((f) => f.filename)).toEqual(['roundup-2025-W51.png']);
    expect(edit.body.attachments).toEqual([expect.objectContaining({ id: 0, filename: 'roundup-2025-W51.png' })]);
    expect(PNG.sync.read(edit.files![0]!.bytes).width).toBe(CHART_LAYOUT.width);
  });

  it('GIVEN Discord refuses the answer with a 400 THEN @original is edited once more, to say why', async () => {
    const { send, fake } = await start();
    const token = 'http-token-2';
    fake.acknowledgedInline(token);
    fake.failNext({
      method: 'PATCH',
      path: /\/messages\/@original$/,
      status: 400,
      body: { message: 'Invalid Form Body', code: 50035, errors: {} },
    });
    await send(slashInteraction(fake, '10', token));
    const isEdit = (r: { method: string; path: string }) =>
      r.method === 'PATCH' && r.path === `/webhooks/${fake.ids.app}/${token}/messages/@original`;
    const edits = await waitFor(() => {
      const found = fake.requests.filter(isEdit);
      return found.length === 2 ? found : undefined;
    });
    expect(edits[1]!.body.content).toMatch(/^Sorry, Discord refused this answer \(.*Invalid Form Body.*\)/);
    expect(edits[1]!.body.allowed_mentions).toEqual({ parse: [] });
  });

  /** `/papers <sub> <options>` as Discord sends it to the endpoint (by default a search for "diffusion"). */
  const slashInteraction = (
    fake: FakeDiscord,
    id: string,
    token: string,
    sub = 'search',
    options: object[] = [{ type: 3, name: 'query', value: 'diffusion' }],
  ) => ({
    type: 2,
    id,
    application_id: fake.ids.app,
    token,
    version: 1,
    guild_id: fake.ids.guild,
    channel: { id: fake.ids.channel, type: 0, name: 'papers' },
    member: { user: { id: fake.ids.user, username: 'ada', global_name: 'Ada' } },
    data: { id: '5', name: 'papers', type: 1, options: [{ type: 1, name: sub, options }] },
  });

  it('GIVEN a correctly signed request with a stale or future timestamp THEN 401 and nothing runs', async () => {
    const { send, fake } = await start();
    fake.acknowledgedInline('old-token');
    const now = Math.floor(Date.now() / 1000);
    expect((await send(slashInteraction(fake, '20', 'old-token'), { timestamp: now - 600 })).status).toBe(401);
    expect((await send(slashInteraction(fake, '21', 'old-token'), { timestamp: now + 600 })).status).toBe(401);
    expect((await send(slashInteraction(fake, '22', 'old-token'), { timestamp: now - 30 })).status).toBe(200);
    await waitFor(() => fake.requests.find((r) => r.method === 'PATCH'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('GIVEN the same signed interaction sent twice THEN the repeat is refused and the command runs once', async () => {
    const { send, fake } = await start();
    fake.acknowledgedInline('replayed');
    const first = await send(slashInteraction(fake, '30', 'replayed'));
    expect(first.status).toBe(200);
    const again = await send(slashInteraction(fake, '30', 'replayed'));
    expect(again.status).toBe(409);
    await waitFor(() => fake.requests.find((r) => r.method === 'PATCH'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});
