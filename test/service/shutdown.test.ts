import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app/build.ts';
import { loadSampleData } from '../../src/app/sample-data.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { TERMINAL_CHANNEL } from '../../src/platforms/terminal/index.ts';
import { Store } from '../../src/store/store.ts';
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.ts';

const LISTINGS = join(import.meta.dirname, '..', 'fixtures', 'listings');
let llm: FakeOpenAI | undefined;
afterEach(async () => void (await llm?.close()));

async function appWithSlowLlm(graceMs: number, delayMs: number) {
  llm = await startFakeOpenAI();
  llm.fallback = reply.ok(JSON.stringify({ tldr: 'A careful answer.', points: ['One.', 'Two.'] }), { delayMs });
  const dbPath = join(mkdtempSync(join(tmpdir(), 'paperboy-stop-')), 'p.db');
  const store = Store.open(dbPath);
  await loadSampleData(store, LISTINGS, silentLogger);
  const paperId = store.papers.count() > 0 ? (store.db.prepare('SELECT id FROM papers LIMIT 1').get() as { id: number }).id : 0;
  store.lists.save(TERMINAL_CHANNEL, '', [paperId]);
  store.close();
  const config = {
    ...loadConfig({ OPENAI_BASE_URL: llm.baseURL, OPENAI_API_KEY: 'sk-test-key-0123456789', PAPERBOY_SOURCES: '' }),
    dbPath,
    shutdownGraceMs: graceMs,
  };
  return buildApp(config, { log: silentLogger });
}

const summarize = { command: 'summarize', input: { text: '1' }, channel: TERMINAL_CHANNEL, user: { id: 'u', name: 'u' } };

describe('shutdown', () => {
  it('waits for an answer being computed before closing the store', async () => {
    const app = await appWithSlowLlm(5_000, 600);
    const answer = app.dispatcher.run(summarize);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await app.stop();
    const result = await answer;
    expect(result.tone ?? 'normal').not.toBe('error');
    expect(JSON.stringify(result)).toContain('A careful answer.');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect((app.store as Store).db.open).toBe(false);
  });

  it('waits no longer than the grace period', async () => {
    const app = await appWithSlowLlm(300, 10_000);
    void app.dispatcher.run(summarize).catch(() => {});
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await app.stop();
    expect(Date.now() - started).toBeLessThan(3_000);
    expect((app.store as Store).db.open).toBe(false);
  });
});
