import { readFileSync } from 'node:fs';
import type { Paper } from '../../src/store/types.ts';

let nextId = 1;

/** A complete Paper with sensible defaults; pass only the fields a test cares about. */
export function makePaper(overrides: Partial<Paper> = {}): Paper {
  const id = overrides.id ?? nextId++;
  return {
    id,
    arxivId: `2606.${String(10000 + id)}`,
    title: `Paper number ${id}`,
    abstract: `We propose method ${id} for a task. It improves accuracy by ${id}% on a benchmark.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    authorCount: 2,
    organization: null,
    publishedAt: '2026-06-01',
    upvotes: 0,
    url: `https://arxiv.org/abs/2606.${String(10000 + id)}`,
    pdfUrl: null,
    githubRepo: null,
    projectPage: null,
    aiSummary: null,
    keywords: [],
    categories: ['cs.CL'],
    comment: null,
    journalRef: null,
    doi: null,
    firstSeenAt: '2026-06-01T00:00:00.000Z',
    lastListedOn: null,
    ...overrides,
  };
}

interface HfEntry {
  paper: { id: string; title: string; summary: string; ai_summary?: string; upvotes?: number; publishedAt?: string };
}

/** Papers from the Hugging Face daily-papers fixture, with the abstracts as the site gives them. */
export function fixturePapers(): Paper[] {
  const url = new URL('../fixtures/hf/sotawhat_hf_daily_papers.json', import.meta.url);
  const entries = JSON.parse(readFileSync(url, 'utf8')) as HfEntry[];
  return entries.map((entry, i) =>
    makePaper({
      id: 1000 + i,
      arxivId: entry.paper.id,
      title: entry.paper.title,
      abstract: entry.paper.summary,
      aiSummary: null,
      upvotes: entry.paper.upvotes ?? 0,
      publishedAt: entry.paper.publishedAt?.slice(0, 10) ?? null,
      url: `https://arxiv.org/abs/${entry.paper.id}`,
    }),
  );
}
