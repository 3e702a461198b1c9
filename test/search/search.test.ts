import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/query.ts';
import { search } from '../../src/core/search.ts';
import { SCORED } from '../../src/search/find.ts';
import { searcherFor } from '../../src/search/searcher.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';

const ingest = (store: Store, papers: ParsedPaper[]) =>
  store.papers.ingestListing(listing('hf-json', null, papers), 'test', String(Math.random()));
const titles = async (store: Store, text: string) => (await search(store, text, { limit: 5 })).papers.map((p) => p.title);

describe('search ranks FTS5 matches', () => {
  it('counts up to SCORED matches and says "more" beyond, while a rare word still reaches the oldest paper', async () => {
    const store = Store.open(':memory:');
    ingest(store, [parsed({ title: 'Oldest paper', abstract: 'common words and one zanzibarite.' })]);
    ingest(
      store,
      Array.from({ length: SCORED + 5 }, (_, i) => parsed({ title: `Paper ${i}`, abstract: 'common words only.' })),
    );
    expect(await search(store, 'common', { limit: 3 })).toMatchObject({ total: SCORED, totalCapped: true });
    expect(await titles(store, 'zanzibarite')).toEqual(['Oldest paper']);
    expect(await search(store, 'zanzibarite', { limit: 3 })).toMatchObject({ total: 1 });
  });

  it('ranks the newest matches of a broad query by the columns their words are in, a title first', async () => {
    const store = Store.open(':memory:');
    const papers = Array.from({ length: SCORED + 5 }, (_, i) =>
      parsed({ title: `Paper ${i}`, abstract: 'Common words, popular too.', upvotes: 50 }),
    );
    papers[SCORED - 10] = parsed({ title: 'Common ground', abstract: 'Words.' });
    ingest(store, papers);
    const result = await search(store, 'common', { limit: 3 });
    expect(result.totalCapped).toBe(true);
    expect(result.papers[0]?.title).toBe('Common ground');
  });

  it('meets date bounds from the date index, for a few dated papers and for many', async () => {
    const store = Store.open(':memory:');
    const day = (i: number) => `2020-0${1 + (i % 9)}-15`;
    ingest(
      store,
      Array.from({ length: 6000 }, (_, i) =>
        parsed({ title: `Paper ${i}`, abstract: i % 2 ? 'common words' : 'other words', publishedAt: day(i) }),
      ),
    );
    const march = await search(store, 'common since:2020-03-01 before:2020-04-01', { limit: 50 });
    expect(march.papers.length).toBeGreaterThan(0);
    expect(march.papers.every((p) => p.publishedAt === '2020-03-15' && p.abstract === 'common words')).toBe(true);
    expect([march.total, march.totalCapped]).toEqual([333, undefined]);
    const all = await search(store, 'common before:2021-01-01', { limit: 5 });
    expect(all).toMatchObject({ total: SCORED, totalCapped: true });
    expect(all.papers.every((p) => p.abstract === 'common words')).toBe(true);
  });

  it('among equally relevant papers puts the newer first, and lets upvotes lift a paper only among near-equals', async () => {
    const store = Store.open(':memory:');
    ingest(store, [
      parsed({ title: 'Sparse kernels, old', abstract: 'We study sparse kernels.', publishedAt: '2020-01-01' }),
      parsed({ title: 'Sparse kernels, new', abstract: 'We study sparse kernels.', publishedAt: '2026-01-01' }),
      parsed({ title: 'Other things', abstract: 'A popular paper that mentions kernels once.', publishedAt: '2026-01-01', upvotes: 500 }),
    ]);
    expect(await titles(store, 'kernels')).toEqual(['Sparse kernels, new', 'Sparse kernels, old', 'Other things']);
  });
});

describe('the searcher of a store file', () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('searches on worker threads, sees papers ingested a moment before, and stops when the store closes', async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-searcher-'));
    const store = Store.open(join(dir, 'paperboy.db'));
    ingest(store, [parsed({ title: 'Graph transformers' })]);
    expect(await titles(store, 'graph')).toEqual(['Graph transformers']);
    ingest(store, [parsed({ title: 'Graph kernels' })]);
    expect(await titles(store, 'graph kernels')).toEqual(['Graph kernels']);
    const searcher = searcherFor(store);
    store.close();
    await expect(searcher.search(parseQuery('graph'), 5)).rejects.toThrow('search pool closed');
  });
});
