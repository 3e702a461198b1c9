import { describe, expect, it } from 'vitest';
import { summaryReply } from '../../src/core/replies.ts';
import { OfflineSummariser, compareOffline, summarizeOffline } from '../../src/llm/offline.ts';
import { numbersIn } from '../../src/llm/offline-compare.ts';
import { withoutLeadIn } from '../../src/llm/offline-clauses.ts';
import { NOT_STATED } from '../../src/llm/prompts.ts';
import { isCut } from '../eval/checks.ts';
import { listingPapers } from '../eval/corpus.ts';
import { fixturePapers, makePaper } from './helpers.ts';

const papers = fixturePapers();
const byArxiv = (id: string) => papers.find((p) => p.arxivId === id)!;
const maskAlign = byArxiv('2606.08788'); // "To address this issue, we propose MaskAlign, …"
const sdg = byArxiv('2606.06113'); // "To address this representation bottleneck, we propose Structured Defect Grounding (SDG), …"
const soda = byArxiv('2606.07867'); // "safety improves by 9--52% as …"
const msa = byArxiv('2606.13392'); // "… speedups on H800", a production model on Hugging Face
const viaSd = byArxiv('2606.12243'); // "reduces rejection rates by 0.10-0.22 and delivers 10-20% speedups"
const kvCache = byArxiv('2606.13594');
const cell = (paper: typeof soda, aspect: string, others = [kvCache]) =>
  compareOffline([paper, ...others]).rows.find((r) => r.aspect === aspect)!.values[0]!;

describe('offline TL;DR', () => {
  it("is HF's ai_summary when the paper has one, and the bullets do not repeat it", () => {
    const aiSummary = 'MaskAlign improves diffusion transformer training by aligning random token subsets.';
    const { tldr, points } = summarizeOffline({ ...maskAlign, aiSummary });
    expect(tldr).toBe(aiSummary);
    expect(points.length).toBeGreaterThanOrEqual(2);
    for (const point of points) expect(point).not.toBe(aiSummary);
  });

  it.each([
    [maskAlign, /^MaskAlign is a token-subset representation alignment method/],
    [sdg, /^Structured Defect Grounding \(SDG\) casts T2I diagnosis as structured set prediction/],
  ])('drops a subordinate lead-in whole, never leaving "Issue, we propose …" ($arxivId)', (paper, start) => {
    const { tldr } = summarizeOffline(paper);
    expect(tldr).toMatch(start);
    expect(tldr).not.toMatch(/^(?:Issue|Representation bottleneck),/);
  });

  it('states what the paper does rather than its background', () => {
    expect(summarizeOffline(soda).tldr).toMatch(/^Safety Over Depth for Agents \(SODA\) is a benchmark that controls/);
    expect(summarizeOffline(kvCache).tldr).toMatch(/^We propose dense alignment for heterogeneous KV-cache communication/);
  });

  it('rewrites lead-ins to a clean, capitalised clause and leaves main clauses alone', () => {
    expect(withoutLeadIn('To address this issue, we propose MaskAlign.')).toBe('We propose MaskAlign.');
    expect(withoutLeadIn('In this paper, we present HYDRA-X, the first UMM.')).toBe('We present HYDRA-X, the first UMM.');
    expect(withoutLeadIn('Crucially, we introduce DSF.')).toBe('We introduce DSF.');
    expect(withoutLeadIn('However, such alignment also introduces a constraint.')).toBe('Such alignment also introduces a constraint.');
    const subject = 'Multi-agent systems communicate mostly through text, paying a lossy and expensive cost.';
    expect(withoutLeadIn(subject)).toBe(subject);
  });

  it('has no broken lead-in on any of the 196 fixture abstracts', () => {
    for (const paper of [...papers, ...listingPapers()]) expect(summarizeOffline(paper).tldr).not.toMatch(/^[a-z]|^\w+, we /);
  });
});

describe('offline key contributions', () => {
  it('are whole sentences or clean clauses of the abstract, never clipped mid-sentence', () => {
    for (const paper of [...papers, ...listingPapers()]) {
      for (const point of summarizeOffline(paper).points) {
        expect(point).not.toContain('…');
        expect(isCut(point, paper.abstract), `${paper.title}: ${point}`).toBe(false);
      }
    }
  });

  it('never repeat background, boilerplate or the TL;DR', () => {
    const { tldr, points } = summarizeOffline(kvCache);
    expect(points.join(' ')).not.toMatch(/Multi-agent systems communicate mostly through text|KV-cache communication is a promising/);
    expect(points).not.toContain(tldr);
    for (const paper of papers) expect(summarizeOffline(paper).points.join(' ')).not.toMatch(/https?:\/\/|available at/);
  });

  it('shortens a long sentence at a clause boundary instead of clipping it', () => {
    const web = byArxiv('2606.10423');
    const argue = summarizeOffline(web).points.find((p) => p.startsWith('We argue'));
    // The sentence goes on ": selective attention to relevant page regions, persistent memory …" past the bullet's length.
    expect(argue).toBe(
      'We argue this gap stems not from insufficient model capability but from agent architectures that fail to replicate three human cognitive advantages.',
    );
    expect(isCut(argue!, web.abstract)).toBe(false);
  });
});

describe('offline comparison', () => {
  it('keeps the sign, range and unit of numbers ("9--52%" stays "9–52%", never "-52%")', () => {
    expect(numbersIn('safety improves by 9--52% as tasks increase')).toEqual(['9–52%']);
    expect(numbersIn('reduces rejection rates by 0.10-0.22 and delivers 10-20% speedups, 2.5-3x faster')).toEqual(['10-20%', '2.5-3x']);
    expect(numbersIn('a positive association (partial r = +0.41)')).toEqual(['= +0.41']);
    const results = cell(soda, 'Reported results');
    expect(results).toContain('9–52%');
    expect(results).not.toMatch(/(?<!\d)-52/);
    const { verdict } = compareOffline([soda, byArxiv('2606.12303')]);
    expect(verdict).toContain('9–52%');
    expect(verdict).not.toMatch(/\(-52%/);
  });

  it('keeps each number with its own paper', () => {
    const { rows } = compareOffline([soda, msa, viaSd]);
    const results = rows.find((r) => r.aspect === 'Reported results')!.values;
    expect(results[0]).not.toMatch(/28\.4x|10-20%/);
    expect(results[1]).toMatch(/28\.4x|14\.2x/);
    expect(results[1]).not.toMatch(/9–52%|10-20%/);
    expect(results[2]).toContain('10-20%');
  });

  it('never lists hardware, model families, licences or companies as data', () => {
    expect(cell(msa, 'Data / benchmarks')).toBe(NOT_STATED);
    const paper = makePaper({
      title: 'Tuned',
      abstract:
        'We fine-tune SDXL and Qwen2.5-7B from Alibaba on 8 H100 GPUs. We release the weights under the Apache 2.0 license. We evaluate on COCO and GenEval, where our model improves FID by 2.1 points.',
    });
    const data = cell(paper, 'Data / benchmarks');
    expect(data).toContain('COCO');
    expect(data).toContain('GenEval');
    expect(data).not.toMatch(/SDXL|Qwen|Alibaba|H100|GPU|Apache|license/);
  });

  it('fills a cell only with what that abstract states, else says "not stated"', () => {
    const { rows } = compareOffline([msa, soda]);
    const data = rows.find((r) => r.aspect === 'Data / benchmarks')!.values;
    expect(data[0]).toBe(NOT_STATED);
    expect(data[1]).toMatch(/AgentHarm/);
    for (const row of rows) for (const value of row.values) expect(value).not.toContain('…');
  });

  it('gives reasons to pick a paper in the words of its abstract', () => {
    const { verdict } = compareOffline([byArxiv('2606.10896'), byArxiv('2606.11662')]);
    expect(verdict).toContain('Pick [1] Flash-GMM for efficient computation of Gaussian Mixture Models');
    expect(verdict).toContain('Pick [2] TreeSeeker for controlled trial-and-error in deep search');
  });
});

describe('offline summary reply', () => {
  it("says when the TL;DR is Hugging Face's AI summary rather than a sentence of the abstract", async () => {
    const llm = new OfflineSummariser('no OPENAI_API_KEY set');
    const paper = { ...maskAlign, aiSummary: 'MaskAlign aligns random token subsets to speed up diffusion training.' };
    const withSummary = summaryReply([{ paper, outcome: await llm.summarize(paper) }], llm);
    expect(withSummary.fallback).toContain(
      "the abstract's most informative sentences. The TL;DR is Hugging Face's AI summary of the paper.",
    );
    const without = summaryReply([{ paper: maskAlign, outcome: await llm.summarize(maskAlign) }], llm);
    expect(without.fallback).not.toContain('Hugging Face');
  });
});
