import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createFullTextSource, FullTextError, parseInWorker } from '../../src/fulltext/fetch.ts';
import { Store } from '../../src/store/store.ts';
import { latexmlPage, startFakeArxivHtml, type FakeArxivHtml } from '../fakes/arxiv-html.ts';
import { startListingServer } from '../fakes/listing-server.ts';

const page = latexmlPage({
  title: 'Sparse Mixers',
  abstract: 'We study sparse mixers.',
  sections: [
    { number: '1', title: 'Introduction', paragraphs: ['Mixers mix tokens.'] },
    {
      number: '3',
      title: 'Method',
      paragraphs: ['The router picks two experts per token.'],
      subsections: [{ number: '3.1', title: 'Load balancing', paragraphs: ['An auxiliary loss balances the experts.'] }],
    },
  ],
});

describe('fetching and reading a paper’s HTML', () => {
  let arxiv: FakeArxivHtml | undefined;
  afterEach(async () => {
    await arxiv?.close();
    arxiv = undefined;
  });

  it('fetches <base><id><version>, parses it off the main thread, and says “missing” on a 404', async () => {
    arxiv = await startFakeArxivHtml();
    arxiv.page('2501.00001v2', page);
    const source = createFullTextSource({ baseUrl: arxiv.baseUrl, timeoutMs: 5000, retries: 0 });
    const fetched = await source.fetch('2501.00001', 'v2');
    expect(fetched.kind).toBe('html');
    if (fetched.kind === 'html') expect(fetched.parsed.passages.map((p) => p.number)).toEqual(['', '1', '3', '3.1']);
    expect(arxiv.requests.map((r) => r.path)).toEqual(['/html/2501.00001v2']);
    expect(await source.fetch('2501.09999', '')).toEqual({ kind: 'missing' });
    await expect(source.fetch('../../etc/passwd', '')).rejects.toBeInstanceOf(FullTextError);
  });

  it('refuses a page over the size cap and a server that does not answer in time, with reasons that name no address', async () => {
    const server = await startListingServer();
    try {
      server.script('/html/2501.00001', { status: 200, stream: { chunk: 'x'.repeat(64 * 1024), times: 64 } });
      server.script('/html/2501.00002', { status: 503, body: 'down' });
      const source = createFullTextSource({ baseUrl: `${server.url}/html/`, timeoutMs: 2000, maxBytes: 1024 * 1024, retries: 0 });
      const big = await source.fetch('2501.00001', '').catch((e: Error) => e);
      expect(big).toBeInstanceOf(FullTextError);
      expect((big as Error).message).toBe("the paper's HTML page is too large to read");
      const down = await source.fetch('2501.00002', '').catch((e: Error) => e);
      expect((down as Error).message).toBe('arXiv answered HTTP 503');
      for (const error of [big, down]) expect((error as Error).message).not.toMatch(/127\.0\.0\.1|http:/);
    } finally {
      await server.close();
    }
  });

  it('a page that takes too long to parse is given up, and the event loop keeps running meanwhile', async () => {
    const huge = `<p>${'<span>word </span>'.repeat(400_000)}</p>`;
    let ticks = 0;
    const timer = setInterval(() => (ticks += 1), 10);
    const started = Date.now();
    const error = await parseInWorker(huge, 200).catch((e: Error) => e);
    clearInterval(timer);
    expect(error).toBeInstanceOf(FullTextError);
    expect((error as Error).message).toBe("reading the paper's HTML page took too long");
    expect(Date.now() - started).toBeLessThan(2000);
    expect(ticks).toBeGreaterThan(5);
  });
});

describe('stored full text', () => {
  it('is searched with BM25 over quoted words: FTS5 syntax in a question is just text', () => {
    const store = Store.open(':memory:');
    store.fullText.save('2501.00001', '', {
      state: 'html',
      title: 'Sparse Mixers',
      passages: [
        { number: '', heading: 'Abstract', text: 'We study sparse mixers.' },
        { number: '3', heading: 'Method', text: 'The router picks two experts per token.' },
        { number: '3.1', heading: 'Load balancing', text: 'An auxiliary loss balances the experts across devices.' },
      ],
    });
    expect(store.fullText.best('2501.00001', '', ['experts', 'balancing'], 2).map((p) => p.number)).toEqual(['3.1', '3']);
    expect(store.fullText.best('2501.00001', '', ['NEAR(', '"', 'AND', '*'], 5)).toEqual([]);
    expect(store.fullText.opening('2501.00001', '', 1).map((p) => p.heading)).toEqual(['Abstract']);
    store.fullText.save('2501.00001', '', { state: 'missing', title: '', passages: [] });
    expect(store.fullText.best('2501.00001', '', ['experts'], 2)).toEqual([]);
    expect(store.fullText.doc('2501.00001', '')?.state).toBe('missing');
    store.close();
  });
});

describe('ARXIV_HTML_URL', () => {
  it('defaults to arXiv, takes an override with or without its slash, and refuses what is not an http(s) URL', () => {
    expect(loadConfig({}).sources.arxivHtmlUrl).toBe('https://arxiv.org/html/');
    expect(loadConfig({ ARXIV_HTML_URL: 'http://127.0.0.1:9000/html' }).sources.arxivHtmlUrl).toBe('http://127.0.0.1:9000/html/');
    expect(loadConfig({ ARXIV_HTML_URL: 'http://127.0.0.1:9000/html/' }).sources.arxivHtmlUrl).toBe('http://127.0.0.1:9000/html/');
    expect(() => loadConfig({ ARXIV_HTML_URL: 'arxiv.org/html' })).toThrow(/ARXIV_HTML_URL must be an http\(s\) URL/);
  });
});
