import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeDiscord, type FakeDiscord } from '../fakes/discord.ts';
import { freePort, runPaperboy, startPaperboy, type Running } from '../e2e/process.ts';

const get = async (port: number, path: string) => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('a service deployment: Discord over the gateway, health checks on their own port, JSON logs', () => {
  let discord: FakeDiscord;
  let paperboy: Running;
  let port: number;
  let env: Record<string, string>;

  beforeAll(async () => {
    discord = await startFakeDiscord();
    port = await freePort();
    env = {
      PAPERBOY_DB: join(mkdtempSync(join(tmpdir(), 'paperboy-health-')), 'paperboy.db'),
      DISCORD_TOKEN: 'MTAx.fake.token',
      DISCORD_APPLICATION_ID: discord.ids.app,
      DISCORD_API_URL: discord.apiUrl,
      PAPERBOY_HEALTH_PORT: String(port),
      HOST: '127.0.0.1',
      LOG_FORMAT: 'json',
      OPENAI_API_KEY: 'sk-test-never-printed-0123456789',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      HF_API_URL: 'http://lab:hunter2pass@127.0.0.1:9/hf',
      PAPERBOY_FETCH_RETRIES: '0',
    };
    paperboy = startPaperboy(['start'], env);
    await paperboy.waitForOutput(/paperboy is running on discord/, 30_000);
  }, 40_000);

  afterAll(async () => {
    await paperboy?.stop();
    await discord?.close();
  });

  it('GET /healthz answers; /readyz reports the store, Discord connected, the last digest and the scheduler lease', async () => {
    expect(await get(port, '/healthz')).toEqual({ status: 200, body: { status: 'ok' } });
    const ready = await get(port, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({
      ready: true,
      store: 'ok',
      platforms: { discord: 'connected' },
      lastDigestAt: null,
      scheduler: { leader: true },
    });
    const posted = await runPaperboy(['digest', 'post', '--to', `discord:${discord.ids.channel}`, '--no-fetch', '--force'], env);
    expect(posted.code).toBe(0);
    const after = await get(port, '/readyz');
    expect(Date.parse(after.body.lastDigestAt as string)).toBeGreaterThan(Date.now() - 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
  }, 30_000);

  it('every log line is one JSON object, and no token or URL password from the environment is in them', async () => {
    // A failing fetch logs its URL: the password inside it must not follow. (It would retry for a while: stop it.)
    const fetching = startPaperboy(['digest', 'post', '--to', `discord:${discord.ids.channel}`, '--force'], env);
    await fetching.waitForOutput(/fetching listings failed/, 20_000);
    await fetching.stop();
    const logs = `${paperboy.output()}\n${fetching.output()}`;
    const lines = logs.split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(3);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(fetching.output()).toMatch(/127\.0\.0\.1:9\/hf/);
    for (const secret of ['MTAx.fake.token', 'sk-test-never-printed', 'hunter2pass']) expect(logs).not.toContain(secret);
  }, 30_000);
});
