import { afterEach, describe, expect, it } from 'vitest';
import { TEXT_CAPS } from '../../src/store/papers.ts';
import { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';

describe('PaperRepo merge', () => {
  let store: Store;
  afterEach(() => store?.close());

  it('GIVEN a text-page paper THEN a JSON listing of the same paper adds its arXiv id and authors without erasing anything', () => {
    store = Store.open(':memory:');
    const fromText = parsed({
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      authorCount: 4,
      organization: { slug: 'nvidia', name: 'NVIDIA' },
      publishedAt: '2026-06-11',
      upvotes: 12,
    });
    store.papers.ingestListing(listing('hf-text', '2026-06-12', [fromText]), 'page.txt', 'h1');
    const fromJson = parsed({
      title: 'Mana:  Dexterous Manipulation of Articulated  Tools',
      authors: ['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu'],
      authorCount: 4,
      arxivId: '2606.13677',
      url: 'https://huggingface.co/papers/2606.13677',
      upvotes: 20,
      keywords: ['dexterous manipulation'],
    });
    const counts = store.papers.ingestListing(listing('hf-json', '2026-06-13', [fromJson]), 'api.json', 'h2');
    expect(counts).toEqual({ new: 0, updated: 1, unchanged: 0 });
    expect(store.papers.count()).toBe(1);
    const paper = store.papers.getByArxivId('2606.13677')!;
    expect(paper.authors).toEqual(['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu']);
    expect(paper.organization).toEqual({ slug: 'nvidia', name: 'NVIDIA' });
    expect(paper.publishedAt).toBe('2026-06-11');
    expect(paper.upvotes).toBe(20);
    expect(paper.keywords).toEqual(['dexterous manipulation']);
    expect(paper.lastListedOn).toBe('2026-06-13');
    expect(store.papers.appearances(paper.id).map((a) => a.source)).toEqual(['hf-json', 'hf-text']);
  });

  it('GIVEN an arXiv feed without upvotes THEN the HF upvotes are kept', () => {
    store = Store.open(':memory:');
    store.papers.ingestListing(listing('hf-json', '2026-06-13', [parsed({ title: 'A', arxivId: '2606.00001', upvotes: 50 })]), 'a', 'h1');
    store.papers.ingestListing(
      listing('arxiv-atom', '2026-06-14', [parsed({ title: 'A', arxivId: '2606.00001', categories: ['cs.LG'] })]),
      'b',
      'h2',
    );
    const paper = store.papers.getByArxivId('2606.00001')!;
    expect(paper.upvotes).toBe(50);
    expect(paper.categories).toEqual(['cs.LG']);
  });

  it('GIVEN the same listing twice THEN the second time changes nothing', () => {
    store = Store.open(':memory:');
    const papers = [parsed({ title: 'One', upvotes: 3 }), parsed({ title: 'Two', upvotes: 4 })];
    expect(store.papers.ingestListing(listing('hf-text', '2025-12-18', papers), 'f', 'h')).toEqual({ new: 2, updated: 0, unchanged: 0 });
    expect(store.papers.ingestListing(listing('hf-text', '2025-12-18', papers), 'f', 'h')).toEqual({ new: 0, updated: 0, unchanged: 2 });
    expect(store.papers.count()).toBe(2);
  });

  it('GIVEN two papers with the same title but different arXiv ids THEN they stay two papers', () => {
    store = Store.open(':memory:');
    store.papers.ingestListing(
      listing('hf-json', null, [
        parsed({ title: 'Attention', arxivId: '1706.03762' }),
        parsed({ title: 'Attention', arxivId: '2501.00001' }),
      ]),
      'a',
      'h',
    );
    expect(store.papers.count()).toBe(2);
  });

  it('GIVEN a failure part-way through a listing THEN nothing of that listing is stored', () => {
    store = Store.open(':memory:');
    const bad = parsed({ title: 'Broken' }) as unknown as Record<string, unknown>;
    bad.title = null;
    const papers = [parsed({ title: 'Good one' }), parsed({ title: 'Good two' }), bad as never];
    expect(() => store.papers.ingestListing(listing('hf-text', '2025-12-18', papers), 'f', 'h')).toThrow();
    expect(store.papers.count()).toBe(0);
    expect(store.db.prepare('SELECT count(*) AS n FROM listings').get()).toEqual({ n: 0 });
  });

  it('keeps the full-text index in step with the table', () => {
    store = Store.open(':memory:');
    store.papers.ingestListing(
      listing('hf-json', null, [parsed({ title: 'Diffusion for robots', authors: ['Ada Lovelace'], arxivId: '2601.00001' })]),
      'a',
      'h1',
    );
    const match = (q: string) => store.db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?').all(q).length;
    expect(match('lovelace')).toBe(1);
    store.papers.ingestListing(
      listing('hf-json', null, [parsed({ title: 'Diffusion for robots', arxivId: '2601.00001', keywords: ['locomotion'] })]),
      'b',
      'h2',
    );
    expect(match('locomotion')).toBe(1);
    expect(match('diffusion')).toBe(1);
  });

  it('GIVEN a paper listed again with more votes, from a later or an older file THEN its upvotes rise and never fall', () => {
    store = Store.open(':memory:');
    const vote = (date: string, upvotes: number, source: 'hf-json' | 'hf-text' = 'hf-json') =>
      store.papers.ingestListing(
        listing(source, date, [parsed({ title: 'Votes', arxivId: '2606.00009', upvotes })]),
        `${date}-${upvotes}`,
        `h${upvotes}`,
      );
    vote('2026-06-12', 3);
    vote('2026-06-13', 7);
    expect(store.papers.getByArxivId('2606.00009')!.upvotes).toBe(7);
    // Yesterday's listing fetched again today: its votes went on growing.
    vote('2026-06-12', 19);
    expect(store.papers.getByArxivId('2606.00009')!.upvotes).toBe(19);
    vote('2026-06-14', 11, 'hf-text');
    expect(store.papers.getByArxivId('2606.00009')!.upvotes).toBe(19);
  });

  it('GIVEN a replacement announced later THEN the paper keeps its first announcement and first-seen dates', () => {
    store = Store.open(':memory:');
    store.papers.ingestListing(
      listing('arxiv-rss', '2026-06-10', [
        parsed({ title: 'First', arxivId: '2606.00010', publishedAt: '2026-06-10', announceType: 'new' }),
      ]),
      'rss-10',
      'h1',
      new Date('2026-06-10T07:00:00Z'),
    );
    store.papers.ingestListing(
      listing('arxiv-rss', '2026-06-20', [
        parsed({ title: 'First', arxivId: '2606.00010', publishedAt: '2026-06-20', announceType: 'replace' }),
      ]),
      'rss-20',
      'h2',
      new Date('2026-06-20T07:00:00Z'),
    );
    let paper = store.papers.getByArxivId('2606.00010')!;
    expect(paper.publishedAt).toBe('2026-06-10');
    expect(paper.firstSeenAt).toBe('2026-06-10T07:00:00.000Z');
    // A source that knows an earlier announcement (the paper first came in as a replacement) moves it back.
    store.papers.ingestListing(
      listing('arxiv-atom', null, [parsed({ title: 'First', arxivId: '2606.00010', publishedAt: '2026-06-02' })]),
      'api',
      'h3',
    );
    paper = store.papers.getByArxivId('2606.00010')!;
    expect(paper.publishedAt).toBe('2026-06-02');
    expect(paper.firstSeenAt).toBe('2026-06-10T07:00:00.000Z');
  });

  it('GIVEN a paper stored from a truncated copy THEN the intact listing repairs its abstract and title, and a different text does not replace it', () => {
    store = Store.open(':memory:');
    const full =
      'We study sparse attention for long documents. It scales linearly and matches dense attention on every benchmark we tried.';
    store.papers.ingestListing(
      listing('hf-text', '2026-06-12', [
        parsed({ title: 'Sparse attention for long', abstract: 'We study sparse attention for long documents. It sca' }),
      ]),
      'cut.txt',
      'h1',
    );
    const counts = store.papers.ingestListing(
      listing('hf-text', '2026-06-12', [parsed({ title: 'Sparse attention for long', abstract: full })]),
      'intact.txt',
      'h2',
    );
    expect(counts).toEqual({ new: 0, updated: 1, unchanged: 0 });
    const [paper] = store.papers.findByTitle('sparse attention');
    expect(paper!.abstract).toBe(full);
    const match = (q: string) => store.db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?').all(q).length;
    expect(match('benchmark')).toBe(1);
    store.papers.ingestListing(
      listing('hf-text', '2026-06-13', [
        parsed({ title: 'Sparse attention for long', abstract: 'Another, longer abstract that says something else entirely about it.' }),
      ]),
      'other.txt',
      'h3',
    );
    expect(store.papers.findByTitle('sparse attention')[0]!.abstract).toBe(full);
    // A title clipped with an ellipsis is repaired too, and the paper is still found by its full title.
    store.papers.ingestListing(listing('hf-json', null, [parsed({ title: 'Clipped title…', arxivId: '2606.00011' })]), 'a', 'h4');
    store.papers.ingestListing(
      listing('hf-json', null, [parsed({ title: 'Clipped title that goes on', arxivId: '2606.00011' })]),
      'b',
      'h5',
    );
    expect(store.papers.getByArxivId('2606.00011')!.title).toBe('Clipped title that goes on');
    expect(store.db.prepare('SELECT title_key FROM papers WHERE arxiv_id = ?').pluck().get('2606.00011')).toBe(
      'clipped title that goes on',
    );
  });

  it('GIVEN a 200 KB abstract and a 5,000-character title THEN both are stored cut to their caps and the counts say what was trimmed', () => {
    store = Store.open(':memory:');
    const abstract = 'word '.repeat(40_000);
    const title = 'T'.repeat(5_000);
    const counts = store.papers.ingestListing(listing('hf-json', null, [parsed({ title, abstract, arxivId: '2606.00012' })]), 'big', 'h');
    expect(counts.trimmed).toEqual([
      { paper: '2606.00012', field: 'title', length: 5_000 },
      { paper: '2606.00012', field: 'abstract', length: 200_000 },
    ]);
    const paper = store.papers.getByArxivId('2606.00012')!;
    expect(paper.abstract.length).toBeLessThanOrEqual(TEXT_CAPS.abstract);
    expect(paper.abstract.endsWith('…')).toBe(true);
    expect(paper.title.length).toBeLessThanOrEqual(TEXT_CAPS.title);
    // The same file again changes nothing.
    expect(
      store.papers.ingestListing(listing('hf-json', null, [parsed({ title, abstract, arxivId: '2606.00012' })]), 'big', 'h').unchanged,
    ).toBe(1);
  });

  it('GIVEN a listing of 2,500 new papers THEN each is stored with its own fields, linked at its own position, and found by its own words', () => {
    store = Store.open(':memory:');
    const papers = Array.from({ length: 2_500 }, (_, i) =>
      parsed({
        title: `Paper number ${i}`,
        abstract: `About topic${i}.`,
        arxivId: `2601.${String(i).padStart(5, '0')}`,
        upvotes: i % 7,
        authorCount: 1 + (i % 3),
        authors: [`Author ${i}`],
        keywords: i % 2 ? [`kw${i}`] : [],
      }),
    );
    expect(store.papers.ingestListing(listing('hf-json', '2026-01-05', papers), 'many.json', 'h')).toEqual({
      new: 2_500,
      updated: 0,
      unchanged: 0,
    });
    for (const i of [0, 999, 1_000, 1_001, 1_999, 2_000, 2_499]) {
      const paper = store.papers.getByArxivId(`2601.${String(i).padStart(5, '0')}`)!;
      expect(paper).toMatchObject({ title: `Paper number ${i}`, upvotes: i % 7, authorCount: 1 + (i % 3), authors: [`Author ${i}`] });
      expect(store.papers.appearances(paper.id)).toMatchObject([{ position: i + 1 }]);
      const hits = store.db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?').pluck().all(`topic${i}`);
      expect(hits).toEqual([paper.id]);
    }
  });

  it('GIVEN a bulk load THEN FTS5 merges nothing while its checkpoint is stored, and its documented defaults are back after its last batch or the next listing', () => {
    store = Store.open(':memory:');
    // The test reads FTS5's settings where it keeps them; paperboy itself never does.
    const merging = () =>
      ['automerge', 'crisismerge'].map((k) => store.db.prepare('SELECT v FROM papers_fts_config WHERE k = ?').pluck().get(k));
    const batch = (i: number) => [parsed({ title: `Bulk paper ${i}`, arxivId: `2601.0000${i}` })];
    const checkpoint = { identity: 'f', origin: 'f.jsonl', offset: 10, line: 1, papers: 1 };
    const seenAt = new Date('2026-01-02T00:00:00Z');
    store.papers.ingestBatch(batch(1), 'arxiv-metadata', { seenAt, checkpoint });
    expect(merging()).toEqual([0, 1999]);
    store.papers.ingestBatch(batch(2), 'arxiv-metadata', { seenAt, finished: { identity: 'f', origin: 'f.jsonl', papers: 2 } });
    expect(merging()).toEqual([4, 16]);
    // Killed after a batch: the next ingest of a listing puts the defaults back.
    store.papers.ingestBatch(batch(3), 'arxiv-metadata', { seenAt, checkpoint: { ...checkpoint, identity: 'g' } });
    expect(merging()).toEqual([0, 1999]);
    store.papers.ingestListing(listing('hf-json', '2026-01-05', [parsed({ title: 'A daily paper' })]), 'daily.json', 'h');
    expect(merging()).toEqual([4, 16]);
  });
});
