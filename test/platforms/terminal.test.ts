import { storeUncappedAbstract } from '../helpers/papers.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runAsk } from '../../src/cli/ask.ts';
import { notice, paperList } from '../../src/message/build.ts';
import { createTerminalAdapter } from '../../src/platforms/terminal/index.ts';
import { renderReply, wrap } from '../../src/platforms/terminal/render.ts';
import { Store } from '../../src/store/store.ts';
import { harness, INJECTION, seedStore } from '../commands/harness.ts';

/** A loaded machine can stall any process for a moment; a real block (seconds before the fix) fails every attempt. */
const STALL_RETRY = { retry: 2, timeout: 30_000 };

const ESC = '\u001b';
const LOCAL = { platform: 'terminal', id: 'local' } as const;

function streams() {
  const input = new PassThrough();
  const output = new PassThrough();
  let written = '';
  output.on('data', (chunk: Buffer) => {
    written += chunk.toString('utf8');
  });
  return { input, output, read: () => written };
}

describe('terminal adapter', () => {
  it('runs typed commands (with or without a slash) and stops at quit', async () => {
    const { dispatcher } = harness();
    const { input, output, read } = streams();
    const adapter = createTerminalAdapter({ input, output });
    const session = adapter.start(dispatcher);
    input.write('search diffusion\n/paper 1\nquit\n');
    await session;
    expect(read()).toContain('Search: diffusion');
    expect(read()).toMatch(/1\. (Video Diffusion|Diffusion Transformers)/);
    expect(read()).toContain('Listed:');
    expect(read()).not.toContain(ESC);
  });

  it('when input is not a terminal, reads line by line and ends at the end of input', async () => {
    const { dispatcher } = harness();
    const { input, output, read } = streams();
    const session = createTerminalAdapter({ input, output }).start(dispatcher);
    input.end('top day\n\ncompare 1 2\n');
    await session;
    expect(read()).toContain('> top day');
    expect(read()).toContain('Comparing 2 papers');
    expect(read()).toContain('[1] Agents That Plan');
  });

  it('prints errors from the dispatcher and keeps going', async () => {
    const { dispatcher } = harness();
    const { input, output, read } = streams();
    const session = createTerminalAdapter({ input, output }).start(dispatcher);
    input.end('frobnicate\nsearch -x\nhelp\n');
    await session;
    expect(read()).toContain('There is no command “frobnicate”.');
    expect(read()).toContain('only says what to leave out');
    expect(read()).toContain('paperboy: what I can do');
  });

  it('post prints a digest; commands typed afterwards refer to its numbers', async () => {
    const { dispatcher, store } = harness();
    const { input, output, read } = streams();
    const adapter = createTerminalAdapter({ input, output });
    const digest = await dispatcher.run({ command: 'digest', input: { text: '' }, channel: LOCAL, user: { id: 'u', name: 'u' } });
    const posted = await adapter.post(LOCAL, digest);
    expect(posted).toEqual({ channel: LOCAL, messageId: '1', threadId: '1' });
    store.lists.save(LOCAL, posted.threadId, [store.papers.getByArxivId('2512.00004')!.id]);
    const session = adapter.start(dispatcher);
    input.end('summarize 1\n');
    await session;
    expect(read()).toContain('Daily papers — Thu 18 Dec 2025');
    expect(read()).toMatch(/Summary[\s\S]*Mamba Meets Attention/);
    expect(await adapter.postInThread(posted, notice('in the thread'))).toEqual({ channel: LOCAL, messageId: '2', threadId: '1' });
  });
});

describe('terminal never freezes, and wraps sensibly', () => {
  it('GIVEN a terminal that reports 0 columns THEN replies wrap at 80', async () => {
    const { dispatcher } = harness();
    const { input, output, read } = streams();
    Object.assign(output, { columns: 0 });
    const session = createTerminalAdapter({ input, output }).start(dispatcher);
    input.end('paper 2512.00001\n');
    await session;
    const lines = read().split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    expect(Math.max(...lines.filter((l) => !/https?:/.test(l)).map((l) => l.length))).toBeGreaterThan(60);
    expect(renderReply(notice('word '.repeat(40)), { width: 0, color: false }).split('\n')[0]!.length).toBeGreaterThan(60);
  });

  it('GIVEN paper on a 200 KB abstract THEN the event loop never stalls 100 ms', STALL_RETRY, async () => {
    const store = seedStore(Store.open(':memory:'));
    const abstract = 'We study [a link](https://evil.example) with \u202e*bold* _claims_ at length. '.repeat(3000);
    const huge = {
      title: 'A paper with a huge abstract',
      abstract,
      authorCount: 1,
      authors: ['Ada Lovelace'],
      organization: null,
      publishedAt: '2025-12-18',
      upvotes: 3,
      arxivId: '2512.09999',
      url: 'https://arxiv.org/abs/2512.09999',
    };
    store.papers.ingestListing({ listingDate: '2025-12-18', source: 'hf-json', papers: [huge], problems: [] }, 'huge', 'hash-huge');
    storeUncappedAbstract(store, '2512.09999', abstract);
    const paper = store.papers.getByArxivId('2512.09999');
    expect(paper!.abstract.length).toBeGreaterThan(200_000);
    const { dispatcher } = harness({ store });
    const { input, output, read } = streams();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, 50)); // the histogram starts at its first tick
    const session = createTerminalAdapter({ input, output, width: 100 }).start(dispatcher);
    input.end(`paper ${paper!.arxivId}\n`);
    await session;
    await new Promise((resolve) => setTimeout(resolve, 50)); // the histogram records a stall when the next timer fires
    delay.disable();
    console.log(`terminal paper on a ${abstract.length}-character abstract: event loop worst delay ${(delay.max / 1e6).toFixed(1)} ms`);
    expect(delay.max / 1e6).toBeLessThan(100);
    expect(read()).toContain('We study [a link](https://evil.example)');
    expect(read()).not.toContain('\u202e');
  });
});

describe('terminal rendering', () => {
  const { store } = harness();
  const papers = ['2512.00003', '2512.00005'].map((id) => store.papers.getByArxivId(id)!);

  it('numbers papers with upvotes, byline, summary and links', () => {
    const text = renderReply(paperList('Results', papers), { width: 80, color: false });
    expect(text).toContain('1. Agents That Plan: Reinforcement Learning for Tool Use  ▲42');
    expect(text).toContain('   Yann LeCun · AI at Meta · 2025-12-17');
    expect(text).toContain('   arXiv: https://arxiv.org/abs/2512.00003');
  });

  it('wraps to the width, never splitting a URL', () => {
    const text = renderReply(paperList('Results', papers), { width: 40, color: false });
    for (const line of text.split('\n')) {
      if (!line.includes('https://')) expect(line.length).toBeLessThanOrEqual(40);
    }
    expect(text).toContain('https://arxiv.org/abs/2512.00003');
    expect(wrap('• one two three four', 10)).toEqual(['• one two', '  three', '  four']);
  });

  it('colours only when asked, and errors in red', () => {
    expect(renderReply(paperList('Results', papers), { width: 80, color: true })).toContain(`${ESC}[1m`);
    expect(renderReply({ ...notice('Bad'), tone: 'error' }, { width: 80, color: true })).toContain(`${ESC}[31mBad${ESC}[0m`);
  });

  it('prints untrusted text as plain text, without control sequences', () => {
    const hostile = { ...papers[1]!, title: `Evil ${ESC}[2J${ESC}]0;pwned\u0007 title` };
    const text = renderReply(paperList('Results', [hostile]), { width: 200, color: false });
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u0007');
    expect(text).toContain(INJECTION.split('.')[0]);
  });
});

describe('ask', () => {
  it('prints the rendered reply and exits 0', async () => {
    const { dispatcher } = harness();
    const { output, read } = streams();
    expect(await runAsk('search agents', { dispatcher, output, json: false })).toBe(0);
    expect(read()).toContain('1. Agents That Plan');
  });

  it('--json prints the neutral reply with papers in display order, numbered', async () => {
    const { dispatcher } = harness();
    const { output, read } = streams();
    await runAsk('top day limit:3', { dispatcher, output, json: true });
    const json = JSON.parse(read()) as { papers: { title: string; arxivId: string | null; rank: number }[]; blocks: unknown[] };
    expect(json.papers.map((p) => [p.rank, p.arxivId])).toEqual([
      [1, '2512.00003'],
      [2, '2512.00006'],
      [3, '2512.00004'],
    ]);
    expect(json.blocks.length).toBeGreaterThan(0);
  });

  it('numbers carry over between asks, and an error exits 1', async () => {
    const { dispatcher } = harness();
    const { output, read } = streams();
    await runAsk('search mamba', { dispatcher, output, json: true });
    expect(await runAsk('paper 1', { dispatcher, output, json: false })).toBe(0);
    expect(read()).toContain('Mamba Meets Attention: Hybrid Sequence Models');
    expect(await runAsk('paper 7', { dispatcher, output, json: false })).toBe(1);
  });
});
