/** The evaluation papers: the HF JSON fixture (with ai_summary) and the HF listing pages (abstracts only). */
import { readFileSync } from 'node:fs';
import { parseHfText } from '../../src/sources/hf-text.ts';
import type { Paper } from '../../src/store/types.ts';
import { makePaper } from '../llm/helpers.ts';

const here = (path: string) => new URL(path, import.meta.url);

interface HfEntry {
  paper: { id: string; title: string; summary: string; ai_summary?: string };
}

export type Aspect = 'problem' | 'approach' | 'data' | 'results';
export const ASPECTS: readonly Aspect[] = ['problem', 'approach', 'data', 'results'];

export interface Labels {
  split: 'rules' | 'held-out';
  background: number[];
  problem: string[];
  approach: string[];
  data: string[];
  results: string[];
  wrong: Partial<Record<Aspect, string[]>>;
}

export interface LabelFile {
  papers: Record<string, Labels>;
  groups: Record<'rules' | 'held-out', string[][]>;
}

/** A paper as a listing gives it: only what the evaluation reads (no id, authors, dates or links of its own). */
export function evalPaper(fields: Pick<Paper, 'title' | 'abstract'> & Partial<Paper>): Paper {
  return makePaper({ arxivId: null, authors: [], authorCount: 0, publishedAt: null, url: null, categories: [], ...fields });
}

/** The 30 papers of the HF daily-papers JSON fixture, each with its ai_summary. */
export function summarisedPapers(): Paper[] {
  const entries = JSON.parse(readFileSync(here('../fixtures/hf/sotawhat_hf_daily_papers.json'), 'utf8')) as HfEntry[];
  return entries.map((e) =>
    evalPaper({ arxivId: e.paper.id, title: e.paper.title, abstract: e.paper.summary, aiSummary: e.paper.ai_summary ?? null }),
  );
}

/** The papers of the three HF listing pages (no ai_summary): more abstracts for the lead-in and cut counts. */
export function listingPapers(): Paper[] {
  const files = ['000_72b6e51614c0c197', '001_58bd4a3da03c2e5d', '002_169a7864d0712ba8'];
  return files.flatMap((f) =>
    parseHfText(readFileSync(here(`../fixtures/listings/${f}.txt`), 'utf8')).papers.map((p) =>
      evalPaper({ title: p.title, abstract: p.abstract }),
    ),
  );
}

export function labels(): LabelFile {
  return JSON.parse(readFileSync(here('./comparison-labels.json'), 'utf8')) as LabelFile;
}
