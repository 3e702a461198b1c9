import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSummariser } from '../../src/llm/index.ts';
import { silentLogger } from '../../src/log.ts';
import { openDb } from '../../src/store/db.ts';
import { startFakeOpenAI, reply, type FakeOpenAI } from '../fakes/openai.ts';
import { makePaper } from './helpers.ts';

/** A loaded machine can stall any process for a moment; a real block (seconds before the fix) fails every attempt. */
const STALL_RETRY = { retry: 2, timeout: 30_000 };

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const setup = () =>
  createSummariser({
    apiKey: 'sk-test',
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    timeoutMs: 2000,
    maxRetries: 0,
    concurrency: 2,
    db: openDb(':memory:'),
    log: silentLogger,
  });

const summaryJson = { tldr: 'A short TL;DR.', points: ['First point.', 'Second point.'] };
const table = { rows: [{ aspect: 'Problem', values: ['p1', 'p2'] }], verdict: 'Pick [1] for speed.' };
const body = (i: number) => fake.requests[i]!.body as { max_tokens?: number };

describe('LLM answers that can be trusted (real openai package against a fake server)', () => {
  it('GIVEN a summary reply that is not the JSON asked for THEN the offline summary with a note, nothing cached, the next ask asks again', async () => {
    const llm = setup();
    const paper = makePaper();
    fake.script(reply.ok('I am sorry, I cannot help with that.'), reply.json(summaryJson));
    const first = await llm.summarize(paper);
    expect(first).toMatchObject({ source: 'offline', cached: false });
    expect(first.note).toMatch(/could not be read; showing the offline summary/);
    expect(await llm.summarize(paper)).toEqual({ value: summaryJson, source: 'llm', cached: false });
    expect(fake.requests).toHaveLength(2);
  });

  it('GIVEN a comparison reply with no rows (or prose) THEN the offline comparison, never an empty table from the cache', async () => {
    const llm = setup();
    const papers = [makePaper(), makePaper()];
    fake.script(reply.json({ rows: [], verdict: '' }), reply.ok('Both papers are great.'), reply.json(table));
    for (const _ of [1, 2]) {
      const outcome = await llm.compare(papers);
      expect(outcome).toMatchObject({ source: 'offline', cached: false });
      expect(outcome.value.rows.length).toBeGreaterThan(0);
      expect(outcome.note).toMatch(/could not be read; showing the offline comparison/);
    }
    expect(await llm.compare(papers)).toMatchObject({ source: 'llm', cached: false, value: table });
    expect(await llm.compare(papers)).toMatchObject({ source: 'llm', cached: true });
    expect(fake.requests).toHaveLength(3);
  });

  it('GIVEN fresh THEN the model is asked again despite the cache, and its answer replaces the cached one', async () => {
    const llm = setup();
    const paper = makePaper();
    const better = { tldr: 'A better TL;DR.', points: ['One.', 'Two.'] };
    fake.script(reply.json(summaryJson), reply.json(better), reply.json(table), reply.json(table));
    await llm.summarize(paper);
    expect((await llm.summarize(paper)).cached).toBe(true);
    expect(await llm.summarize(paper, undefined, { fresh: true })).toEqual({ value: better, source: 'llm', cached: false });
    expect(await llm.summarize(paper)).toEqual({ value: better, source: 'llm', cached: true });
    const papers = [makePaper(), makePaper()];
    await llm.compare(papers);
    expect((await llm.compare(papers, undefined, { fresh: true })).cached).toBe(false);
    expect(fake.requests).toHaveLength(4);
  });

  it('GIVEN any task THEN max_tokens is sent', async () => {
    const llm = setup();
    fake.script(reply.json(summaryJson), reply.json(table), reply.ok('One line.'));
    await llm.summarize(makePaper());
    await llm.compare([makePaper(), makePaper()]);
    await llm.tldr(makePaper());
    expect([0, 1, 2].map((i) => body(i).max_tokens)).toEqual([600, 1200, 120]);
  });

  it(
    'GIVEN a 162 KB reply THEN it is not read: the offline answer with a note, the event loop never stalls 100 ms',
    STALL_RETRY,
    async () => {
      const llm = setup();
      const runaway = JSON.stringify({ tldr: `${'```[x](https://evil.example) '.repeat(5500)}`, points: ['```'.repeat(1000)] });
      expect(runaway.length).toBeGreaterThan(162_000);
      fake.script(reply.ok(runaway), reply.ok(`\`\`\`${'`'.repeat(160_000)}`));
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the histogram starts at its first tick
      const outcome = await llm.summarize(makePaper());
      const other = await llm.compare([makePaper(), makePaper()]);
      await new Promise((resolve) => setTimeout(resolve, 30));
      delay.disable();
      console.log(`LLM 162 KB reply: event loop worst delay ${(delay.max / 1e6).toFixed(1)} ms`);
      expect(delay.max / 1e6).toBeLessThan(100);
      expect(outcome).toMatchObject({ source: 'offline', cached: false });
      expect(outcome.note).toMatch(/too long to use/);
      expect(other).toMatchObject({ source: 'offline' });
    },
  );
});
