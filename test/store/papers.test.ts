import { afterEach, describe, expect, it } from 'vitest';
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
});
