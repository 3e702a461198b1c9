import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/query.ts';
import { phraseCounter } from '../../src/search/count.ts';
import { phrasesOf } from '../../src/search/phrases.ts';
import { tokenize } from '../../src/search/tokenize.ts';

/** title, abstract, authors, organization, keywords */
const PAPERS: readonly (readonly string[])[] = [
  ['Fine-Tuning fine tuning', 'We fine-tune; FINE TUNING (fine)tuning fine_tuning finetuning.', 'Ana Fine', '', 'fine-tuning'],
  ['a a a', 'a a. a-a a', '', '', ''],
  ['GPT4 and GPT-4', 'gpt 4, gpt4o, gpt-4-turbo; 4 gpt', '', 'openai', 'gpt-4'],
  ['Alignment', 'align aligned alignment misalignment re-alignment alignments', 'Al Ign', '', ''],
  [
    'Human annotations',
    'with human annotations, with human-annotations; with  human\nannotations; withhuman annotations',
    '',
    '',
    'human annotations',
  ],
  ['Reward models', 'reward model rewards modeling reward-model reward.models', 'R. Model', 'Reward Lab', 'reward'],
  ['', '', '', '', ''],
  ['Zoë naïve café', 'naive cafe and naïve café', 'Zoë', '', ''],
];

const QUERIES = [
  '"fine tuning"',
  'fine-tuning',
  '"a a"',
  'gpt-4',
  '"gpt 4"',
  'align*',
  '"reward mod"*',
  'title:alignment',
  '"with human annotations"',
  'reward -model',
  'author:model reward',
  '"naive cafe"',
  'model* reward',
];

describe('counting phrases in a paper', () => {
  it('GIVEN the index knows the paper length THEN the regular expression path counts exactly what the token path counts', () => {
    let compared = 0;
    for (const text of QUERIES) {
      const counter = phraseCounter(phrasesOf(parseQuery(text)));
      for (const columns of PAPERS) {
        const tokens = columns.reduce((n, column) => n + tokenize(column).length, 0);
        const scanned = counter.count(columns);
        expect(scanned.length).toBe(tokens);
        expect(counter.count(columns, tokens), `${text} in ${columns[0]}`).toEqual(scanned);
        compared += scanned.counts.some((n) => n > 0) ? 1 : 0;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(12);
  });

  it('counts overlapping instances, hyphens and case as FTS5 does, weighting each column', () => {
    const counter = phraseCounter(phrasesOf(parseQuery('"a a"')));
    // title "a a a": 2 instances × weight 10; abstract "a a. a-a a" is five a's in a row: 4 × 1.
    expect(counter.count(PAPERS[1]!, 8).counts).toEqual([24]);
    const fineTuning = phraseCounter(phrasesOf(parseQuery('"fine tuning"')));
    // title 2 × 10; abstract: fine-tune no, FINE TUNING, (fine)tuning, fine_tuning: 3 × 1; keywords 1 × 4.
    expect(fineTuning.count(PAPERS[0]!, 20).counts).toEqual([27]);
  });
});
