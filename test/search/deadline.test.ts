import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/index.ts';
import { OpenAiSummariser } from '../../src/llm/openai.ts';
import { silentLogger } from '../../src/log.ts';
import { createSlackAdapter, type SlackAdapter } from '../../src/platforms/slack/index.ts';
import { SLACK_ACK_DEADLINE_MS } from '../../src/platforms/slack/limits.ts';
import { Store } from '../../src/store/store.ts';
import { generatePapers } from '../bench/corpus.ts';
import { startFakeOpenAI, reply, type FakeOpenAI } from '../fakes/openai.ts';
import { FAKE_BOT, sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../fakes/slack.ts';

const SECRET = 'deadline_signing_secret';
/** 32 common words OR-ed: plain bm25 scores every paper against every word (about 0.2 s per query at 20k papers). */
const PATHOLOGICAL =
  'search ' +
  'alignment models language model human reward data preferences across preference framework behavior performance tasks training reasoning propose safety learning methods evaluation approach large results show the of and to in for we'
    .split(' ')
    .join(' OR ');

describe('GIVEN commands that take long (an LLM call hanging 10 s, pathological searches over 20,000 papers)', () => {
  let dir: string;
  let store: Store;
  let slack: SlackFake;
  let openai: FakeOpenAI;
  let adapter: SlackAdapter;
  let arxivId: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-deadline-'));
    store = Store.open(join(dir, 'paperboy.db'));
    store.papers.ingestBatch([...generatePapers({ size: 20_000, seed: 5 })], 'arxiv-metadata', { seenAt: new Date() });
    while (store.papers.mergeIndexStep());
    arxivId = store.papers.get(1)!.arxivId!;
    [slack, openai] = await Promise.all([startSlackFake(), startFakeOpenAI()]);
    openai.fallback = reply.hang(10_000);
    const llm = new OpenAiSummariser({
      apiKey: 'test',
      baseURL: openai.baseURL,
      model: 'test-model',
      timeoutMs: 30_000,
      maxRetries: 0,
      concurrency: 4,
      db: store.db,
      log: silentLogger,
      fallback: new OfflineSummariser(),
    });
    const dispatcher = createDispatcher({ services: { store, llm, rootCommand: 'papers' }, commands, log: silentLogger });
    adapter = createSlackAdapter({
      botToken: FAKE_BOT.token,
      signingSecret: SECRET,
      mode: 'http',
      apiUrl: slack.apiUrl,
      host: '127.0.0.1',
      port: 0,
      store,
      log: silentLogger,
    });
    await adapter.start(dispatcher);
  }, 30_000);

  afterAll(async () => {
    await adapter.stop();
    store.close();
    await Promise.all([slack.close(), openai.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('THEN every command sent at the same time is acked within 3 s, and quick ones are answered while the slow ones still run', async () => {
    const endpoint = `http://127.0.0.1:${adapter.port ?? 0}/slack/events`;
    const send = (text: string, id: string) => sendSignedSlashCommand(endpoint, SECRET, { text, responseUrl: slack.responseUrl(id) });
    const quick = Array.from({ length: 10 }, (_, i) => `help-${i}`);
    const heavy = Array.from({ length: 30 }, (_, i) => `heavy-${i}`);
    const sent = await Promise.all([
      send(`summarize ${arxivId}`, 'llm'),
      ...heavy.map((id) => send(PATHOLOGICAL, id)),
      ...quick.map((id) => send('help search', id)),
    ]);

    expect(sent.map((s) => s.status)).toEqual(sent.map(() => 200));
    expect(Math.max(...sent.map((s) => s.elapsedMs))).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    await waitFor(() => quick.every((id) => slack.responses.some((r) => r.id === id)), 5_000, 'answers to the quick commands');
    expect(openai.stats.inFlight).toBe(1);
    expect(slack.responses.filter((r) => r.id === 'llm')).toEqual([]);
    await waitFor(() => heavy.every((id) => slack.responses.some((r) => r.id === id)), 12_000, 'answers to the pathological searches');
    for (const id of [...quick, ...heavy]) expect(slack.responses.filter((r) => r.id === id)).toHaveLength(1);
  }, 30_000);
});
