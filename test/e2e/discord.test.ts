import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageProblems } from '../fakes/discord-limits.ts';
import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from '../fakes/discord.ts';
import { waitFor } from '../fakes/slack.ts';
import { runPaperboy, startPaperboy, type Running } from './process.ts';

const subcommand = (name: string, options: object[] = []) => ({ name: 'papers', options: [{ type: 1, name, options }] });
const callbackOf = (token: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`);
const editOf = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`);

describe('npm start with Discord configured (a real process against a loopback Discord)', () => {
  let discord: FakeDiscord;
  let paperboy: Running;
  let env: Record<string, string>;

  beforeAll(async () => {
    discord = await startFakeDiscord();
    env = {
      PAPERBOY_DB: join(mkdtempSync(join(tmpdir(), 'paperboy-e2e-')), 'paperboy.db'),
      DISCORD_TOKEN: 'MTAx.fake.token',
      DISCORD_APPLICATION_ID: discord.ids.app,
      DISCORD_API_URL: discord.apiUrl,
    };
    // A chat platform's store gets no sample listings by itself: load them explicitly, as a demo would.
    expect((await runPaperboy(['demo'], env)).code).toBe(0);
    paperboy = startPaperboy(['start'], env);
    await paperboy.waitForOutput(/paperboy is running on discord/, 30_000);
  }, 40_000);

  afterAll(async () => {
    await paperboy?.stop();
    await discord?.close();
  });

  it('registers /papers with one bulk PUT, and skips it when nothing changed', async () => {
    const first = await runPaperboy(['discord', 'register', '--guild', discord.ids.guild], env);
    expect(first.stdout).toMatch(/^Registered \/papers/m);
    const again = await runPaperboy(['discord', 'register', '--guild', discord.ids.guild], env);
    expect(again.stdout).toMatch(/Already up to date/);
    expect(discord.requests.filter((r) => r.method === 'PUT' && r.path.includes('/commands'))).toHaveLength(1);
  }, 30_000);

  it('defers a /papers search within 3 s, then edits in embeds within the limits that ping nobody', async () => {
    const sentAt = Date.now();
    const { token } = discord.interact(subcommand('search', [{ type: 3, name: 'query', value: 'reward models' }]));
    const callback = await waitFor(() => discord.requests.find(callbackOf(token)));
    expect(callback.at - sentAt).toBeLessThan(3000);
    expect(callback.body.type).toBe(5);
    const edit = await waitFor(() => discord.requests.find(editOf(token)));
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(messageProblems(edit.body)).toEqual([]);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('posts a digest with a thread once, and answers "compare 1 2" mentioned in that thread', async () => {
    const first = await runPaperboy(['digest', 'post', '--to', `discord:${discord.ids.channel}`, '--no-fetch'], env);
    expect(first.stdout).toMatch(/Posted the digest/);
    const again = await runPaperboy(['digest', 'post', '--to', `discord:${discord.ids.channel}`, '--no-fetch'], env);
    expect(again.stdout).toMatch(/Already posted/);
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${discord.ids.channel}/messages`);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toMatchObject({ enforce_nonce: true, allowed_mentions: { parse: [] } });
    const thread = await waitFor(() => discord.requests.find((r) => r.method === 'POST' && /\/threads$/.test(r.path)));
    const threadId = /\/messages\/(\d+)\/threads$/.exec(thread.path)![1]!;
    expect(discord.messagesIn(discord.ids.channel).map((m) => m.id)).toContain(threadId);

    discord.say(threadId, `<@${discord.ids.bot}> compare 1 and 2`);
    const answer = await waitFor(
      () => discord.requests.find((r) => r.method === 'POST' && r.path === `/channels/${threadId}/messages`),
      15_000,
    );
    expect(JSON.stringify(answer.body)).toMatch(/Comparing 2 papers/);
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });
  }, 40_000);
});
