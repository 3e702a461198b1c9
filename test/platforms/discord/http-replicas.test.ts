/**
 * Two Interactions Endpoints, each with its own connection to one store file (two replicas), behind the
 * round-robin proxy: a signed interaction replayed to the other replica is refused there too.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createInteractionsEndpoint } from '../../../src/platforms/discord/http-interactions.ts';
import { Store } from '../../../src/store/store.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';
import { startRoundRobinProxy } from '../../fakes/round-robin-proxy.ts';
import { testCommands, waitFor } from './harness.ts';

describe('the Discord Interactions Endpoint on two replicas of one store', () => {
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function replica(path: string, publicKeyHex: string, fake: FakeDiscord): Promise<string> {
    const store = Store.open(path);
    const dispatcher = createDispatcher({
      services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands: testCommands,
      log: silentLogger,
    });
    const handler = createInteractionsEndpoint({ publicKey: publicKeyHex, dispatcher, log: silentLogger, apiUrl: fake.apiUrl, store });
    const server: Server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(
      () => new Promise((resolve) => server.close(resolve)),
      () => store.close(),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('GIVEN a signed interaction answered by replica A THEN the same bytes replayed through the proxy to B get 409 and it runs once', async () => {
    const fake = await startFakeDiscord();
    cleanups.push(() => fake.close());
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-discord-replicas-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex');
    const path = join(dir, 'paperboy.db');
    const targets = [await replica(path, publicKeyHex, fake), await replica(path, publicKeyHex, fake)];
    const proxy = await startRoundRobinProxy(targets);
    cleanups.push(() => proxy.close());

    fake.acknowledgedInline('replayed');
    const body = JSON.stringify({
      type: 2,
      id: '40',
      application_id: fake.ids.app,
      token: 'replayed',
      version: 1,
      channel_id: '500',
      channel: { id: '500', type: 0, name: 'papers' },
      member: { user: { id: '7', username: 'ada' } },
      data: { name: 'papers', options: [{ type: 1, name: 'search', options: [{ type: 3, name: 'query', value: 'diffusion' }] }] },
    });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers = {
      'Content-Type': 'application/json',
      'X-Signature-Ed25519': sign(null, Buffer.from(timestamp + body), privateKey).toString('hex'),
      'X-Signature-Timestamp': timestamp,
    };
    const first = await fetch(`${proxy.url}/`, { method: 'POST', body, headers });
    const again = await fetch(`${proxy.url}/`, { method: 'POST', body, headers });
    expect(proxy.forwarded.map((f) => f.target)).toEqual([0, 1]);
    expect([first.status, again.status]).toEqual([200, 409]);
    await waitFor(() => fake.requests.find((r) => r.method === 'PATCH'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests.filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });
});
