import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../src/llm/extract.ts';
import { compareOffline, summarizeOffline } from '../../src/llm/offline.ts';
import { withoutLeadIn } from '../../src/llm/offline-clauses.ts';
import {
  asStatement,
  compress,
  dropAsides,
  dropDashAsides,
  withoutHedges,
  withoutReporting,
  withoutTail,
} from '../../src/llm/offline-compress.ts';
import { isCompressionOf } from '../eval/checks.ts';
import { listingPapers } from '../eval/corpus.ts';
import { fixturePapers } from './helpers.ts';

// Real abstracts: the "rules" half of the evaluation papers (test/eval/README.md) and the HF listing pages.
const papers = fixturePapers();
const byArxiv = (id: string) => papers.find((p) => p.arxivId === id)!;
const sentence = (id: string, i: number) => splitSentences(byArxiv(id).abstract)[i]!;
const annotation = '2606.00467'; // "On the Limits of LLM Adaptability"
const flashGmm = byArxiv('2606.10896');
const rewardBench = listingPapers().find((p) => p.abstract.includes('RewardBench 2, a new multi-skill'))!;

describe('dropAsides', () => {
  it('drops parentheses that only explain', () => {
    const text = dropAsides(sentence(annotation, 2));
    expect(text).toContain('toxicity detection across diverse datasets using both dense and mixture-of-experts models');
    expect(text).toContain('with an overall rescue rate of only 34.8%.');
    expect(text).not.toMatch(/spanning|fraction of initial errors/);
  });

  it('keeps acronyms, enumerators and parentheses with a number', () => {
    expect(dropAsides(sentence(annotation, 0))).toContain('Large Language Models (LLMs) are increasingly used');
    expect(dropAsides(sentence(annotation, 1))).toContain('(1) how an LLM');
    expect(dropAsides(sentence(annotation, 6))).toContain('(partial r = +0.41)');
  });
});

describe('withoutReporting', () => {
  it('states the finding instead of "we demonstrate that"', () => {
    expect(withoutReporting(withoutLeadIn(sentence('2606.12488', 1)))).toBe(
      'Stationary representations learned by d-Simplex fixed classifiers imply compatibility as in its formal definition.',
    );
  });

  it('leaves a that-clause that cannot open a sentence', () => {
    expect(withoutReporting('We show that it matches the teacher.')).toBe('We show that it matches the teacher.');
    expect(withoutReporting('We show that, under full-token alignment, tokens differ.')).toBe(
      'We show that, under full-token alignment, tokens differ.',
    );
  });
});

describe('asStatement', () => {
  it('turns "We propose X, a Y" into "X is a Y" and "We propose X, which Ys" into "X Ys"', () => {
    expect(asStatement(sentence('2606.10896', 0))).toMatch(/^Flash-GMM is a fused Triton kernel for efficient computation/);
    expect(asStatement(withoutLeadIn(sentence(annotation, 5)))).toBe(
      "Definition-Specific Familiarity (DSF) measures alignment between a model's internal concept and the task definition.",
    );
    expect(asStatement(withoutLeadIn(sentence('2606.06113', 3)))).toMatch(
      /^Structured Defect Grounding \(SDG\) casts T2I diagnosis as structured set prediction/,
    );
  });

  it('leaves sentences whose object is not a name', () => {
    const kv = withoutLeadIn(sentence('2606.13594', 4));
    expect(asStatement(kv)).toBe(kv);
    const selfAlign =
      'We propose an approach called SELF-ALIGN, which combines principle-driven reasoning and the generative power of LLMs.';
    expect(asStatement(selfAlign)).toBe(selfAlign);
  });
});

describe('withoutHedges', () => {
  it('drops the praise an abstract gives itself and keeps the article right', () => {
    expect(withoutHedges(withoutLeadIn(sentence('2606.08063', 3)))).toBe(
      'We propose Robust-U1, a framework that equips MLLMs with explicit visual self-recovery capability for robust understanding.',
    );
    expect(withoutHedges('We propose a simple and effective attack method that causes aligned language models to misbehave.')).toBe(
      'We propose an attack method that causes aligned language models to misbehave.',
    );
  });
});

describe('withoutTail and dropDashAsides', () => {
  it('drops a trailing detail after a colon, and only when enough words remain', () => {
    expect(withoutTail(compress(withoutLeadIn(sentence('2606.13594', 4))), 12)).toBe(
      'We propose dense alignment for heterogeneous KV-cache communication via a lightweight cross-model cache transformation and two-phase training.',
    );
    expect(withoutTail('WebChallenger is a web agent framework, built around PageMem.', 12)).toBe(
      'WebChallenger is a web agent framework, built around PageMem.',
    );
  });

  it('drops an aside between dashes', () => {
    const text = splitSentences(rewardBench.abstract).find((s) => s.includes('RewardBench 2, a new'))!;
    expect(dropDashAsides(text)).not.toContain('models score about 20 points');
    expect(dropDashAsides(text)).toContain('reward model evaluation while being highly correlated with downstream performance');
  });
});

describe('lead-ins before the paper’s own name', () => {
  it('are dropped whole when the name follows, and only then', () => {
    const maskAlign = sentence('2606.08788', 6);
    expect(withoutLeadIn(maskAlign, ['MaskAlign'])).toMatch(/^MaskAlign reduces the dependence of representation alignment/);
    expect(withoutLeadIn(maskAlign)).toBe(maskAlign);
    expect(withoutLeadIn(sentence('2606.12243', 6), ['VIA-SD'])).toMatch(/^VIA-SD reduces rejection rates by 0\.10-0\.22/);
  });
});

describe('compressed TL;DRs', () => {
  it.each([
    ['2606.12488', 'Stationary representations learned by d-Simplex fixed classifiers imply compatibility as in its formal definition.'],
    [
      '2606.06113',
      'Structured Defect Grounding (SDG) casts T2I diagnosis as structured set prediction by modeling each defect as a tuple.',
    ],
    ['2606.10423', 'WebChallenger is a web agent framework that addresses each gap through architecture design rather than model scale.'],
    ['2606.08063', 'Robust-U1 is a framework that equips MLLMs with explicit visual self-recovery capability for robust understanding.'],
  ])('%s reads as one clean sentence of its abstract', (id, tldr) => {
    const paper = byArxiv(id);
    expect(summarizeOffline(paper).tldr).toBe(tldr);
    expect(isCompressionOf(tldr, paper.abstract)).toBe(true);
  });

  it('are never cut with "…", not even for a sentence too long to fit at a clause boundary', () => {
    const { tldr } = summarizeOffline(rewardBench);
    expect(tldr).not.toContain('…');
    expect(tldr).toMatch(
      /^This paper introduces RewardBench 2, a multi-skill reward modeling benchmark designed to bring new, challenging data/,
    );
    for (const paper of [...papers, ...listingPapers()]) expect(summarizeOffline(paper).tldr).not.toContain('…');
  });
});

describe('results cells fit the row, not each cell', () => {
  const results = (group: typeof papers) => compareOffline(group).rows.find((r) => r.aspect === 'Reported results')!;

  it('gives a paper the room its neighbours leave, so all its numbers fit a three-paper row', () => {
    // PianoKontext and MuJoCo-Drones-Gym report no numbers.
    const row = results([flashGmm, byArxiv('2606.12282'), byArxiv('2606.08039')]);
    for (const n of ['20times', '100times', '1.7times', '+2–12 recall@10']) expect(row.values[0]).toContain(n);
  });

  it('keeps every number-rich row inside a Discord field (1,024 characters)', () => {
    for (const group of [
      [byArxiv(annotation), flashGmm, byArxiv('2606.10423')],
      [flashGmm, byArxiv('2606.12243'), byArxiv('2606.13594')],
    ]) {
      for (const row of compareOffline(group).rows)
        expect(row.values.map((v, i) => `[${i + 1}] ${v}`).join('\n').length).toBeLessThanOrEqual(1024);
    }
  });

  it('drops lead-ins, "we find that" and explaining asides from results so both findings fit', () => {
    const row = results([byArxiv(annotation), flashGmm, byArxiv('2606.10423')]);
    expect(row.values[0]).toMatch(
      /^Nearly two-thirds of zero-shot errors are resistant to correction, with an overall rescue rate of only 34\.8%/,
    );
    expect(row.values[0]).toContain('(partial r = +0.41)');
  });
});
