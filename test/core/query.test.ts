import { describe, expect, it } from 'vitest';
import { MAX_TERMS, parseQuery, toFtsExpression } from '../../src/core/query.ts';
import { UserError } from '../../src/errors.ts';

const fts = (text: string) => toFtsExpression(parseQuery(text));
const badQuery = (text: string) => {
  try {
    parseQuery(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).code).toBe('bad-query');
    return (error as UserError).message;
  }
  throw new Error(`“${text}” was accepted`);
};

describe('parseQuery → FTS5 expression', () => {
  it('quotes every word and ANDs them', () => {
    expect(fts('diffusion transformers')).toBe('"diffusion" AND "transformers"');
  });

  it('keeps "quoted phrases" (straight or curly) together', () => {
    expect(fts('"video generation" model')).toBe('"video generation" AND "model"');
    expect(fts('“video generation”')).toBe('"video generation"');
  });

  it('turns -word and -"a phrase" into NOT', () => {
    expect(fts('diffusion -survey -"image editing"')).toBe('"diffusion" NOT ("survey" OR "image editing")');
  });

  it('maps author:, org:, title: to FTS column filters, and -author: to an exclusion', () => {
    expect(fts('author:"Yann LeCun" org:nvidia title:mamba')).toBe(
      'authors : "Yann LeCun" AND organization : "nvidia" AND title : "mamba"',
    );
    expect(fts('agents -org:meta')).toBe('"agents" NOT (organization : "meta")');
  });

  it('reads since: and before: as dates, outside the FTS expression', () => {
    const query = parseQuery('agents since:2025-12-01 before:2026-01-01');
    expect(query).toMatchObject({ since: '2025-12-01', before: '2026-01-01' });
    expect(toFtsExpression(query)).toBe('"agents"');
  });

  it('supports OR between alternatives and a trailing * for prefixes', () => {
    expect(fts('agent OR robot planning')).toBe('("agent" OR "robot") AND "planning"');
    expect(fts('diffu*')).toBe('"diffu"*');
  });

  it('doubles inner quotes so user text is never FTS5 syntax', () => {
    expect(fts('NEAR(a b) AND title')).toBe('"NEAR(a" AND "b)" AND "title"');
    expect(fts("'; DROP TABLE papers; --")).toBe('"DROP" AND "TABLE" AND "papers;"');
    expect(fts('a"b')).toBe('"a" AND "b"');
    expect(toFtsExpression({ clauses: [[{ text: 'a"b', prefix: false }]], excluded: [], filters: [], notes: [] })).toBe('"a""b"');
  });

  it(`uses at most ${MAX_TERMS} terms and says so`, () => {
    const query = parseQuery(Array.from({ length: 40 }, (_, i) => `word${i}`).join(' '));
    expect(query.clauses).toHaveLength(MAX_TERMS);
    expect(query.notes.join(' ')).toMatch(/first 32 search terms/);
  });

  it('drops terms FTS5 would not index (emoji, lone stars) but keeps the rest', () => {
    expect(fts('diffusion 🎉 *')).toBe('"diffusion"');
  });

  it('rejects queries with nothing to look for, with a reason', () => {
    expect(badQuery('-survey')).toMatch(/only says what to leave out/);
    expect(badQuery('"')).toMatch(/nothing to search for/);
    expect(badQuery('*** ))) (((')).toMatch(/nothing to search for/);
    expect(badQuery('🎉🚀')).toMatch(/nothing to search for/);
    expect(badQuery('since:2025-12-01')).toMatch(/only narrow a search/);
  });

  it('rejects a filter with nothing after its colon, showing how to write it', () => {
    expect(badQuery('search author: lecun')).toMatch(/“author:” needs what to look for right after the colon.*author:lecun/);
    expect(badQuery('agents -org:')).toMatch(/“org:” needs/);
    expect(badQuery('agents since:')).toMatch(/since:2025-12-01/);
    // An unknown word before a colon is just text, as before.
    expect(fts('note: agents')).toBe('"note:" AND "agents"');
  });

  it('rejects impossible dates and empty ranges', () => {
    expect(badQuery('agents since:2025-13-01')).toMatch(/2025-13-01.*not a date/);
    expect(badQuery('agents since:yesterday')).toMatch(/not a date/);
    expect(badQuery('agents since:2026-01-01 before:2025-01-01')).toMatch(/nothing can match/);
  });

  it('cuts 10 kB of text to a bounded query', () => {
    const query = parseQuery('x'.repeat(10_000));
    expect(query.notes.join(' ')).toMatch(/first 2000 characters/);
    expect(toFtsExpression(query).length).toBeLessThan(2100);
  });
});
