import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { questionWords } from '../../../src/core/ask-passages.ts';
import { parsePaperHtml } from '../../../src/fulltext/parse.ts';
import { parseListing } from '../../../src/sources/detect.ts';
import { Store } from '../../../src/store/store.ts';
import { latexmlPage } from '../../fakes/arxiv-html.ts';
import { describeRepos } from './paper-repos.ts';

const PASSAGES = [
  { number: '', heading: 'Abstract', text: 'We study sparse mixers.' },
  { number: '3', heading: 'Method', text: 'The router picks two experts per token.' },
  { number: '3.1', heading: 'Load balancing', text: 'An auxiliary loss balances the experts across devices.' },
];

/**
 * A paper in LaTeXML's structure whose text is real: the 30 abstracts of an HF week (one section each,
 * titled with its paper's title, two sentences a paragraph), read by the same parser as arXiv's pages.
 */
function realTextPaper() {
  const week = parseListing(readFileSync(new URL('../../fixtures/hf/week-2026-W24.json', import.meta.url), 'utf8'));
  const sections = week.papers.map((p, i) => {
    const sentences = p.abstract.split(/(?<=\.)\s+/);
    const paragraphs = Array.from({ length: Math.ceil(sentences.length / 2) }, (_, j) => sentences.slice(2 * j, 2 * j + 2).join(' '));
    return { number: String(i + 1), title: p.title, paragraphs };
  });
  const parsed = parsePaperHtml(latexmlPage({ title: 'A week of papers', abstract: 'Thirty papers, one a section.', sections }));
  return { papers: week.papers, passages: parsed.passages };
}

describeRepos('full text contract', (open) => {
  it('GIVEN stored passages THEN they are searched over quoted words, a heading counting double; syntax in a question is just text', async () => {
    const { fullText } = await open();
    expect(await fullText.doc('2501.00001', '')).toBeUndefined();
    await fullText.save('2501.00001', '', { state: 'html', title: 'Sparse Mixers', passages: PASSAGES }, new Date('2026-01-01T00:00:00Z'));
    expect(await fullText.doc('2501.00001', '')).toEqual({ state: 'html', title: 'Sparse Mixers', fetchedAt: '2026-01-01T00:00:00.000Z' });
    expect((await fullText.best('2501.00001', '', ['experts', 'balancing'], 2)).map((p) => p.number)).toEqual(['3.1', '3']);
    // Stemmed as FTS5's porter tokenizer stems: "balanced" finds "balances" and "balancing".
    expect((await fullText.best('2501.00001', '', ['balanced'], 5)).map((p) => p.number)).toEqual(['3.1']);
    expect(await fullText.best('2501.00001', '', ['NEAR(', '"', 'AND', '*'], 5)).toEqual([]);
    expect(await fullText.best('2501.00001', '', ["'; DROP TABLE fulltext_chunks; --", 'a|b', '!x', '<->'], 5)).toEqual([]);
    expect(await fullText.best('2501.00001', '', [], 5)).toEqual([]);
    expect(await fullText.best('2501.00001', 'v2', ['experts'], 5)).toEqual([]);
    expect(await fullText.opening('2501.00001', '', 2)).toEqual([
      { seq: 0, ...PASSAGES[0] },
      { seq: 1, ...PASSAGES[1] },
    ]);
  });

  it('GIVEN a version saved again THEN it replaces what was stored, and a missing one keeps a title cut to 500 characters', async () => {
    const { fullText } = await open();
    await fullText.save('2501.00001', 'v1', { state: 'html', title: 'Sparse Mixers', passages: PASSAGES });
    await fullText.save('2501.00001', 'v2', { state: 'html', title: 'Sparse Mixers v2', passages: PASSAGES.slice(0, 1) });
    await fullText.save('2501.00001', 'v1', { state: 'missing', title: 'T'.repeat(600), passages: [] });
    expect(await fullText.best('2501.00001', 'v1', ['experts'], 2)).toEqual([]);
    expect(await fullText.opening('2501.00001', 'v1', 5)).toEqual([]);
    expect(await fullText.doc('2501.00001', 'v1')).toMatchObject({ state: 'missing', title: 'T'.repeat(500) });
    expect((await fullText.opening('2501.00001', 'v2', 5)).map((p) => p.heading)).toEqual(['Abstract']);
  });

  it("GIVEN a paper's real text THEN the best passages for a question are SQLite's (BM25), in its order", async () => {
    const { fullText } = await open();
    const reference = Store.open(':memory:');
    try {
      const { papers, passages } = realTextPaper();
      expect(passages.length).toBeGreaterThan(60);
      const doc = { state: 'html' as const, title: 'A week of papers', passages };
      reference.fullText.save('2606.99999', '', doc);
      await fullText.save('2606.99999', '', doc);
      let agreed = 0;
      let sameTop3 = 0;
      let questions = 0;
      for (const paper of papers) {
        // A question from the paper's title, and one from a phrase of its abstract.
        for (const question of [paper.title, paper.abstract.split(/\s+/).slice(8, 16).join(' ')]) {
          const words = questionWords(question);
          const expected = reference.fullText.best('2606.99999', '', words, 3);
          const found = await fullText.best('2606.99999', '', words, 3);
          questions += 1;
          if (found[0]?.seq === expected[0]?.seq) agreed += 1;
          if (found.map((p) => p.seq).join() === expected.map((p) => p.seq).join()) sameTop3 += 1;
          expect(found.length, question).toBe(expected.length);
        }
      }
      // Measured: 60 of 60 best passages, 56 of 60 top threes in SQLite's order (Snowball's stemmer stands in for
      // FTS5's Porter's; the rest is FTS5's bm25). ts_rank_cd, without idf, missed 11 best passages.
      expect(agreed / questions).toBeGreaterThanOrEqual(0.95);
      expect(sameTop3 / questions).toBeGreaterThanOrEqual(0.9);
    } finally {
      reference.close();
    }
  });
});
