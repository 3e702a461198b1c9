import { expect, it } from 'vitest';
import { parseQuery } from '../../../src/core/query.ts';
import type { SharedStore } from '../../../src/store/contract.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { describeContract } from './stores.ts';

const ids = async (store: SharedStore, text: string, limit = 20) =>
  (await store.search.find(parseQuery(text), limit)).papers.map((p) => p.arxivId);
const sorted = async (store: SharedStore, text: string) => (await ids(store, text)).sort();

const PAPERS = [
  parsed({
    arxivId: '2601.00001',
    title: 'Sparse attention for long documents',
    abstract: 'We make transformers read long documents.',
    authors: ['Ada Lovelace'],
    organization: { slug: 'deepmind', name: 'DeepMind' },
    publishedAt: '2026-01-05',
  }),
  parsed({
    arxivId: '2601.00002',
    title: 'Dense retrieval with language models',
    abstract: 'Large language models retrieve documents; attention is not needed.',
    authors: ['Grace Hopper'],
    publishedAt: '2025-06-01',
  }),
  parsed({
    arxivId: '2601.00003',
    title: 'Kernel methods, revisited',
    abstract: 'Schölkopf style kernels meet attention.',
    authors: ['Bernhard Schölkopf'],
    organization: { slug: 'mpi', name: 'Max Planck' },
    publishedAt: '2024-03-01',
  }),
  parsed({
    arxivId: '2601.00004',
    title: 'GPT-4 evaluations in the wild',
    abstract: 'We evaluate GPT-4 against naïve baselines.',
    authors: ['Alan Turing', 'Ada Smith'],
    publishedAt: '2023-02-01',
  }),
  parsed({
    arxivId: '2601.00005',
    title: '変換器の研究',
    abstract: 'ニューラル 変換器 について。',
    authors: ['山田 太郎'],
    publishedAt: '2022-01-01',
  }),
  parsed({ arxivId: '2601.00006', title: 'Language of models', abstract: 'A large survey of language and models.', publishedAt: null }),
  parsed({
    arxivId: '2601.00007',
    title: 'DeepMind reviews',
    abstract: 'A reviewer named Lovelace appears in this abstract.',
    authors: ['Someone Else'],
  }),
];

async function seeded(open: () => Promise<SharedStore>): Promise<SharedStore> {
  const store = await open();
  await store.papers.ingestListing(listing('hf-json', null, PAPERS), 'seed', 'h', new Date('2026-02-01T00:00:00Z'));
  return store;
}

describeContract('search contract', (open) => {
  it('GIVEN a word THEN every paper with it matches, the one with it in its title first', async () => {
    const store = await seeded(open);
    expect((await ids(store, 'attention'))[0]).toBe('2601.00001');
    expect(await sorted(store, 'attention')).toEqual(['2601.00001', '2601.00002', '2601.00003']);
    expect(await store.search.find(parseQuery('attention'), 1)).toMatchObject({ total: 3, totalCapped: false });
    expect(await ids(store, 'nonexistentword')).toEqual([]);
  });

  it('GIVEN a phrase THEN only its words in a row match; bare words match anywhere', async () => {
    const store = await seeded(open);
    expect(await sorted(store, '"language models"')).toEqual(['2601.00002']);
    expect(await sorted(store, 'language models')).toEqual(['2601.00002', '2601.00006']);
    expect(await sorted(store, '"GPT-4"')).toEqual(['2601.00004']);
    expect(await sorted(store, 'gpt 4')).toEqual(['2601.00004']);
  });

  it('GIVEN exclusions, OR and prefixes THEN they narrow and widen as on SQLite', async () => {
    const store = await seeded(open);
    expect(await sorted(store, 'attention -kernels')).toEqual(['2601.00001', '2601.00002']);
    expect(await sorted(store, 'attention -author:lovelace')).toEqual(['2601.00002', '2601.00003']);
    expect(await sorted(store, 'attention -title:sparse')).toEqual(['2601.00002', '2601.00003']);
    expect(await sorted(store, 'kernel OR gpt')).toEqual(['2601.00003', '2601.00004']);
    expect(await sorted(store, 'evaluat*')).toEqual(['2601.00004']);
  });

  it('GIVEN author:, org: and title: THEN each looks in its own field only', async () => {
    const store = await seeded(open);
    expect(await sorted(store, 'author:lovelace')).toEqual(['2601.00001']);
    expect(await sorted(store, 'lovelace')).toEqual(['2601.00001', '2601.00007']);
    expect(await sorted(store, 'author:"ada lovelace"')).toEqual(['2601.00001']);
    expect(await sorted(store, 'author:ada')).toEqual(['2601.00001', '2601.00004']);
    expect(await sorted(store, 'org:deepmind')).toEqual(['2601.00001']);
    expect(await sorted(store, 'org:"max planck"')).toEqual(['2601.00003']);
    expect(await sorted(store, 'title:attention')).toEqual(['2601.00001']);
    expect(await sorted(store, 'title:documents')).toEqual(['2601.00001']);
  });

  it('GIVEN since: and before: THEN the publication date bounds the matches (the first-seen day when it is unknown)', async () => {
    const store = await seeded(open);
    expect(await sorted(store, 'language since:2026-01-01')).toEqual(['2601.00006']);
    expect(await sorted(store, 'attention before:2025-01-01')).toEqual(['2601.00003']);
    expect(await sorted(store, 'attention since:2025-01-01 before:2026-01-01')).toEqual(['2601.00002']);
  });

  it('GIVEN non-ASCII text THEN diacritics fold both ways and CJK words match whole', async () => {
    const store = await seeded(open);
    expect(await sorted(store, 'author:scholkopf')).toEqual(['2601.00003']);
    expect(await sorted(store, 'Schölkopf')).toEqual(['2601.00003']);
    expect(await sorted(store, 'naive')).toEqual(['2601.00004']);
    expect(await sorted(store, 'NAÏVE')).toEqual(['2601.00004']);
    expect(await sorted(store, '変換器')).toEqual(['2601.00005']);
    expect(await sorted(store, 'author:山田')).toEqual(['2601.00005']);
  });

  it('GIVEN a query of only stop characters THEN it is refused before the store; around a word they change nothing', async () => {
    const store = await seeded(open);
    expect(() => parseQuery('*** — !! 🙂')).toThrow(/nothing to search for/);
    expect(await ids(store, '— *** attention !! 🙂')).toEqual(await ids(store, 'attention'));
    expect(await sorted(store, '"—" attention "🙂"')).toEqual(['2601.00001', '2601.00002', '2601.00003']);
  });

  it('GIVEN a broad query THEN only its newest 1000 matches are ranked, and the count stops there', async () => {
    const store = await open();
    // The 200 oldest have the word in their titles (the best matches by relevance), yet are never reached.
    const papers = Array.from({ length: 1200 }, (_, i) =>
      parsed({
        arxivId: `2501.${String(i).padStart(5, '0')}`,
        title: i < 200 ? `Common ground ${i}` : `Paper ${i}`,
        abstract: `A common abstract, number ${i}.`,
        publishedAt: '2025-01-15',
      }),
    );
    await store.papers.ingestListing(listing('hf-json', null, papers), 'bulk', 'h');
    const broad = await store.search.find(parseQuery('common'), 50);
    expect(broad).toMatchObject({ total: 1000, totalCapped: true });
    expect(broad.papers).toHaveLength(50);
    expect(broad.papers.every((p) => Number(p.arxivId!.slice(5)) >= 200)).toBe(true);
    const narrow = await store.search.find(parseQuery('title:common'), 5);
    expect(narrow).toMatchObject({ total: 200, totalCapped: false });
    expect(narrow.papers.every((p) => Number(p.arxivId!.slice(5)) < 200)).toBe(true);
  });
});
