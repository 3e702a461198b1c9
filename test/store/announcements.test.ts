import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { sharedNewPapers } from '../../src/core/digest.ts';
import { parseListing } from '../../src/sources/detect.ts';
import { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const RSS = fixture('arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml');
const ids = (papers: readonly { arxivId: string | null }[]) => papers.map((p) => p.arxivId).sort();

describe('arXiv replacements and cross-lists in the store', () => {
  let store: Store;
  afterEach(() => store?.close());

  for (const [name, path] of [
    ['RSS', 'arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml'],
    ['Atom', 'arxiv/rss-atom_cs.LG+cs.AI+cs.CL+stat.ML.xml'],
  ]) {
    it(`GIVEN the daily feed (${name}) THEN only its new papers are the day's new papers`, () => {
      store = Store.open(':memory:');
      store.papers.ingestListing(parseListing(fixture(path as string)), 'feed', 'h');
      expect(store.papers.count()).toBe(4);
      expect(ids(store.digestQueries.newInListing('2026-09-24'))).toEqual(['2609.26811', '2609.26820']);
      expect(ids(store.digestQueries.firstSeenSince('2000-01-01T00:00:00Z'))).toEqual(['2609.26811', '2609.26820']);
    });
  }

  it('GIVEN a paper announced new THEN its replacement the next day moves neither its date nor its listing day', () => {
    store = Store.open(':memory:');
    store.papers.ingestListing(parseListing(RSS), 'feed', 'h1');
    const nextDay = RSS.replaceAll('Thu, 24 Sep 2026', 'Fri, 25 Sep 2026')
      .replace('arXiv:2609.26811v1 Announce Type: new', 'arXiv:2609.26811v2 Announce Type: replace')
      .replace('oai:arXiv.org:2609.26811v1', 'oai:arXiv.org:2609.26811v2')
      .replace('<arxiv:announce_type>new</arxiv:announce_type>', '<arxiv:announce_type>replace</arxiv:announce_type>');
    store.papers.ingestListing(parseListing(nextDay), 'feed', 'h2');
    const paper = store.papers.getByArxivId('2609.26811')!;
    expect(paper).toMatchObject({ publishedAt: '2026-09-24', lastListedOn: '2026-09-24' });
    expect(ids(store.digestQueries.newInListing('2026-09-25'))).toEqual([]);
    expect(store.digestQueries.topInPeriod({ from: '2026-09-25', limit: 10 }).map((p) => p.arxivId)).not.toContain('2609.26811');
  });

  it('GIVEN an old paper first seen as a replacement THEN it gets no date from the feed', () => {
    store = Store.open(':memory:');
    store.papers.ingestListing(parseListing(RSS), 'feed', 'h');
    expect(store.papers.getByArxivId('2009.13987')).toMatchObject({ publishedAt: null, lastListedOn: null });
    expect(store.papers.getByArxivId('2205.06398')).toMatchObject({ publishedAt: null, lastListedOn: '2026-09-24' });
  });

  it('GIVEN a cross-list THEN a listing of the paper as new (arXiv or HF) makes it new', () => {
    store = Store.open(':memory:');
    const cross = parsed({ title: 'Cross', arxivId: '2609.00001', announceType: 'cross' });
    const hf = parsed({ title: 'Cross', arxivId: '2609.00001', upvotes: 9 });
    const replaced = parsed({ title: 'Old', arxivId: '2001.00001', announceType: 'replace' });
    store.papers.ingestListing(listing('arxiv-rss', '2026-09-24', [cross, replaced]), 'cs.LG', 'h1');
    expect(store.digestQueries.newInListing('2026-09-24')).toEqual([]);
    store.papers.ingestListing(listing('hf-json', '2026-09-24', [hf, parsed({ title: 'Old', arxivId: '2001.00001' })]), 'hf', 'h2');
    expect(ids(store.digestQueries.newInListing('2026-09-24'))).toEqual(['2001.00001', '2609.00001']);
  });
});

describe('a file spanning several days', () => {
  let store: Store;
  afterEach(() => store?.close());

  it('GIVEN an HF week file THEN each day is stored as its own listing and can be replayed', () => {
    store = Store.open(':memory:');
    const week = parseListing(fixture('hf/week-2026-W24.json'));
    expect(store.papers.ingestListing(week, 'week.json', 'h')).toEqual({ new: 30, updated: 0, unchanged: 0 });
    expect(store.digestQueries.latestListingDate()).toBe('2026-06-12');
    const perDay = ['2026-06-10', '2026-06-11', '2026-06-12'].map((day) => store.digestQueries.newInListing(day).length);
    expect(perDay).toEqual([3, 8, 19]);
    expect(store.papers.getByArxivId('2606.00467')?.lastListedOn).toBe('2026-06-10');
    expect(store.papers.ingestListing(week, 'week.json', 'h')).toEqual({ new: 0, updated: 0, unchanged: 30 });
  });

  it('GIVEN a channel that counts cross-lists in THEN the cross-list is new for it, and replacements never are', () => {
    store = Store.open(':memory:');
    const cross = parsed({ title: 'Cross', arxivId: '2609.00001', announceType: 'cross' });
    const replaced = parsed({ title: 'Old', arxivId: '2001.00001', announceType: 'replace' });
    store.papers.ingestListing(listing('arxiv-rss', '2026-09-24', [cross, replaced]), 'cs.LG', 'h1');
    expect(ids(store.digestQueries.newInListing('2026-09-24', { crossLists: true }))).toEqual(['2609.00001']);
    expect(ids(store.digestQueries.firstSeenSince('2000-01-01T00:00:00Z', { crossLists: true }))).toEqual(['2609.00001']);
    expect(store.digestQueries.newInListing('2026-09-24', { crossLists: false })).toEqual([]);
  });

  it('GIVEN two channels, one counting cross-lists in THEN one scheduler read serves both, each its own papers', async () => {
    store = Store.open(':memory:');
    const cross = parsed({ title: 'Cross', arxivId: '2609.00001', announceType: 'cross' });
    const fresh = parsed({ title: 'Fresh', arxivId: '2609.00002', announceType: 'new' });
    store.papers.ingestListing(listing('arxiv-rss', '2026-09-24', [cross, fresh]), 'cs.LG', 'h1');
    const shared = sharedNewPapers(store, () => new Date('2026-09-25T08:00:00Z'));
    expect(ids((await shared.since('2000-01-01T00:00:00Z', false)).papers)).toEqual(['2609.00002']);
    expect(ids((await shared.since('2000-01-01T00:00:00Z', true)).papers)).toEqual(['2609.00001', '2609.00002']);
  });
});
