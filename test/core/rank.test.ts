import { describe, expect, it } from 'vitest';
import { rank, rankPapers, topicMatcher, WEIGHTS } from '../../src/core/rank.ts';
import type { Paper } from '../../src/store/types.ts';

let nextId = 1;
const paper = (title: string, fields: Partial<Paper> = {}): Paper => ({
  id: nextId++,
  arxivId: null,
  title,
  abstract: '',
  authors: [],
  authorCount: null,
  organization: null,
  publishedAt: null,
  upvotes: 0,
  url: null,
  pdfUrl: null,
  githubRepo: null,
  projectPage: null,
  aiSummary: null,
  keywords: [],
  categories: [],
  comment: null,
  journalRef: null,
  doi: null,
  firstSeenAt: '2025-12-18T08:00:00.000Z',
  lastListedOn: null,
  ...fields,
});
const order = (papers: Paper[]) => papers.map((p) => p.title);

describe('rankPapers', () => {
  it('ranks by upvotes, then publication date, then first-seen time', () => {
    const papers = [
      paper('old', { upvotes: 5, publishedAt: '2025-01-01' }),
      paper('popular', { upvotes: 50 }),
      paper('new', { upvotes: 5, publishedAt: '2025-12-01' }),
      paper('seen later', { upvotes: 5, publishedAt: '2025-01-01', firstSeenAt: '2025-12-19T00:00:00.000Z' }),
    ];
    expect(order(rankPapers(papers))).toEqual(['popular', 'new', 'seen later', 'old']);
  });

  it('breaks remaining ties by how many topics match', () => {
    const papers = [paper('plain'), paper('agents', { abstract: 'language agents with tools' })];
    expect(order(rankPapers(papers, { topics: ['agent', 'tools'], topicMode: 'tiebreak' }))).toEqual(['agents', 'plain']);
  });

  it('boost puts topic matches first, each group still ranked by upvotes', () => {
    const papers = [
      paper('hot', { upvotes: 90 }),
      paper('on topic low', { upvotes: 1, title: 'Diffusion A' }),
      paper('on topic high', { upvotes: 9, keywords: ['diffusion'] }),
    ];
    expect(order(rankPapers(papers, { topics: ['diffusion'], topicMode: 'boost' }))).toEqual(['on topic high', 'Diffusion A', 'hot']);
  });

  it('filter keeps only topic matches; minUpvotes drops the rest', () => {
    const papers = [
      paper('Video diffusion', { upvotes: 3 }),
      paper('Graph nets', { upvotes: 30 }),
      paper('Diffusion policies', { upvotes: 0 }),
    ];
    expect(order(rankPapers(papers, { topics: ['diffusion'], topicMode: 'filter', minUpvotes: 1 }))).toEqual(['Video diffusion']);
  });

  it('with no topics, filter mode keeps everything', () => {
    expect(rankPapers([paper('a'), paper('b')], { topics: [], topicMode: 'filter' })).toHaveLength(2);
  });
});

describe('one score for search, digests and top', () => {
  it('search: relevance leads; recency and upvotes reorder only near-equals', () => {
    const now = Date.parse('2026-06-01');
    const hit = (id: number, relevance: number, fields: { upvotes?: number; publishedAt?: string } = {}) => ({
      id,
      relevance,
      upvotes: fields.upvotes ?? 0,
      publishedAt: fields.publishedAt ?? '2020-01-01',
      firstSeenAt: '2020-01-01T00:00:00.000Z',
    });
    const ranked = rank(
      [hit(1, 0.5, { upvotes: 900, publishedAt: '2026-06-01' }), hit(2, 1), hit(3, 0.98, { publishedAt: '2026-05-01' })],
      {
        weights: WEIGHTS.search,
        now,
      },
    );
    expect(ranked.map((h) => h.id)).toEqual([3, 2, 1]);
  });

  it("weighs a channel's taste in digests, and not at all where its weight is 0", () => {
    const papers = [paper('liked'), paper('popular', { upvotes: 3 })];
    const taste = (p: { id: number }) => (p.id === papers[0]!.id ? 1 : 0);
    expect(order(rankPapers(papers, { taste }))).toEqual(['liked', 'popular']);
    expect(order(rankPapers(papers, { taste, weights: { ...WEIGHTS.digest, taste: 0 } }))).toEqual(['popular', 'liked']);
    expect(order(rankPapers(papers))).toEqual(['popular', 'liked']);
  });
});

describe('topic matching', () => {
  const hits = (topics: string[], text: string) => topicMatcher(topics)(paper(text));

  it('matches whole words and phrases, case-insensitively, plurals included', () => {
    expect(hits(['agent'], 'Language Agents at scale')).toBe(1);
    expect(hits(['video generation'], 'Long video-generation models')).toBe(1);
    expect(hits(['RL'], 'Offline RL for robots')).toBe(1);
  });

  it('does not match inside other words', () => {
    expect(hits(['art'], 'Artificial intelligence')).toBe(0);
    expect(hits(['rl'], 'World models')).toBe(0);
  });

  it('treats regex characters in topics literally', () => {
    expect(hits(['c++'], 'Compiling C++ with LLMs')).toBe(1);
    expect(hits(['c++'], 'Compiling ccc with LLMs')).toBe(0);
    expect(() => hits(['(unclosed', '[x'], 'anything')).not.toThrow();
  });
});
