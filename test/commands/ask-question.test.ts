import { describe, expect, it } from 'vitest';
import { parseBudget, parseLanguage } from '../../src/core/ask-budget.ts';
import { splitQuestion } from '../../src/core/ask-question.ts';
import { questionWords } from '../../src/core/ask-passages.ts';

describe('reading a question', () => {
  it.each([
    ['3 what dataset does it use?', ['3'], 'what dataset does it use?'],
    ['1 and 2 which needs less compute?', ['1', '2'], 'which needs less compute?'],
    ['#4, 5: how fast?', ['#4', '5'], 'how fast?'],
    ['2506.01234v2 how is it trained?', ['2506.01234v2'], 'how is it trained?'],
    ['https://arxiv.org/abs/2506.01234 why?', ['https://arxiv.org/abs/2506.01234'], 'why?'],
    ['"sparse mixers" what is the learning rate?', ['"sparse mixers"'], 'what is the learning rate?'],
    ['what dataset does 3 use?', [], 'what dataset does 3 use?'],
    ['300 epochs or more?', ['300'], 'epochs or more?'],
  ])('“%s”', (text, refs, question) => {
    expect(splitQuestion(text)).toEqual({ refs, question });
  });

  it('searches the words that matter, never FTS syntax of its own', () => {
    expect(questionWords('Which of these needs the least compute?')).toEqual(['needs', 'compute']);
    expect(questionWords('what dataset does 3 use? "NEAR(" OR *')).toEqual(['dataset', 'near']);
  });

  it('reads budgets and languages, and refuses what it cannot read', () => {
    expect(parseBudget('200k')).toBe(200_000);
    expect(parseBudget('1.5M')).toBe(1_500_000);
    expect(parseBudget('50000')).toBe(50_000);
    expect(parseBudget('off')).toBeNull();
    expect(() => parseBudget('12')).toThrow(/not a daily token budget/);
    expect(() => parseBudget('lots')).toThrow(/not a daily token budget/);
    expect(parseLanguage('DE')).toBe('de');
    expect(parseLanguage('pt-br')).toBe('pt-BR');
    expect(parseLanguage('off')).toBeNull();
    expect(() => parseLanguage('Deutsch bitte')).toThrow(/not a language code/);
  });
});
