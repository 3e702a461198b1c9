import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { fetchOptionsFor, fetchText, sourceTargets } from '../../src/sources/fetch.ts';
import { Store } from '../../src/store/store.ts';
import { startListingServer } from '../fakes/listing-server.ts';

const MB = 1024 * 1024;

describe('fetching a listing', () => {
  let server: Awaited<ReturnType<typeof startListingServer>>;
  beforeAll(async () => {
    server = await startListingServer();
  });
  afterAll(() => server.close());
  const quick = (extra: Partial<Parameters<typeof fetchText>[1]> = {}) => ({
    timeoutMs: 5_000,
    retries: 3,
    sleep: async () => {},
    ...extra,
  });

  it('GIVEN an answer announced larger than the cap THEN it is refused with a clear error before its body is read', async () => {
    server.script('/big-announced', { headers: { 'content-type': 'application/json' }, body: `[${' '.repeat(2 * MB)}]` });
    await expect(fetchText(`${server.url}/big-announced`, quick({ maxBytes: MB }))).rejects.toThrow(
      /the answer is larger than 1 MB \(PAPERBOY_FETCH_MAX_MB\); download it and ingest the file instead/,
    );
  });

  it('GIVEN a streamed answer that grows past the cap THEN it is cut off there, without holding the rest', async () => {
    server.script('/big-streamed', { stream: { chunk: 'x'.repeat(64 * 1024), times: 20_000 } }); // 1.25 GB if read to the end
    const before = process.memoryUsage().rss;
    await expect(fetchText(`${server.url}/big-streamed`, quick({ maxBytes: 2 * MB }))).rejects.toThrow(/larger than 2 MB/);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MB);
  });

  it('GIVEN the default cap THEN an answer under it reads in full', async () => {
    server.script('/small', { stream: { chunk: 'é'.repeat(1000), times: 100 } });
    expect(await fetchText(`${server.url}/small`, quick())).toHaveLength(100_000);
  });

  it('GIVEN PAPERBOY_FETCH_MAX_MB THEN URL ingest refuses a larger listing, names the setting and stores nothing', async () => {
    server.script('/api/daily_papers', { stream: { chunk: ' '.repeat(64 * 1024), times: 100 } });
    const config = loadConfig({ PAPERBOY_FETCH_MAX_MB: '2' });
    expect(config.sources.maxBytes).toBe(2 * MB);
    const store = Store.open(':memory:');
    const report = await ingestTargets(store, [`${server.url}/api/daily_papers?date=2026-03-26`], {
      fetch: { ...fetchOptionsFor(config.sources, undefined), sleep: async () => {} },
    });
    expect(report.targets[0]!.error).toMatch(/larger than 2 MB \(PAPERBOY_FETCH_MAX_MB\)/);
    expect(store.papers.count()).toBe(0);
    store.close();
  });

  it('GIVEN Retry-After within the cap THEN the retry waits as asked', async () => {
    server.script('/busy', { status: 503, headers: { 'retry-after': '2' } }, { body: 'ok' });
    const waits: number[] = [];
    expect(await fetchText(`${server.url}/busy`, quick({ sleep: async (ms) => void waits.push(ms) }))).toBe('ok');
    expect(waits).toEqual([2_000]);
  });

  it('GIVEN Retry-After beyond the cap THEN it gives up at once instead of asking again early', async () => {
    server.script('/closed-for-an-hour', { status: 429, headers: { 'retry-after': '3600' } }, { body: 'ok' });
    const waits: number[] = [];
    const asked = server.requests.length;
    await expect(
      fetchText(`${server.url}/closed-for-an-hour`, quick({ sleep: async (ms) => void waits.push(ms), maxRetryAfterMs: 60_000 })),
    ).rejects.toThrow(/HTTP 429 .*asks to wait 3600 s/);
    expect(server.requests.length - asked).toBe(1);
    expect(waits).toEqual([]);
  });

  for (const code of ['ENOTFOUND', 'EAI_AGAIN']) {
    it(`GIVEN a host name that does not resolve (${code}) THEN it is asked once, not retried`, async () => {
      let calls = 0;
      // What Node's fetch (undici) throws when the name lookup fails.
      const lookupFails = (async () => {
        calls += 1;
        throw new TypeError('fetch failed', { cause: Object.assign(new Error(`getaddrinfo ${code} hf.example`), { code }) });
      }) as typeof fetch;
      await expect(fetchText('http://hf.example/api/daily_papers', quick({ fetch: lookupFails, retries: 9 }))).rejects.toThrow(
        `unreachable (${code}): the host name could not be looked up`,
      );
      expect(calls).toBe(1);
    });
  }
});

describe('which URLs a refresh fetches', () => {
  it('GIVEN the defaults THEN HF is asked for yesterday and today, and an arXiv feed once', () => {
    const { sources } = loadConfig({
      PAPERBOY_SOURCES: 'hf,arxiv:cs.LG',
      HF_API_URL: 'http://hf.test/api',
      ARXIV_RSS_URL: 'http://rss.test/rss',
    });
    expect(sources.fetchDays).toBe(2);
    expect(sourceTargets(sources, '2026-03-01', sources.fetchDays)).toEqual([
      { url: 'http://hf.test/api/daily_papers?date=2026-02-28&limit=100', name: 'HF Daily Papers' },
      { url: 'http://hf.test/api/daily_papers?date=2026-03-01&limit=100', name: 'HF Daily Papers' },
      { url: 'http://rss.test/rss/cs.LG', name: 'arXiv cs.LG' },
    ]);
  });

  it('GIVEN PAPERBOY_FETCH_DAYS THEN it sets the look-back, and 0 is refused', () => {
    const { sources } = loadConfig({ PAPERBOY_FETCH_DAYS: '3', HF_API_URL: 'http://hf.test/api' });
    expect(sourceTargets(sources, '2026-03-26', sources.fetchDays).map((t) => t.url.slice(-25))).toEqual([
      'date=2026-03-24&limit=100',
      'date=2026-03-25&limit=100',
      'date=2026-03-26&limit=100',
    ]);
    expect(() => loadConfig({ PAPERBOY_FETCH_DAYS: '0' })).toThrow(/PAPERBOY_FETCH_DAYS must be a whole number from 1 to 14; got “0”/);
  });
});
