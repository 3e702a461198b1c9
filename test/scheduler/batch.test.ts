import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topicMatcher } from '../../src/core/rank.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import type { Summariser } from '../../src/llm/types.ts';
import { DigestBatch } from '../../src/scheduler/batch.ts';
import type { Paper } from '../../src/store/types.ts';

function paper(id: number, title: string, abstract: string, firstSeenAt = '2026-03-26T06:00:00.000Z', keywords: string[] = []): Paper {
  return {
    id,
    arxivId: null,
    title,
    abstract,
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
    keywords,
    categories: [],
    comment: null,
    journalRef: null,
    doi: null,
    firstSeenAt,
    lastListedOn: null,
  };
}

/** Real abstracts from the sample listings (paragraphs after a title line), plus hand-made edge cases. */
function papersFromFixtures(): Paper[] {
  const dir = new URL('../fixtures/listings/', import.meta.url);
  const lines = readdirSync(dir).flatMap((f) =>
    readFileSync(new URL(f, dir), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean),
  );
  const papers = lines.flatMap((line, i) => (line.length > 300 && i > 0 ? [paper(i, lines[i - 1]!, line)] : []));
  return [
    ...papers,
    paper(90_001, 'Graph-Neural Networks for ſtate estimation', 'We study GRAPHES and c++ compilers with gpt-4o.'),
    paper(90_002, 'Kernels at scale', '\u212AERNELS (a Kelvin sign K) and vision_language models; Σίγμα ςσ.', undefined, [
      'reinforcement learning',
    ]),
    paper(90_003, 'Diffusion  models', 'diffusion-models, diffusionmodels and Diffusion Modelses.'),
  ];
}

describe('a tick’s digest batch', () => {
  const papers = papersFromFixtures();
  const batch = new DigestBatch(papers, '2026-03-26T00:00:00.000Z', new Date());
  const words = [...new Set(papers.flatMap((p) => p.abstract.split(/\s+/)).filter((_, i) => i % 37 === 0))].slice(0, 150);
  const bigrams = papers.slice(0, 40).map((p) => p.abstract.split(/\s+/).slice(3, 5).join(' '));
  const trigrams = papers.slice(40, 80).map((p) => p.abstract.split(/\s+/).slice(6, 9).join(' '));
  const edge = [
    'graph neural',
    'state',
    'graph',
    'kernel',
    'KERNEL',
    'c++',
    'gpt-4o',
    'network',
    'Diffusion  Models',
    'vision_language',
    'graph_neural',
    'reinforcement-learning',
    'state of the art',
    'state-of-the-art',
    'large language model',
    'end-to-end',
    'e.g',
    'σίγμα',
    'ΣΊΓΜΑ',
    'ςσ',
    ' ',
    'models.',
    'neural networks',
  ];

  it('GIVEN real abstracts and awkward topics THEN the word index counts exactly what the topic regexes count', () => {
    expect(papers.length).toBeGreaterThan(50);
    let matches = 0;
    for (const topics of [
      ...[...words, ...bigrams, ...trigrams, ...edge].map((t) => [t]),
      ['graph', 'kernel', 'diffusion models'],
      ['learning', 'language model'],
    ]) {
      const byIndex = batch.topicHits(topics);
      const byRegex = topicMatcher(topics);
      const mismatched = papers
        .filter((p) => byIndex(p) !== byRegex(p))
        .map((p) => ({ topics, id: p.id, index: byIndex(p), regex: byRegex(p) }));
      expect(mismatched).toEqual([]);
      matches += papers.filter((p) => byRegex(p) > 0).length;
    }
    expect(matches).toBeGreaterThan(1000);
    expect(batch.topicHits(['graph neural', 'kernel', 'state'])(papers.at(-3)!)).toBe(2);
  });

  it('GIVEN channels whose last digests differ THEN each gets the papers first seen after its own', () => {
    const timed = new DigestBatch(
      [
        paper(1, 'a', '', '2026-03-26T06:00:00.000Z'),
        paper(2, 'b', '', '2026-03-26T07:00:00.000Z'),
        paper(3, 'c', '', '2026-03-26T08:00:00.000Z'),
      ],
      '2026-03-26T05:00:00.000Z',
      new Date(),
    );
    expect([timed.covers('2026-03-26T04:59:59.000Z'), timed.covers('2026-03-26T05:00:00.000Z')]).toEqual([false, true]);
    expect(timed.since('2026-03-26T05:00:00.000Z').map((p) => p.id)).toEqual([1, 2, 3]);
    expect(timed.since('2026-03-26T06:00:00.000Z').map((p) => p.id)).toEqual([2, 3]);
    expect(timed.since('2026-03-26T07:30:00.000Z').map((p) => p.id)).toEqual([3]);
    expect(timed.since('2026-03-26T08:00:00.000Z')).toEqual([]);
  });

  it('GIVEN many channels showing the same papers THEN each paper’s one-liner is made once per tick', async () => {
    let calls = 0;
    const offline = new OfflineSummariser();
    const counting: Summariser = {
      mode: 'offline',
      model: 'offline',
      summarize: (p) => offline.summarize(p),
      compare: (ps) => offline.compare(ps),
      usage: () => [],
      tldr: async (p) => ((calls += 1), offline.tldr(p)),
    };
    const shared = new DigestBatch(papers.slice(0, 5), '2026-03-26T00:00:00.000Z', new Date());
    for (let channel = 0; channel < 3; channel += 1) {
      const llm = shared.summariser(counting);
      const lines = await Promise.all(papers.slice(0, 5).map((p) => llm.tldr(p)));
      expect(lines.map((l) => l.value)).toEqual(await Promise.all(papers.slice(0, 5).map(async (p) => (await offline.tldr(p)).value)));
    }
    expect(calls).toBe(5);
  });
});
