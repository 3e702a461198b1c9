import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageProblems } from '../fakes/discord-limits.ts';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.ts';
import { waitFor } from '../fakes/slack.ts';
import { freePort, startPaperboy, type Running } from './process.ts';

/** Signs as Discord does (wire-facts §4.1): Ed25519 over timestamp + body, hex in X-Signature-Ed25519. */
function sendSigned(url: string, privateKey: KeyObject, payload: object, options: { tamper?: boolean } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  const sent = options.tamper ? body.replace('"version":1', '"version":2') : body;
  return fetch(url, {
    method: 'POST',
    body: sent,
    headers: { 'Content-Type': 'application/json', 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': timestamp },
  });
}

describe('npm start with DISCORD_PUBLIC_KEY (the Interactions Endpoint URL served by a real process)', () => {
  let discord: FakeDiscord;
  let paperboy: Running;
  let url: string;
  let privateKey: KeyObject;

  beforeAll(async () => {
    discord = await startFakeDiscord();
    const pair = generateKeyPairSync('ed25519');
    privateKey = pair.privateKey;
    const publicKeyHex = (pair.publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex');
    const port = await freePort();
    url = `http://127.0.0.1:${port}/discord/interactions`;
    paperboy = startPaperboy(['start'], {
      PAPERBOY_DB: join(mkdtempSync(join(tmpdir(), 'paperboy-e2e-')), 'paperboy.db'),
      DISCORD_TOKEN: 'MTAx.fake.token',
      DISCORD_APPLICATION_ID: discord.ids.app,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_PUBLIC_KEY: publicKeyHex,
      HOST: '127.0.0.1',
      DISCORD_INTERACTIONS_PORT: String(port),
    });
    await paperboy.waitForOutput(/paperboy is running on discord/, 30_000);
  }, 40_000);

  afterAll(async () => {
    await paperboy?.stop();
    await discord?.close();
  });

  it('says where it serves the endpoint, answers PING with PONG, and refuses a tampered request with 401', async () => {
    expect(paperboy.output()).toContain(url);
    const ping = { type: 1, id: '1', application_id: discord.ids.app, token: 'ping', version: 1 };
    const pong = await sendSigned(url, privateKey, ping);
    expect(pong.status).toBe(200);
    expect(await pong.json()).toEqual({ type: 1 });
    expect((await sendSigned(url, privateKey, ping, { tamper: true })).status).toBe(401);
  });

  it('refuses other paths and methods, and a body that is not JSON', async () => {
    expect((await fetch(url.replace('/discord/interactions', '/slack/events'), { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(url)).status).toBe(405);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = 'not json';
    const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
    const response = await fetch(url, {
      method: 'POST',
      body,
      headers: { 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': timestamp },
    });
    expect(response.status).toBe(400);
  });

  it('defers /papers search in the HTTP response within 3 s, then edits the answer in through the interaction webhook', async () => {
    const token = 'e2e-http-token';
    discord.acknowledgedInline(token);
    const started = Date.now();
    const response = await sendSigned(url, privateKey, {
      type: 2,
      id: '9',
      application_id: discord.ids.app,
      token,
      version: 1,
      guild_id: discord.ids.guild,
      channel: { id: discord.ids.channel, type: 0, name: 'papers' },
      member: { user: { id: discord.ids.user, username: 'ada', global_name: 'Ada' } },
      data: {
        id: '5',
        name: 'papers',
        type: 1,
        options: [{ type: 1, name: 'search', options: [{ type: 3, name: 'query', value: 'reward models' }] }],
      },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await response.json()).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await waitFor(
      () => discord.requests.find((r) => r.method === 'PATCH' && r.path === `/webhooks/${discord.ids.app}/${token}/messages/@original`),
      15_000,
    );
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(messageProblems(edit.body, { editing: true })).toEqual([]);
  }, 20_000);
});
