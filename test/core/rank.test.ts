import { describe, expect, it } from 'vitest';
import { rank, rankPapers, topicMatcher, topicPattern, WEIGHTS } from '../../src/core/rank.ts';
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

describe('topic matching with its shortcuts (compiled topics and word sets kept between calls)', () => {
  const regexCount = (topics: string[], p: Paper) =>
    topics.filter((t) => new RegExp(topicPatternSource(t), 'iu').test(`${p.title}\n${p.abstract}\n${p.keywords.join(', ')}`)).length;
  const topicPatternSource = (t: string) => topicPattern(t)!.source;

  it('counts exactly what the topic regexes count, for letters that only case folding relates', () => {
    const texts = [
      'Agent-based ſearch', // long s folds to "s" under the regex's flags
      'The \u212Aernel trick', // Kelvin sign folds to "k"
      'İnstruction tuning and AGENTES',
      'video\u2003generation with c++ and gpt-4o',
      'multi-agent systems_reinforcement LEARNING',
      'agentic workflows',
      'agentsX xagent agent_s 𝐀agent agent𝟏 😀agent 😀 agents.',
      '😀😀 word-models 𝐀agents multi—agent AGENTs',
      'agentsagent agent',
    ];
    const topics = [
      ...['search', 'kernel', 'instruction', 'agent', 'video generation', 'c++', 'gpt-4o', 'reinforcement learning', 'agentic', 'x'],
      ...['😀', '😀agent', 'word models', '𝐀agent', 'agent agent', 's', 'es'],
    ];
    for (const text of texts) {
      const p = paper(text, { abstract: text.toUpperCase(), keywords: ['Kernel Methods'] });
      for (const t of topics) expect(topicMatcher([t])(p), `${t} in ${text}`).toBe(regexCount([t], p));
    }
  });

  it('sees a paper again after its text changed under the same id', () => {
    const before = paper('World models');
    expect(topicMatcher(['agent'])(before)).toBe(0);
    expect(topicMatcher(['agent'])({ ...before, title: 'World models for agents' })).toBe(1);
    expect(topicMatcher(['agent'])({ ...before, keywords: ['agent'] })).toBe(1);
  });
});
