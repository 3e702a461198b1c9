/**
 * One-click feedback on Discord through real discord.js (gateway) and the HTTP Interactions Endpoint against
 * the fake Discord, with the real commands and digest delivery: 👍 n / 👎 n buttons under a digest, a component
 * interaction (type 3) delivered twice counts once, the answer is private, and the next digest moves.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import { createInteractionsEndpoint } from '../../../src/platforms/discord/http-interactions.ts';
import { renderReply } from '../../../src/platforms/discord/render.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { deliverDigest } from '../../../src/scheduler/deliver.ts';
import { Store } from '../../../src/store/store.ts';
import { seedStore } from '../../commands/harness.ts';
import { messageProblems } from '../../fakes/discord-limits.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';
import { waitFor } from './harness.ts';

type Row = { components: { custom_id: string; label: string }[] };

describe('feedback buttons on Discord (real discord.js, HTTP endpoint, fake Discord)', () => {
  let fake: FakeDiscord;
  let store: Store;
  let adapter: DiscordAdapter;
  let channel: ChannelRef;
  let dispatcher: ReturnType<typeof createDispatcher>;
  let digestMessage: Record<string, unknown>;
  let server: Server;
  let sendHttp: (payload: object) => Promise<Response>;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    store = seedStore(Store.open(':memory:'));
    channel = { platform: 'discord', id: fake.ids.channel };
    dispatcher = createDispatcher({
      services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands,
      log: silentLogger,
    });
    adapter = createDiscordAdapter({ token: 'MTAx.fake.token', apiUrl: fake.apiUrl, store, log: silentLogger });
    await adapter.start(dispatcher);

    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const publicKeyHex = (publicKey.export({ format: 'der', type: 'spki' }) as Buffer).subarray(-32).toString('hex');
    const handler = createInteractionsEndpoint({ publicKey: publicKeyHex, dispatcher, log: silentLogger, apiUrl: fake.apiUrl, store });
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    sendHttp = (payload) => {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
      return fetch(url, {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'X-Signature-Ed25519': signature, 'X-Signature-Timestamp': timestamp },
      });
    };
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await adapter.stop();
    await fake.close();
    store.close();
  });

  const votes = () => store.feedback.ofChannel(channel).filter((p) => p.likes + p.dislikes > 0);
  const answers = (token: string) => fake.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`));

  it('GIVEN a posted digest THEN it carries 👍 n / 👎 n buttons within Discord’s limits, naming papers by arXiv id', async () => {
    const outcome = await deliverDigest({
      store,
      llm: new OfflineSummariser(),
      adapters: { discord: adapter },
      subscription: store.subscriptions.upsert(channel, {}),
      date: '2025-12-18',
      now: () => new Date(),
      instanceId: 'test',
    });
    if (outcome.status !== 'posted') throw new Error(`the digest was not posted: ${outcome.status}`);
    expect(store.papers.get(outcome.paperIds[0]!)!.title).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
    const create = fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${channel.id}/messages`)!;
    expect(messageProblems(create.body)).toEqual([]);
    const buttons = (create.body.components as Row[]).flatMap((r) => r.components);
    expect(buttons.slice(0, 2)).toEqual([
      expect.objectContaining({ label: '👍 1', custom_id: 'paperboy:like:2512.00003' }),
      expect.objectContaining({ label: '👎 1', custom_id: 'paperboy:dislike:2512.00003' }),
    ]);
    digestMessage = fake.messagesIn(channel.id)[0]!;
  });

  it('GIVEN 👍 clicked over the gateway and the same interaction delivered again THEN one like, answered privately, and the next digest moves', async () => {
    const click = fake.interact({ custom_id: 'paperboy:like:2512.00001', component_type: 2 }, { type: 3, message: digestMessage });
    const callback = await waitFor(() => fake.requests.find((r) => r.path.endsWith(`/${click.token}/callback`)));
    expect(callback.body).toEqual({ type: 5, data: { flags: 64 } });
    const answer = await waitFor(() => answers(click.token)[0]);
    expect(JSON.stringify(answer.body)).toMatch(/Liked “Diffusion Transformers for Video Generation”/);
    // No vote buttons for the list again: only the one that takes this vote back.
    expect(answer.body.components).toEqual([
      { type: 1, components: [expect.objectContaining({ label: 'Take back', custom_id: 'paperboy:unlike:2512.00001' })] },
    ]);

    fake.gateway.dispatch('INTERACTION_CREATE', click.payload);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(answers(click.token)).toHaveLength(1);
    expect(votes()).toEqual([expect.objectContaining({ likes: 1, dislikes: 0 })]);

    const next = await dispatcher.run({ command: 'digest', input: { text: '2025-12-18' }, channel, user: { id: 'U9', name: 'x' } });
    expect(next.papers?.[0]?.title).toBe('Video Diffusion with Sparse Attention');
    expect(JSON.stringify(next.blocks)).toContain('which this channel liked');
  });

  it('GIVEN 👎 clicked over HTTP, and the same request sent again THEN a private deferral, one dislike, and 409 for the replay', async () => {
    const token = 'http-click-1';
    fake.acknowledgedInline(token);
    const payload = {
      type: 3,
      id: '777',
      application_id: fake.ids.app,
      token,
      version: 1,
      guild_id: fake.ids.guild,
      channel: { id: fake.ids.channel, type: 0, name: 'papers' },
      member: { user: { id: 'U-http', username: 'bo', global_name: 'Bo' } },
      message: { id: String(digestMessage['id']), channel_id: fake.ids.channel },
      data: { custom_id: 'paperboy:dislike:2512.00003', component_type: 2 },
    };
    const started = Date.now();
    const first = await sendHttp(payload);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await first.json()).toEqual({ type: 5, data: { flags: 64 } });
    expect((await sendHttp(payload)).status).toBe(409);
    const answer = await waitFor(() => answers(token)[0]);
    expect(JSON.stringify(answer.body)).toMatch(/Disliked “Agents That Plan/);
    expect(answer.body.components[0].components[0]).toMatchObject({ label: 'Take back', custom_id: 'paperboy:unlike:2512.00003' });
    expect(votes().find((v) => v.dislikes === 1)).toBeDefined();
    expect(votes().reduce((n, v) => n + v.dislikes, 0)).toBe(1);

    const junk = await sendHttp({ ...payload, id: '778', data: { custom_id: 'paperboy:like:<@&1> x', component_type: 2 } });
    expect(junk.status).toBe(400);
  });

  it('GIVEN a digest of more papers than ten THEN buttons go to the first ten (5 rows) and a disabled one says how to vote on the rest', async () => {
    const papers = store.papers.findByTitle('a', 50);
    const views = Array.from({ length: 12 }, (_, i) => ({ ...papers[i % papers.length]!, arxivId: `2512.9${String(i).padStart(4, '0')}` }));
    const reply = {
      blocks: [{ type: 'header' as const, text: 'Many papers' }],
      fallback: 'Many papers',
      papers: views.map((p, i) => ({
        rank: i + 1,
        paperId: p.id,
        arxivId: p.arxivId,
        title: p.title,
        url: null,
        authors: [],
        authorCount: null,
        organization: null,
        publishedAt: null,
        upvotes: 0,
        links: [],
      })),
    };
    const [first] = renderReply(reply);
    expect(first!.components).toHaveLength(5);
    expect(first!.components!.at(-1)!.components.map((b) => b.label)).toEqual([
      '👍 9',
      '👎 9',
      '👍 10',
      '👎 10',
      '+2 more: “like <number>”',
    ]);
    expect(first!.content).toBe('**Many papers**');
    expect(messageProblems({ ...first!, components: first!.components as never })).toEqual([]);
  });
});
