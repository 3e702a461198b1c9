import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { Store } from '../../src/store/store.ts';
import { startListingServer } from '../fakes/listing-server.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const LISTING = join(FIXTURES, 'listings', '000_72b6e51614c0c197.txt');
const dir = mkdtempSync(join(tmpdir(), 'paperboy-ingest-'));
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const fastFetch = { timeoutMs: 2000, retries: 2, sleep: async () => {} };

describe('ingest', () => {
  let store: Store;
  let server: Awaited<ReturnType<typeof startListingServer>>;
  beforeAll(async () => {
    server = await startListingServer();
  });
  afterAll(() => server.close());
  afterEach(() => store?.close());

  it('GIVEN every listing and fixture ingested twice THEN the paper count does not change the second time', async () => {
    store = Store.open(':memory:');
    const first = await ingestTargets(store, [join(FIXTURES, 'listings'), join(FIXTURES, 'hf'), join(FIXTURES, 'arxiv')]);
    expect(first.totals.failed).toBe(0);
    expect(first.totals.files).toBeGreaterThanOrEqual(6);
    const count = store.papers.count();
    expect(count).toBeGreaterThan(166);
    const second = await ingestTargets(store, [join(FIXTURES, 'listings'), join(FIXTURES, 'hf'), join(FIXTURES, 'arxiv')]);
    expect(second.totals.new).toBe(0);
    expect(second.totals.updated).toBe(0);
    expect(store.papers.count()).toBe(count);
  });

  const badInputs: [string, string | Buffer, RegExp][] = [
    ['empty.txt', '', /empty/i],
    ['binary.txt', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02, 0xff, 0x00, 0x10]), /binary/i],
    ['error.txt', '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>Bad gateway</body></html>', /html/i],
    ['other.json', '{"error":"rate limited"}', /daily_papers|expected/i],
  ];
  for (const [name, content, message] of badInputs) {
    it(`GIVEN ${name} THEN a clear error names the file and the store is unchanged`, async () => {
      store = Store.open(':memory:');
      await ingestTargets(store, [LISTING]);
      const before = store.papers.count();
      const path = write(name, content);
      const report = await ingestTargets(store, [path]);
      expect(report.targets[0]!.error).toMatch(message);
      expect(report.targets[0]!.error).toContain(name);
      expect(store.papers.count()).toBe(before);
    });
  }

  it('GIVEN a truncated card THEN the good cards are kept and the bad one is reported with its line', async () => {
    store = Store.open(':memory:');
    const text = readFileSync(LISTING, 'utf8');
    const cut = text.slice(0, text.indexOf('\n', text.lastIndexOf('PAL: Pluralistic')) + 1);
    const report = await ingestTargets(store, [write('truncated.txt', cut)]);
    const target = report.targets[0]!;
    expect(target.error).toBeUndefined();
    expect(target.papers).toBe(54);
    expect(target.problems).toHaveLength(1);
    expect(target.problems[0]!.line).toBe(cut.split('\n').length - 1);
    expect(store.papers.count()).toBe(54);
  });

  it('GIVEN CRLF line ends and a BOM THEN the listing reads the same', async () => {
    store = Store.open(':memory:');
    const text = readFileSync(LISTING, 'utf8');
    const report = await ingestTargets(store, [write('crlf.txt', `\uFEFF${text.replace(/\n/g, '\r\n')}`)]);
    expect(report.targets[0]!.papers).toBe(55);
    expect(report.targets[0]!.listingDate).toBe('2025-12-18');
  });

  it('GIVEN an HF API URL THEN it is fetched and stored; 429 and 500 are retried', async () => {
    store = Store.open(':memory:');
    const body = readFileSync(join(FIXTURES, 'hf', 'sotawhat_hf_daily_papers.json'), 'utf8');
    server.script('/api/daily_papers', { status: 429, headers: { 'retry-after': '0' } }, { status: 500 }, { status: 200, body });
    const report = await ingestTargets(store, [`${server.url}/api/daily_papers?date=2026-06-12`], { fetch: fastFetch });
    expect(report.targets[0]!.error).toBeUndefined();
    expect(report.targets[0]!.papers).toBe(30);
    expect(server.requests.filter((r) => r.path.startsWith('/api/daily_papers'))).toHaveLength(3);
  });

  it('GIVEN a URL that keeps failing THEN the error says so and nothing is stored', async () => {
    store = Store.open(':memory:');
    server.script('/api/broken', { status: 503 });
    const report = await ingestTargets(store, [`${server.url}/api/broken`], { fetch: fastFetch });
    expect(report.targets[0]!.error).toMatch(/HTTP 503.*gave up after 3 attempts/);
    expect(report.targets[0]!.error).toContain('/api/broken');
    expect(store.papers.count()).toBe(0);
  });

  it('GIVEN an unreachable URL THEN the error says it is unreachable', async () => {
    store = Store.open(':memory:');
    const closed = await startListingServer();
    await closed.close();
    const report = await ingestTargets(store, [`${closed.url}/daily_papers`], { fetch: fastFetch });
    expect(report.targets[0]!.error).toMatch(/unreachable \(ECONNREFUSED\)/);
  });

  it('GIVEN a missing file THEN the error names it', async () => {
    store = Store.open(':memory:');
    const report = await ingestTargets(store, [join(dir, 'nope.txt')]);
    expect(report.targets[0]!.error).toMatch(/nope\.txt: no such file/);
  });
});
