import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parseListing } from '../../../src/sources/detect.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { describeRepos } from './paper-repos.ts';

const fixture = (path: string): string => readFileSync(new URL(`../../fixtures/${path}`, import.meta.url), 'utf8');
const RSS = fixture('arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml');
const ids = (papers: readonly { arxivId: string | null }[]) => papers.map((p) => p.arxivId).sort();
const at = (iso: string) => new Date(iso);

describeRepos('digest queries contract', (open) => {
  it("GIVEN arXiv's daily feed THEN only its new papers are the day's new papers, and a replacement the next day is not", async () => {
    const { papers, digest } = await open();
    await papers.ingestListing(parseListing(RSS), 'feed', 'h1');
    expect(ids(await digest.newInListing('2026-09-24'))).toEqual(['2609.26811', '2609.26820']);
    expect(ids(await digest.firstSeenSince('2000-01-01T00:00:00Z'))).toEqual(['2609.26811', '2609.26820']);
    const nextDay = RSS.replaceAll('Thu, 24 Sep 2026', 'Fri, 25 Sep 2026')
      .replace('arXiv:2609.26811v1 Announce Type: new', 'arXiv:2609.26811v2 Announce Type: replace')
      .replace('oai:arXiv.org:2609.26811v1', 'oai:arXiv.org:2609.26811v2')
      .replace('<arxiv:announce_type>new</arxiv:announce_type>', '<arxiv:announce_type>replace</arxiv:announce_type>');
    await papers.ingestListing(parseListing(nextDay), 'feed', 'h2');
    expect(await digest.newInListing('2026-09-25')).toEqual([]);
    expect((await digest.topInPeriod({ from: '2026-09-25', limit: 10 })).map((p) => p.arxivId)).not.toContain('2609.26811');
  });

  it('GIVEN cross-lists THEN they are new only for a channel that counts them in, or once a listing has them as new', async () => {
    const { papers, digest } = await open();
    const cross = parsed({ title: 'Cross', arxivId: '2609.00001', announceType: 'cross' });
    const replaced = parsed({ title: 'Old', arxivId: '2001.00001', announceType: 'replace' });
    await papers.ingestListing(listing('arxiv-rss', '2026-09-24', [cross, replaced]), 'cs.LG', 'h1');
    expect(await digest.newInListing('2026-09-24')).toEqual([]);
    expect(ids(await digest.newInListing('2026-09-24', { crossLists: true }))).toEqual(['2609.00001']);
    expect(ids(await digest.firstSeenSince('2000-01-01T00:00:00Z', { crossLists: true }))).toEqual(['2609.00001']);
    expect(await digest.firstSeenSince('2000-01-01T00:00:00Z', { crossLists: false })).toEqual([]);
    const hf = parsed({ title: 'Cross', arxivId: '2609.00001', upvotes: 9 });
    await papers.ingestListing(listing('hf-json', '2026-09-24', [hf, parsed({ title: 'Old', arxivId: '2001.00001' })]), 'hf', 'h2');
    expect(ids(await digest.newInListing('2026-09-24'))).toEqual(['2001.00001', '2609.00001']);
  });

  it('GIVEN an HF week file THEN each day has its own new papers and the latest listing date is its last day', async () => {
    const { papers, digest } = await open();
    expect(await digest.latestListingDate()).toBeNull();
    await papers.ingestListing(parseListing(fixture('hf/week-2026-W24.json')), 'week.json', 'h');
    expect(await digest.latestListingDate()).toBe('2026-06-12');
    expect(await digest.latestListingDate('2026-06-11')).toBe('2026-06-11');
    expect(await digest.latestListingDate('2026-06-11T23:00')).toBe('2026-06-11');
    expect(await digest.latestListingDate('2026-06-01')).toBeNull();
    const perDay = await Promise.all(['2026-06-10', '2026-06-11', '2026-06-12'].map(async (d) => (await digest.newInListing(d)).length));
    expect(perDay).toEqual([3, 8, 19]);
    // A paper listed again on a later day is new on its first day only.
    const first = (await digest.newInListing('2026-06-10'))[0]!;
    await papers.ingestListing(listing('hf-json', '2026-06-13', [parsed({ title: first.title, arxivId: first.arxivId })]), 'again', 'h2');
    expect(await digest.newInListing('2026-06-13')).toEqual([]);
    expect(ids(await digest.newInListing('2026-06-10'))).toContain(first.arxivId);
  });

  it('GIVEN first-seen times THEN since is exclusive and between includes its upper bound', async () => {
    const { papers, digest } = await open();
    const day = (d: string, title: string, seen: string) =>
      papers.ingestListing(listing('hf-json', d, [parsed({ title })]), `f${d}`, d, at(seen));
    await day('2026-03-24', 'Old paper', '2026-03-24T06:00:00Z');
    await day('2026-03-25', 'Tuesday paper', '2026-03-25T06:00:00Z');
    await day('2026-03-26', 'Wednesday paper', '2026-03-26T06:00:00Z');
    const titles = (ps: readonly { title: string }[]) => ps.map((p) => p.title).sort();
    expect(titles(await digest.firstSeenSince('2026-03-25T06:00:00.000Z'))).toEqual(['Wednesday paper']);
    expect(titles(await digest.firstSeenSince('2026-03-24T09:00:00Z'))).toEqual(['Tuesday paper', 'Wednesday paper']);
    expect(titles(await digest.firstSeenBetween('2026-03-24T06:00:00.000Z', '2026-03-25T06:00:00.000Z'))).toEqual(['Tuesday paper']);
    expect(await digest.firstSeenBetween('2026-03-26T06:00:00.000Z', '2026-03-27T00:00:00Z')).toEqual([]);
  });

  it('GIVEN upvotes and days THEN top in a period is the most upvoted by listing day, else publication, else first seen; newest first on ties', async () => {
    const { papers, digest } = await open();
    await papers.ingestListing(
      listing('hf-json', '2025-12-17', [
        parsed({ title: 'Listed 17', arxivId: '2512.00001', upvotes: 10, publishedAt: '2025-12-01' }),
        parsed({ title: 'Tie older', arxivId: '2512.00002', upvotes: 7, publishedAt: '2025-12-10' }),
        parsed({ title: 'Tie newer', arxivId: '2512.00003', upvotes: 7, publishedAt: '2025-12-12' }),
      ]),
      'a',
      'h1',
      at('2025-12-17T06:00:00Z'),
    );
    await papers.ingestListing(
      listing('hf-json', null, [
        parsed({ title: 'Published 18', arxivId: '2512.00004', upvotes: 20, publishedAt: '2025-12-18' }),
        parsed({ title: 'Undated, seen 19', arxivId: '2512.00005', upvotes: 30 }),
        parsed({ title: 'Tie undated', arxivId: '2512.00006', upvotes: 7 }),
      ]),
      'b',
      'h2',
      at('2025-12-19T06:00:00Z'),
    );
    const top = async (period: { from?: string; to?: string; limit: number }) => (await digest.topInPeriod(period)).map((p) => p.title);
    expect(await top({ from: '2025-12-17', to: '2025-12-17', limit: 10 })).toEqual(['Listed 17', 'Tie newer', 'Tie older']);
    expect(await top({ from: '2025-12-18', limit: 10 })).toEqual(['Undated, seen 19', 'Published 18', 'Tie undated']);
    expect(await top({ to: '2025-12-18', limit: 10 })).toEqual(['Published 18', 'Listed 17', 'Tie newer', 'Tie older']);
    expect(await top({ limit: 2 })).toEqual(['Undated, seen 19', 'Published 18']);
    expect(await top({ limit: 6 })).toContain('Tie undated');
    expect((await top({ limit: 10 })).slice(3)).toEqual(['Tie undated', 'Tie newer', 'Tie older']);
  });

  it('GIVEN fetches THEN each source keeps its latest, listed by name byte by byte (upper case first)', async () => {
    const { digest } = await open();
    expect(await digest.lastFetches()).toEqual([]);
    const fetch = { source: 'arXiv cs.LG', fetchedAt: '2026-01-01T06:00:00.000Z', ok: true, result: 'fetched', papers: 10, newPapers: 3 };
    await digest.recordFetch(fetch);
    await digest.recordFetch({ ...fetch, source: 'HF Daily Papers', ok: false, result: 'could not be reached', papers: 0, newPapers: 0 });
    await digest.recordFetch({ ...fetch, source: 'a lower-case source' });
    await digest.recordFetch({ ...fetch, fetchedAt: '2026-01-02T06:00:00.000Z', newPapers: 0 });
    expect(await digest.lastFetches()).toEqual([
      { ...fetch, source: 'HF Daily Papers', ok: false, result: 'could not be reached', papers: 0, newPapers: 0 },
      { ...fetch, source: 'a lower-case source' },
      { ...fetch, fetchedAt: '2026-01-02T06:00:00.000Z', newPapers: 0 },
    ]);
  });
});
