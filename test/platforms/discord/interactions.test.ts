import { afterEach, describe, expect, it } from 'vitest';
import { messageProblems } from '../../fakes/discord-limits.ts';
import type { RecordedRequest } from '../../fakes/discord.ts';
import { startHarness, waitFor, type Harness } from './harness.ts';

const EPHEMERAL = 64;
const subcommand = (name: string, options: object[] = []) => ({ name: 'papers', options: [{ type: 1, name, options }] });

describe('Discord interactions over the gateway (real discord.js against a fake Discord)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  const callbackOf = (token: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`);
  const editOf = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`);

  it('GIVEN the bot logged in THEN it identified with Guilds + GuildMessages only, JSON, no compression', async () => {
    harness = await startHarness();
    const { state } = harness.fake.gateway;
    expect(state.connections).toEqual(['v=10&encoding=json']);
    expect(state.identifies[0]).toMatchObject({ token: 'MTAx.fake.token', intents: 1 | 512 | 1024, compress: false });
    expect(harness.adapter.client.channels.cache.get(harness.fake.ids.channel)).toBeDefined();
  });

  it('GIVEN heartbeats THEN the fake acknowledges them and the connection stays up', async () => {
    harness = await startHarness({ heartbeatIntervalMs: 200 });
    await waitFor(() => harness!.fake.gateway.state.heartbeats >= 3);
    expect(harness.fake.gateway.connected).toBe(1);
    expect(harness.adapter.client.ws.ping).toBeGreaterThanOrEqual(0);
  });

  it('GIVEN /papers search THEN a deferred ephemeral response within 3 s, then the edited reply with valid embeds', async () => {
    harness = await startHarness();
    const sentAt = Date.now();
    const { token } = harness.fake.interact(subcommand('search', [{ type: 3, name: 'query', value: 'diffusion' }]));
    const callback = await waitFor(() => harness!.fake.requests.find(callbackOf(token)));
    expect(callback.at - sentAt).toBeLessThan(3000);
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });

    const edit = await waitFor(() => harness!.fake.requests.find(editOf(token)));
    expect(edit.path).toBe(`/webhooks/${harness.fake.ids.app}/${token}/messages/@original`);
    expect(messageProblems(edit.body, { editing: true })).toEqual([]);
    expect(edit.body.content).toContain('Results for');
    expect(edit.body.embeds).toHaveLength(4);
    expect(edit.body.embeds[0].title).toMatch(/^1\. Diffusion model study number/);
    expect(edit.body.embeds[0].footer.text).toBe('▲36 · 2025-12-18');
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('GIVEN a command slower than 3 s THEN the deferral still comes first and in time, public for a channel command', async () => {
    harness = await startHarness();
    const sentAt = Date.now();
    const { token } = harness.fake.interact(subcommand('slow'));
    const callback = await waitFor(() => harness!.fake.requests.find(callbackOf(token)));
    expect(callback.at - sentAt).toBeLessThan(3000);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await waitFor(() => harness!.fake.requests.find(editOf(token)), 10_000);
    expect(edit.at).toBeGreaterThan(callback.at);
    expect(JSON.stringify(edit.body)).toContain('Finally done.');
  }, 15_000);

  it('GIVEN Discord refuses the answer (400 Invalid Form Body) THEN the deferred reply is replaced by why, not left thinking', async () => {
    harness = await startHarness();
    harness.fake.failNext({
      method: 'PATCH',
      path: /\/messages\/@original$/,
      status: 400,
      body: { message: 'Invalid Form Body', code: 50035, errors: {} },
    });
    const { token } = harness.fake.interact(subcommand('search', [{ type: 3, name: 'query', value: 'diffusion' }]));
    const edits = await waitFor(() => {
      const found = harness!.fake.requests.filter(editOf(token));
      return found.length === 2 ? found : undefined;
    });
    expect(edits[0]!.body.embeds.length).toBeGreaterThan(0);
    expect(edits[1]!.body.content).toMatch(/^Sorry, Discord refused this answer \(.*Invalid Form Body.*\), so it can't be shown here\./);
    expect(edits[1]!.body.embeds).toEqual([]);
    expect(messageProblems(edits[1]!.body, { editing: true })).toEqual([]);
  });

  it('GIVEN share:true on an ephemeral command THEN the answer is public', async () => {
    harness = await startHarness();
    const { token } = harness.fake.interact(
      subcommand('search', [
        { type: 3, name: 'query', value: 'diffusion' },
        { type: 5, name: 'share', value: true },
      ]),
    );
    const callback = await waitFor(() => harness!.fake.requests.find(callbackOf(token)));
    expect(callback.body.data.flags).toBe(0);
    const edit = await waitFor(() => harness!.fake.requests.find(editOf(token)));
    expect(edit.body.content).toContain('Results for');
  });

  it('GIVEN an autocomplete interaction THEN at most 25 matching choices come back (callback type 8)', async () => {
    harness = await startHarness({ papers: 40 });
    const focused = [{ type: 3, name: 'query', value: 'diffusion', focused: true }];
    const { token } = harness.fake.interact(subcommand('search', focused), { type: 4 });
    const callback = await waitFor(() => harness!.fake.requests.find(callbackOf(token)));
    expect(callback.body.type).toBe(8);
    const choices = callback.body.data.choices as { name: string; value: string }[];
    expect(choices).toHaveLength(25);
    for (const choice of choices) {
      expect(choice.name).toMatch(/diffusion/i);
      expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(choice.value.length).toBeLessThanOrEqual(100);
    }
  });

  it('GIVEN an unknown subcommand THEN an ephemeral error reply, not silence', async () => {
    harness = await startHarness();
    const { token } = harness.fake.interact(subcommand('frobnicate'));
    const edit = await waitFor(() => harness!.fake.requests.find(editOf(token)));
    expect(JSON.stringify(edit.body)).toContain('There is no command');
    expect(harness.fake.requests.find(callbackOf(token))!.body.data.flags).toBe(EPHEMERAL);
  });
});
