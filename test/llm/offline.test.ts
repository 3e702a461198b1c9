import { describe, expect, it } from 'vitest';
import { OfflineSummariser, compareOffline, shortName, summarizeOffline, tldrOffline } from '../../src/llm/offline.ts';
import { splitSentences } from '../../src/llm/extract.ts';
import { fixturePapers, makePaper } from './helpers.ts';
import { isCompressionOf } from '../eval/checks.ts';

const papers = fixturePapers();
const byArxiv = (id: string) => {
  const paper = papers.find((p) => p.arxivId === id);
  if (!paper) throw new Error(`fixture paper ${id} missing`);
  return paper;
};
// "…with an overall rescue rate … of only 34.8%" and a KV-cache communication paper with "2 to 3 times lower compute".
const annotation = byArxiv('2606.00467');
const kvCache = byArxiv('2606.13594');

describe('offline summarize (j)', () => {
  it.each([annotation, kvCache])('extracts a TL;DR from the abstract and 2+ points ($arxivId)', (paper) => {
    const { tldr, points } = summarizeOffline(paper);
    expect(tldr.length).toBeGreaterThan(20);
    expect(tldr.length).toBeLessThanOrEqual(300);
    // Extractive: one sentence of the abstract, compressed only by dropping words (offline-compress.ts).
    expect(isCompressionOf(tldr, paper.abstract), tldr).toBe(true);
    expect(tldr).not.toContain('…');
    expect(points.length).toBeGreaterThanOrEqual(2);
    expect(points.length).toBeLessThanOrEqual(4);
    for (const point of points) expect(point.length).toBeGreaterThan(10);
    expect(new Set(points).size).toBe(points.length);
  });

  it('prefers the contribution sentence for the TL;DR', () => {
    expect(summarizeOffline(kvCache).tldr).toMatch(/^Motivated by this, we propose dense alignment|^We propose dense alignment/);
  });

  it('summarises every fixture paper without throwing', () => {
    for (const paper of papers) {
      const { tldr, points } = summarizeOffline(paper);
      expect(tldr).not.toBe('');
      expect(points.length).toBeGreaterThanOrEqual(paper.abstract ? 2 : 0);
    }
  });

  it('copes with an empty abstract', () => {
    expect(summarizeOffline(makePaper({ title: 'Only a title', abstract: '' }))).toEqual({ tldr: 'Only a title', points: [] });
  });
});

describe('offline compare (j)', () => {
  const comparison = compareOffline([annotation, kvCache]);

  it('has the four aspects, one value per paper', () => {
    expect(comparison.rows.map((r) => r.aspect)).toEqual(['Problem', 'Approach', 'Data / benchmarks', 'Reported results']);
    for (const row of comparison.rows) {
      expect(row.values).toHaveLength(2);
      for (const value of row.values) expect(value.length).toBeGreaterThan(0);
    }
  });

  it('picks up a reported number in the results row', () => {
    const results = comparison.rows[3]!.values[0]!;
    const number = /\d+(?:\.\d+)?%?/.exec(results)?.[0];
    expect(number).toBeDefined();
    expect(annotation.abstract).toContain(number!);
  });

  it('counts a score named by its metric as a concrete number, so the verdict does not say there are none', () => {
    const scored = makePaper({
      title: 'VideoScore2',
      abstract:
        'We present VideoScore2, a framework for video evaluation. Experiments demonstrate that VideoScore2 achieves superior performance with 44.35 (+5.94) accuracy on our in-domain benchmark.',
    });
    const vague = makePaper({
      title: 'Thoughts',
      abstract: 'This note collects some thoughts about language. We propose a framework for thinking.',
    });
    const { verdict } = compareOffline([vague, scored]);
    expect(verdict).toContain('Only [2] reports concrete numbers (44.35 (+5.94) accuracy in [2])');
    expect(verdict).not.toContain('None of the abstracts gives concrete numbers');
  });

  it('names the approach the abstract introduces', () => {
    expect(comparison.rows[1]!.values[1]).toMatch(/^Dense alignment for heterogeneous KV-cache communication/);
  });

  it('writes a verdict that tells the papers apart', () => {
    const { verdict } = comparison;
    expect(verdict).toMatch(/Pick \[1\] .+/);
    expect(verdict).toMatch(/Pick \[2\] .+/);
    expect(verdict).not.toContain('not stated');
    expect(verdict.length).toBeGreaterThan(120);
  });

  it('says "not stated in the abstract" where an abstract is silent', () => {
    const vague = makePaper({ title: 'Thoughts', abstract: 'This note collects some thoughts about language.' });
    const rows = compareOffline([vague, kvCache]).rows;
    expect(rows.find((r) => r.aspect === 'Reported results')!.values[0]).toBe('not stated in the abstract');
    expect(rows.find((r) => r.aspect === 'Data / benchmarks')!.values[0]).toBe('not stated in the abstract');
  });

  it('does not take training methods named beside the data (PPO, GRPO, LoRA) for benchmarks', () => {
    const paper = makePaper({
      title: 'SAR',
      abstract:
        'We introduce SAR, a reward. Evaluation on 4 models across 7 benchmarks, GSM8K and MATH500, shows that integrating SAR with PPO and GRPO under LoRA improves accuracy by 4%.',
    });
    const data = compareOffline([paper, kvCache]).rows[2]!.values[0]!;
    expect(data).toContain('GSM8K');
    expect(data).not.toMatch(/GRPO|PPO|LoRA/);
  });

  it('does not take the companies and models named beside the data (OpenAI, GPT-3.5, Llama) for benchmarks', () => {
    const paper = makePaper({
      title: 'Custom fine-tuning',
      abstract:
        "Meta's open release of Llama models and OpenAI's APIs for fine-tuning GPT-3.5 Turbo on custom datasets encourage this practice. We evaluate on AdvBench and HEx-PHI.",
    });
    const data = compareOffline([paper, kvCache]).rows[2]!.values[0]!;
    expect(data).toContain('AdvBench');
    expect(data).not.toMatch(/OpenAI|GPT|Llama/);
  });

  it('finds named benchmarks', () => {
    const web = byArxiv('2606.10423');
    const data = compareOffline([web, kvCache]).rows[2]!.values[0]!;
    expect(data).toContain('WebArena');
  });
});

describe('offline tldr and summariser', () => {
  it('the digest TL;DR is the source AI summary when there is one, else the sentence summarize picks (what the paper does)', () => {
    expect(tldrOffline(makePaper({ aiSummary: 'Short AI summary.' }))).toBe('Short AI summary.');
    expect(tldrOffline(annotation)).toBe(summarizeOffline(annotation).tldr);
    expect(tldrOffline(annotation)).toMatch(/^Definition-Specific Familiarity \(DSF\) measures alignment/);
    expect(tldrOffline(annotation)).not.toBe(splitSentences(annotation.abstract)[0]);
  });

  it('labels every outcome offline and carries its note', async () => {
    const llm = new OfflineSummariser('no OPENAI_API_KEY set');
    const outcome = await llm.tldr(annotation);
    expect(outcome).toMatchObject({ source: 'offline', cached: false, note: 'no OPENAI_API_KEY set' });
    expect(llm.usage()).toEqual([]);
  });

  it('names papers by their title prefix or coined name', () => {
    expect(shortName('WebChallenger: A Reliable and Efficient Generalist Web Agent')).toBe('WebChallenger');
    expect(shortName('A Long Title Without Any Colon', 'We introduce FooNet, a network.')).toBe('FooNet');
  });
});

describe('sentence splitting', () => {
  it('does not split at abbreviations or decimals', () => {
    expect(splitSentences('We use e.g. BERT et al. for this. Accuracy is 34.8% here. Done!')).toEqual([
      'We use e.g. BERT et al. for this.',
      'Accuracy is 34.8% here.',
      'Done!',
    ]);
  });
});
