import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listingsByDay } from '../../src/sources/days.ts';
import { parseHfJson } from '../../src/sources/hf-json.ts';
import { ParseError } from '../../src/sources/types.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

describe('parseHfJson on the current schema (sotawhat, 30 items)', () => {
  const listing = parseHfJson(fixture('hf/sotawhat_hf_daily_papers.json'));

  it('reads every item in order, with ids and the daily list date', () => {
    expect(listing.source).toBe('hf-json');
    expect(listing.problems).toEqual([]);
    expect(listing.papers).toHaveLength(30);
    expect(listing.listingDate).toBe('2026-06-12');
    expect(listing.papers.slice(0, 3).map((p) => p.arxivId)).toEqual(['2606.00467', '2606.12730', '2606.13594']);
    expect(listing.papers.at(-1)?.arxivId).toBe('2606.13106');
  });

  it('maps the paper fields', () => {
    const first = listing.papers[0];
    expect(first).toMatchObject({
      title: 'On the Limits of LLM Adaptability: Impact of Model-Internalized Priors on Annotation Task Performance',
      authors: ['Etienne Casanova', 'Rafal Kocielnik', 'R. Michael Alvarez'],
      authorCount: 3,
      organization: { slug: 'caltech', name: 'California institute of technology' },
      publishedAt: '2026-05-30',
      upvotes: 0,
      url: 'https://huggingface.co/papers/2606.00467',
      pdfUrl: 'https://arxiv.org/pdf/2606.00467',
      githubRepo: null,
      projectPage: null,
    });
    expect(first?.abstract).toMatch(/^Large Language Models \(LLMs\) are increasingly used/);
    expect(first?.abstract).toContain('("decision stickiness")');
    expect(first?.keywords).toContain('LLM-as-a-judge');
    expect(first?.keywords).toHaveLength(14);
    expect(first?.aiSummary).toMatch(/^Large language models exhibit limited ability/);
  });

  it('gives null or [] for optional keys that are absent', () => {
    const second = listing.papers[1];
    expect(second?.organization).toBeNull();
    expect(second?.githubRepo).toBe('https://github.com/psychology-of-AI/Rethinking-Pyschometric-Eval-LLMs');
    expect(listing.papers.filter((p) => p.organization !== null)).toHaveLength(16);
    expect(listing.papers.filter((p) => p.githubRepo !== null)).toHaveLength(16);
    expect(listing.papers.filter((p) => p.projectPage !== null)).toHaveLength(13);
  });

  it('counts upvotes and authors', () => {
    expect(listing.papers.map((p) => p.upvotes).reduce((a, b) => Math.max(a, b))).toBe(118);
    expect(listing.papers.reduce((sum, p) => sum + p.authors.length, 0)).toBe(202);
    expect(listing.papers.every((p) => p.authorCount === p.authors.length)).toBe(true);
  });
});

describe('parseHfJson on the 2024 schema', () => {
  const listing = parseHfJson(fixture('hf/old-schema-2024.json'));

  it('unwraps hard-wrapped titles and abstracts', () => {
    expect(listing.papers.map((p) => p.title)).toEqual([
      'Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss',
      'CompassJudger-1: All-in-one Judge Model Helps Model Evaluation and Evolution',
      'Fluid: Scaling Autoregressive Text-to-image Generative Models with Continuous Tokens',
    ]);
    expect(listing.papers[0]?.abstract).toMatch(/^Contrastive loss is a powerful approach for representation learning, where larger batch/);
    expect(listing.papers.every((p) => !p.abstract.includes('\n'))).toBe(true);
  });

  it('defaults what the old schema does not carry', () => {
    const [first, , minimal] = listing.papers;
    expect(first).toMatchObject({
      arxivId: '2410.17243',
      authorCount: 9,
      organization: null,
      publishedAt: '2024-10-22',
      upvotes: 89,
      keywords: [],
      githubRepo: null,
      projectPage: null,
      aiSummary: null,
    });
    expect(first?.authors).toContain('Lidong Bing');
    expect(minimal).toMatchObject({
      arxivId: '2410.13863',
      abstract: '',
      publishedAt: null,
      upvotes: 0,
      authors: ['Lijie Fan', 'Tianhong Li'],
    });
  });

  it('takes the listing date from options.date, else from the items when they agree', () => {
    expect(listing.listingDate).toBe('2024-10-22');
    const noDates = JSON.stringify([{ paper: { id: '2410.00001', title: 'T', authors: [] } }]);
    expect(parseHfJson(noDates).listingDate).toBeNull();
    expect(parseHfJson(noDates, { date: '2024-10-23' }).listingDate).toBe('2024-10-23');
    expect(parseHfJson(fixture('hf/old-schema-2024.json'), { date: '2024-10-23' }).listingDate).toBe('2024-10-23');
  });
});

describe('parseHfJson with bad items', () => {
  it('skips items without paper.id or paper.title and says which', () => {
    const items = [
      { paper: { id: '2606.00001', title: 'Good', authors: [{ name: 'A' }] } },
      { paper: { title: 'No id' } },
      { paper: { id: '2606.00003' } },
      { title: 'no paper object' },
    ];
    const listing = parseHfJson(JSON.stringify(items));
    expect(listing.papers.map((p) => p.arxivId)).toEqual(['2606.00001']);
    expect(listing.problems).toEqual([
      { line: null, message: 'item at index 1: paper.id is missing' },
      { line: null, message: 'item at index 2: paper.title is missing (paper 2606.00003)' },
      { line: null, message: 'item at index 3: no "paper" object' },
    ]);
  });

  it('uses the organization inside paper when the item has none', () => {
    const items = [{ paper: { id: '2606.00001', title: 'T', authors: [], organization: { name: 'acme' } } }];
    expect(parseHfJson(JSON.stringify(items)).papers[0]?.organization).toEqual({ slug: 'acme', name: 'acme' });
  });

  it('throws when no item can be read', () => {
    expect(() => parseHfJson(JSON.stringify([{ paper: { title: 'x' } }]))).toThrow(/no item could be read.*index 0/);
  });

  it('throws saying what it expected for JSON of another shape', () => {
    expect(() => parseHfJson('{"error":"rate limited"}')).toThrow(/expected the HF daily_papers JSON array.*object with keys "error"/);
    expect(() => parseHfJson('[1,2,3]')).toThrow(/expected the HF daily_papers JSON array.*array of numbers/);
  });

  it('reports broken JSON with its line', () => {
    const broken = '[\n  {"paper": {"id": "1", "title": "x"}},\n  {"paper": \n';
    expect(() => parseHfJson(broken)).toThrow(ParseError);
    try {
      parseHfJson(broken);
    } catch (error) {
      expect((error as ParseError).message).toMatch(/not valid JSON/);
    }
  });

  it('reads an empty array as an empty listing', () => {
    expect(parseHfJson('[]')).toEqual({ listingDate: null, source: 'hf-json', papers: [], problems: [] });
  });
});

describe('parseHfJson on a file spanning several days (daily_papers?week=)', () => {
  // The 30 real items of the sotawhat file, listed over 2026-06-10..12 as a week's answer lists them.
  const week = parseHfJson(fixture('hf/week-2026-W24.json'));

  it('keeps each paper’s own day and gives the file no single listing date', () => {
    expect(week.listingDate).toBeNull();
    expect(week.papers).toHaveLength(30);
    const perDay: Record<string, number> = {};
    for (const paper of week.papers) perDay[paper.listedOn ?? 'none'] = (perDay[paper.listedOn ?? 'none'] ?? 0) + 1;
    expect(perDay).toEqual({
      '2026-06-10': 3,
      '2026-06-11': 8,
      '2026-06-12': 19,
    });
    expect(week.papers[0]).toMatchObject({ arxivId: '2606.00467', listedOn: '2026-06-10', publishedAt: '2026-05-30' });
  });

  it('splits into one listing per day, in the order the days appear; a one-day file stays whole', () => {
    const days = listingsByDay(week);
    expect(days.map((d) => [d.listingDate, d.papers.length])).toEqual([
      ['2026-06-10', 3],
      ['2026-06-11', 8],
      ['2026-06-12', 19],
    ]);
    expect(days.every((d) => d.source === 'hf-json' && d.papers.every((p) => p.listedOn === d.listingDate))).toBe(true);
    const oneDay = parseHfJson(fixture('hf/sotawhat_hf_daily_papers.json'));
    expect(oneDay.papers.every((p) => p.listedOn === '2026-06-12')).toBe(true);
    expect(listingsByDay(oneDay)).toEqual([oneDay]);
    const forced = parseHfJson(fixture('hf/week-2026-W24.json'), { date: '2026-06-14' });
    expect(listingsByDay(forced)).toEqual([forced]);
  });

  it('takes the 2024 schema’s day from the item, which has no submittedOnDailyAt', () => {
    expect(parseHfJson(fixture('hf/old-schema-2024.json')).papers.map((p) => p.listedOn)).toEqual(['2024-10-22', '2024-10-22', null]);
  });
});
