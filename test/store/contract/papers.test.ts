import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseListing } from '../../../src/sources/detect.ts';
import { TEXT_CAPS } from '../../../src/store/papers.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { describeContract } from './stores.ts';

const RSS = readFileSync(new URL('../../fixtures/arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml', import.meta.url), 'utf8');

describeContract('paper store contract', (open) => {
  it('GIVEN a new paper THEN it is stored with every field, by id and by arXiv id', async () => {
    const store = await open();
    const paper = parsed({
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      abstract: 'We study tools.',
      authors: ['Zhao-Heng Yin', 'Guanya Shi'],
      authorCount: 2,
      organization: { slug: 'nvidia', name: 'NVIDIA' },
      publishedAt: '2026-06-11',
      upvotes: 12,
      arxivId: '2606.13677',
      url: 'https://huggingface.co/papers/2606.13677',
      keywords: ['manipulation', 'tools'],
      categories: ['cs.RO'],
      githubRepo: 'https://github.com/x/y',
    });
    expect(
      await store.papers.ingestListing(listing('hf-json', '2026-06-12', [paper]), 'api.json', 'h', new Date('2026-06-12T08:00:00Z')),
    ).toEqual({ new: 1, updated: 0, unchanged: 0 });
    const stored = await store.papers.getByArxivId('2606.13677');
    expect(stored).toMatchObject({
      arxivId: '2606.13677',
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      abstract: 'We study tools.',
      authors: ['Zhao-Heng Yin', 'Guanya Shi'],
      authorCount: 2,
      organization: { slug: 'nvidia', name: 'NVIDIA' },
      publishedAt: '2026-06-11',
      upvotes: 12,
      keywords: ['manipulation', 'tools'],
      categories: ['cs.RO'],
      githubRepo: 'https://github.com/x/y',
      firstSeenAt: '2026-06-12T08:00:00.000Z',
      lastListedOn: '2026-06-12',
    });
    expect(await store.papers.get(stored!.id)).toEqual(stored);
    expect(await store.papers.getByArxivId('2606.99999')).toBeUndefined();
    expect(await store.papers.getMany([stored!.id + 1000, stored!.id])).toEqual([stored]);
    expect(await store.papers.count()).toBe(1);
  });

  it('GIVEN a text-page paper THEN a JSON listing of it adds its arXiv id and authors without erasing anything', async () => {
    const store = await open();
    const fromText = parsed({
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      authorCount: 4,
      organization: { slug: 'nvidia', name: 'NVIDIA' },
      publishedAt: '2026-06-11',
      upvotes: 12,
    });
    await store.papers.ingestListing(listing('hf-text', '2026-06-12', [fromText]), 'page.txt', 'h1');
    const fromJson = parsed({
      title: 'Mana:  Dexterous Manipulation of Articulated  Tools',
      authors: ['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu'],
      arxivId: '2606.13677',
      upvotes: 20,
      keywords: ['dexterous manipulation'],
    });
    expect(await store.papers.ingestListing(listing('hf-json', '2026-06-13', [fromJson]), 'api.json', 'h2')).toEqual({
      new: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(await store.papers.count()).toBe(1);
    const paper = (await store.papers.getByArxivId('2606.13677'))!;
    expect(paper).toMatchObject({
      organization: { slug: 'nvidia', name: 'NVIDIA' },
      publishedAt: '2026-06-11',
      upvotes: 20,
      lastListedOn: '2026-06-13',
    });
    expect(paper.authors).toHaveLength(4);
    expect((await store.papers.appearances(paper.id)).map((a) => [a.source, a.listingDate, a.position])).toEqual([
      ['hf-json', '2026-06-13', 1],
      ['hf-text', '2026-06-12', 1],
    ]);
  });

  it('GIVEN upvotes from HF THEN they only grow: an older file and a feed without votes keep the highest', async () => {
    const store = await open();
    const at = (upvotes: number) => parsed({ title: 'A', arxivId: '2606.00001', upvotes });
    await store.papers.ingestListing(listing('hf-json', '2026-06-13', [at(50)]), 'a', 'h1');
    expect(await store.papers.ingestListing(listing('hf-json', '2026-06-12', [at(20)]), 'b', 'h2')).toMatchObject({ unchanged: 1 });
    await store.papers.ingestListing(
      listing('arxiv-atom', '2026-06-14', [parsed({ title: 'A', arxivId: '2606.00001', categories: ['cs.LG'] })]),
      'c',
      'h3',
    );
    expect(await store.papers.getByArxivId('2606.00001')).toMatchObject({ upvotes: 50, categories: ['cs.LG'], lastListedOn: '2026-06-14' });
    await store.papers.ingestListing(listing('hf-json', '2026-06-15', [at(51)]), 'd', 'h4');
    expect(await store.papers.getByArxivId('2606.00001')).toMatchObject({ upvotes: 51 });
  });

  it('GIVEN a truncated copy THEN the intact one repairs it, and a later truncated one does not cut it again', async () => {
    const store = await open();
    const full = 'We present a method for learning to manipulate articulated tools from few demonstrations.';
    await store.papers.ingestListing(
      listing('hf-text', '2026-06-12', [parsed({ title: 'Tools', arxivId: '2606.00002', abstract: 'We present a method for learning…' })]),
      'a',
      'h1',
    );
    expect(
      await store.papers.ingestListing(
        listing('hf-json', '2026-06-12', [parsed({ title: 'Tools', arxivId: '2606.00002', abstract: full })]),
        'b',
        'h2',
      ),
    ).toMatchObject({ updated: 1 });
    expect((await store.papers.getByArxivId('2606.00002'))!.abstract).toBe(full);
    await store.papers.ingestListing(
      listing('hf-text', '2026-06-13', [parsed({ title: 'Tools', arxivId: '2606.00002', abstract: 'We present a method…' })]),
      'c',
      'h3',
    );
    expect((await store.papers.getByArxivId('2606.00002'))!.abstract).toBe(full);
  });

  it('GIVEN a text over its cap THEN it is cut with "…" and the cut reported', async () => {
    const store = await open();
    const counts = await store.papers.ingestListing(
      listing('hf-json', null, [parsed({ title: 'Long', arxivId: '2606.00003', abstract: 'x'.repeat(TEXT_CAPS.abstract + 5) })]),
      'a',
      'h',
    );
    expect(counts.trimmed).toEqual([{ paper: '2606.00003', field: 'abstract', length: TEXT_CAPS.abstract + 5 }]);
    expect((await store.papers.getByArxivId('2606.00003'))!.abstract).toHaveLength(TEXT_CAPS.abstract);
  });

  it('GIVEN a new version of a paper (a replacement) THEN neither its date nor its listing day moves', async () => {
    const store = await open();
    await store.papers.ingestListing(parseListing(RSS), 'feed', 'h1');
    expect(await store.papers.count()).toBe(4);
    const nextDay = RSS.replaceAll('Thu, 24 Sep 2026', 'Fri, 25 Sep 2026')
      .replace('arXiv:2609.26811v1 Announce Type: new', 'arXiv:2609.26811v2 Announce Type: replace')
      .replace('oai:arXiv.org:2609.26811v1', 'oai:arXiv.org:2609.26811v2')
      .replace('<arxiv:announce_type>new</arxiv:announce_type>', '<arxiv:announce_type>replace</arxiv:announce_type>');
    await store.papers.ingestListing(parseListing(nextDay), 'feed', 'h2');
    expect(await store.papers.getByArxivId('2609.26811')).toMatchObject({ publishedAt: '2026-09-24', lastListedOn: '2026-09-24' });
    expect(await store.papers.getByArxivId('2009.13987')).toMatchObject({ publishedAt: null, lastListedOn: null });
    expect(await store.papers.count()).toBe(4);
  });

  it('GIVEN the same listing twice THEN the second time changes nothing', async () => {
    const store = await open();
    const papers = [parsed({ title: 'One', upvotes: 3 }), parsed({ title: 'Two', upvotes: 4 })];
    expect(await store.papers.ingestListing(listing('hf-text', '2025-12-18', papers), 'f', 'h')).toEqual({
      new: 2,
      updated: 0,
      unchanged: 0,
    });
    expect(await store.papers.ingestListing(listing('hf-text', '2025-12-18', papers), 'f', 'h')).toEqual({
      new: 0,
      updated: 0,
      unchanged: 2,
    });
    expect(await store.papers.count()).toBe(2);
  });

  it('GIVEN same titles THEN different arXiv ids stay apart, a paper without an id joins the one with it, and one listing may name a paper twice', async () => {
    const store = await open();
    const counts = await store.papers.ingestListing(
      listing('hf-json', null, [
        parsed({ title: 'Attention', arxivId: '1706.03762', upvotes: 1 }),
        parsed({ title: 'Attention', arxivId: '2501.00001' }),
        parsed({ title: 'Attention', arxivId: '1706.03762', upvotes: 7 }),
      ]),
      'a',
      'h',
    );
    expect(counts).toEqual({ new: 2, updated: 1, unchanged: 0 });
    expect(await store.papers.getByArxivId('1706.03762')).toMatchObject({ upvotes: 7 });
    await store.papers.ingestListing(listing('hf-text', null, [parsed({ title: 'Fresh idea', upvotes: 2 })]), 'b', 'h');
    await store.papers.ingestListing(
      listing('hf-json', null, [parsed({ title: 'Fresh  Idea', arxivId: '2501.00002', upvotes: 3 })]),
      'c',
      'h',
    );
    expect(await store.papers.count()).toBe(3);
    expect(await store.papers.getByArxivId('2501.00002')).toMatchObject({ title: 'Fresh idea', upvotes: 3 });
  });

  it('GIVEN a failure part-way through a listing THEN nothing of that listing is stored', async () => {
    const store = await open();
    const bad = parsed({ title: 'Broken' }) as unknown as Record<string, unknown>;
    bad.title = null;
    const papers = [parsed({ title: 'Good one' }), parsed({ title: 'Good two' }), bad as never];
    await expect(store.papers.ingestListing(listing('hf-text', '2025-12-18', papers), 'f', 'h')).rejects.toThrow();
    expect(await store.papers.count()).toBe(0);
  });
});
