import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseQuery, toFtsExpression } from '../../../src/core/query.ts';
import { parseListing } from '../../../src/sources/detect.ts';
import { Store } from '../../../src/store/store.ts';
import { fromFtsExpression } from '../../../src/store/pg/fts-match.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { describeRepos, type Repos } from './paper-repos.ts';

const match = (text: string) => toFtsExpression(parseQuery(text));

const PAPERS = [
  parsed({
    arxivId: '2601.00001',
    title: 'Sparse attention for long documents',
    abstract: 'We make transformers read long documents.',
    authors: ['Ada Lovelace', 'Alan Turing'],
    organization: { slug: 'deepmind', name: 'DeepMind' },
    keywords: ['attention', 'long context'],
    publishedAt: '2026-01-05',
    upvotes: 4,
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
  parsed({ arxivId: '2601.00004', title: 'Undated attention', abstract: 'No date here.', publishedAt: null }),
  parsed({ arxivId: '2601.00005', title: 'Nothing in common', abstract: 'Graphs.', publishedAt: '2026-01-06' }),
];

async function seeded(open: () => Promise<Repos>): Promise<Repos & { id: (arxivId: string) => Promise<number> }> {
  const repos = await open();
  await repos.papers.ingestListing(listing('hf-json', null, PAPERS), 'seed', 'h', new Date('2026-02-01T00:00:00Z'));
  return { ...repos, id: async (arxivId) => (await repos.papers.getByArxivId(arxivId))!.id };
}

describe('FTS5 match expressions read back (PostgreSQL search repository)', () => {
  it('GIVEN any query THEN its expression reads back into the same clauses, filters and exclusions', () => {
    for (const text of [
      'attention',
      '"language models" kernel*',
      'kernel OR gpt "a ""quoted"" word"',
      'attention -kernels -author:lovelace -title:sparse',
      'author:"ada lovelace" org:deepmind title:attention since:2025-01-01',
      'NOT AND OR',
    ]) {
      const query = parseQuery(text);
      expect(fromFtsExpression(toFtsExpression(query))).toEqual({
        clauses: query.clauses,
        filters: query.filters,
        excluded: query.excluded,
        notes: [],
      });
    }
  });

  it('GIVEN anything else THEN it is refused, not guessed at', () => {
    for (const bad of ['attention', '"open', '"a" NEAR "b"', 'abstract : "x"', '"a" NOT "b"', '("a" "b")', '"a" ; DROP TABLE papers'])
      expect(() => fromFtsExpression(bad)).toThrow(/not a search expression/);
  });
});

describeRepos('search repository contract', (open) => {
  it('GIVEN a match THEN the newest matches come first with the fields ranking reads, scored only when asked', async () => {
    const repos = await seeded(open);
    const newest = await repos.search.matches({ match: match('attention'), limit: 10 }, false);
    expect(newest.map((m) => m.id)).toEqual(await Promise.all(['2601.00004', '2601.00003', '2601.00002', '2601.00001'].map(repos.id)));
    expect(newest.every((m) => m.relevance === 0)).toBe(true);
    expect(newest.at(-1)).toEqual({
      id: await repos.id('2601.00001'),
      relevance: 0,
      upvotes: 4,
      publishedAt: '2026-01-05',
      firstSeenAt: '2026-02-01T00:00:00.000Z',
      title: 'Sparse attention for long documents',
      authors: 'Ada Lovelace, Alan Turing',
      organization: 'deepmind DeepMind',
      keywords: 'attention, long context',
    });
    expect(newest[0]).toMatchObject({ authors: '', organization: '', keywords: '', publishedAt: null });
    const scored = await repos.search.matches({ match: match('attention'), limit: 2 }, true);
    expect(scored.map((m) => m.id)).toEqual(newest.slice(0, 2).map((m) => m.id));
    expect(scored.every((m) => m.relevance > 0)).toBe(true);
    const all = await repos.search.matches({ match: match('attention'), limit: 10 }, true);
    const best = all.reduce((a, b) => (b.relevance > a.relevance ? b : a));
    // As bm25 does, the shortest of the title matches wins.
    expect(best.title).toBe('Undated attention');
  });

  it('GIVEN fields, exclusions and dates in the match request THEN they narrow as on SQLite', async () => {
    const repos = await seeded(open);
    const found = async (text: string) => {
      const query = parseQuery(text);
      const request = { match: toFtsExpression(query), since: query.since, before: query.before, limit: 10 };
      return (await repos.search.matches(request, false)).map((m) => m.title).sort();
    };
    expect(await found('attention -author:lovelace')).toEqual([
      'Dense retrieval with language models',
      'Kernel methods, revisited',
      'Undated attention',
    ]);
    expect(await found('author:scholkopf')).toEqual(['Kernel methods, revisited']);
    expect(await found('org:"max planck" OR attention')).toEqual(['Kernel methods, revisited']);
    expect(await found('title:attention -title:sparse')).toEqual(['Undated attention']);
    expect(await found('attention since:2025-01-01 before:2026-01-01')).toEqual(['Dense retrieval with language models']);
    // Undated: the first-seen day stands in.
    expect(await found('attention since:2026-02-01')).toEqual(['Undated attention']);
  });

  it('GIVEN date bounds THEN datedIds lists the papers within them, or nothing when there are more than the cap', async () => {
    const repos = await seeded(open);
    const ids = async (...arxivIds: string[]) => new Set(await Promise.all(arxivIds.map(repos.id)));
    expect(await repos.search.datedIds('2025-01-01', '2026-01-06', 10)).toEqual(await ids('2601.00001', '2601.00002'));
    expect(await repos.search.datedIds('2026-01-06', undefined, 10)).toEqual(await ids('2601.00005', '2601.00004'));
    expect(await repos.search.datedIds(undefined, '2025-01-01', 10)).toEqual(await ids('2601.00003'));
    expect(await repos.search.datedIds(undefined, undefined, 5)).toEqual(await ids(...PAPERS.map((p) => p.arxivId!)));
    expect(await repos.search.datedIds(undefined, undefined, 4)).toBeUndefined();
  });

  it('GIVEN some papers THEN matchesAmong gives their newest matches, up to the limit', async () => {
    const repos = await seeded(open);
    const among = new Set(await Promise.all(['2601.00001', '2601.00003', '2601.00005'].map(repos.id)));
    const found = await repos.search.matchesAmong(match('attention'), among, 10);
    expect(found.map((m) => m.title)).toEqual(['Kernel methods, revisited', 'Sparse attention for long documents']);
    expect(found[1]).toMatchObject({ relevance: 0, authors: 'Ada Lovelace, Alan Turing', upvotes: 4 });
    expect((await repos.search.matchesAmong(match('attention'), among, 1)).map((m) => m.title)).toEqual(['Kernel methods, revisited']);
    expect(await repos.search.matchesAmong(match('attention'), new Set(), 10)).toEqual([]);
  });

  it('GIVEN a clause THEN its share of the papers comes from its newest matches', async () => {
    const repos = await seeded(open);
    expect(await repos.search.share(match('attention'), 500)).toBeCloseTo(4 / 5);
    // The newest 2 matches (ids 4 and 3) among the papers from id 3 to the newest (5): 2 of 3.
    expect(await repos.search.share(match('attention'), 2)).toBeCloseTo(2 / 3);
    expect(await repos.search.share(match('graphs'), 500)).toBeCloseTo(1 / 5);
    expect(await repos.search.share(match('nonexistentword'), 500)).toBe(0);
  });

  it('GIVEN ids THEN papers come in that order, missing ones left out', async () => {
    const repos = await seeded(open);
    const [a, b] = await Promise.all(['2601.00003', '2601.00001'].map(repos.id));
    expect((await repos.search.papers([a!, 99_999, b!])).map((p) => p.arxivId)).toEqual(['2601.00003', '2601.00001']);
    expect(await repos.search.papers([])).toEqual([]);
  });

  it("GIVEN real listings THEN every query's newest matches, dated ids and shares are SQLite's", async () => {
    const repos = await open();
    const reference = Store.open(':memory:');
    const files = [
      'hf/week-2026-W24.json',
      'arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml',
      'hf/sotawhat_hf_daily_papers.json',
    ];
    for (const [i, file] of files.entries()) {
      const parsedListing = parseListing(readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8'));
      const seenAt = new Date(Date.UTC(2026, 5, 1 + i));
      reference.papers.ingestListing(parsedListing, file, 'h', seenAt);
      await repos.papers.ingestListing(parsedListing, file, 'h', seenAt);
    }
    const queries = [
      'language',
      'model*',
      '"language models"',
      'agent OR agents',
      'learning -reinforcement',
      'title:llm',
      'author:wang',
      'model since:2026-06-11',
      'model before:2026-06-11',
      'reasoning -title:reasoning',
      'vision language',
      'video OR image*',
    ];
    try {
      for (const text of queries) {
        const query = parseQuery(text);
        const request = { match: toFtsExpression(query), since: query.since, before: query.before, limit: 50 };
        const idsOf = (ms: readonly { id: number }[]) => ms.map((m) => m.id);
        const mine = await repos.search.matches(request, false);
        expect(idsOf(mine), text).toEqual(idsOf(reference.search.matches(request, false)));
        expect(
          mine.map(({ relevance, ...fields }) => fields),
          text,
        ).toEqual(reference.search.matches(request, false).map(({ relevance, ...fields }) => fields));
        expect(await repos.search.share(request.match, 20), text).toBeCloseTo(reference.search.share(request.match, 20), 12);
      }
      expect(await repos.search.datedIds('2026-06-10', '2026-06-12', 1000)).toEqual(
        reference.search.datedIds('2026-06-10', '2026-06-12', 1000),
      );
    } finally {
      reference.close();
    }
  });
});
