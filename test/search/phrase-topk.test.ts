import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/query.ts';
import { phraseTopK, type PostingsPhrase } from '../../src/search/phrase-topk.ts';
import { phrasesOf } from '../../src/search/phrases.ts';
import type { Settled } from '../../src/search/topk.ts';

/** Postings from [id, weighted count] pairs, ids ascending. */
const postings = (entries: [number, number][]) => ({
  ids: Int32Array.from(entries, ([id]) => id),
  weights: Uint16Array.from(entries, ([, w]) => w),
});

// Papers 1 to 6, all 10 tokens long. Every one has both words; only papers 2, 4 and 5 have them side by side.
const lengths = Int32Array.from({ length: 7 }, () => 10);
const green = postings([
  [1, 3],
  [2, 1],
  [3, 2],
  [4, 1],
  [5, 2],
  [6, 5],
]);
const tea = postings([
  [1, 4],
  [2, 1],
  [3, 3],
  [4, 2],
  [5, 3],
  [6, 5],
]);
// Paper 5's text: "green tea" twice; the others that have the phrase, once.
const trueCounts = new Map([
  [2, 1],
  [4, 1],
  [5, 2],
]);

const rank = (options: { hits?: Int32Array; maxSettled?: number; query?: string; minYield?: number }) => {
  const phrases = phrasesOf(parseQuery(options.query ?? '"green tea"'));
  const read: number[] = [];
  const input: PostingsPhrase[] = [{ phrase: phrases[0]!, tokens: [green, tea], idf: 1, ...(options.hits ? { hits: options.hits } : {}) }];
  const found = phraseTopK({
    phrases: input,
    lengths,
    averageLength: 10,
    limit: 2,
    maxSettled: options.maxSettled ?? 100,
    ...(options.minYield !== undefined ? { minYield: options.minYield } : {}),
    settle: (ids) => {
      read.push(...ids);
      return new Map(
        ids.map((id): [number, Settled] => [
          id,
          { counts: [trueCounts.get(id) ?? 0], length: 10, matches: trueCounts.has(id), upvotes: 0 },
        ]),
      );
    },
    upvotes: () => new Map(),
  });
  return { found, read: read.sort((a, b) => a - b) };
};

describe('GIVEN a phrase whose words occur together in more papers than the phrase itself', () => {
  it('THEN without its hits, every paper with both words is a candidate and the best bounds are read from text', () => {
    const { found, read } = rank({});
    expect(found).toMatchObject({ ids: [5, 4], candidates: 6 });
    // Papers 6, 1, 3 and 5 bound above the answer's scores: their text decides.
    expect(read).toEqual(expect.arrayContaining([1, 3, 5, 6]));
  });

  it('THEN without its hits, it gives up after the first batch read when too few of those papers hold the phrase, and goes on when enough do', () => {
    // Three of the six papers read hold "green tea": half.
    expect(rank({ minYield: 0.6 }).found).toMatchObject({ fallback: 'few candidates hold the phrase', settled: 6 });
    expect(rank({ minYield: 0.25 }).found).toMatchObject({ ids: [5, 4] });
  });

  it('THEN with its hits, only the hits are candidates, a hit whose scarcest word occurs once is known without its text, and the rest are settled', () => {
    const { found, read } = rank({ hits: Int32Array.from([2, 4, 5]) });
    expect(found).toMatchObject({ ids: [5, 4], candidates: 3, total: 3 });
    // 2 and 4 occur once for sure (their scarcest word does); 5 could occur twice, so its text is read.
    expect(read).toEqual([5]);
  });

  it("THEN with another clause of a common word, the phrase's few hits are the candidates, not the word's many papers", () => {
    const phrases = phrasesOf(parseQuery('"green tea" cup'));
    const cup = postings([
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
    ]);
    const found = phraseTopK({
      phrases: [
        { phrase: phrases[0]!, tokens: [green, tea], idf: 1, hits: Int32Array.from([2, 4, 5]) },
        { phrase: phrases[1]!, tokens: [cup], idf: 1 },
      ],
      lengths,
      averageLength: 10,
      limit: 10,
      maxSettled: 100,
      settle: (ids) =>
        new Map(
          ids.map((id): [number, Settled] => [
            id,
            { counts: [trueCounts.get(id) ?? 0, 1], length: 10, matches: trueCounts.has(id), upvotes: 0 },
          ]),
        ),
      upvotes: () => new Map(),
    });
    expect(found).toMatchObject({ ids: [5, 4, 2], candidates: 3, total: 3 });
  });

  it('THEN it gives up before reading any text when more papers could beat the bar than it may read', () => {
    const { found, read } = rank({ hits: Int32Array.from([1, 2, 3, 4, 5, 6]), maxSettled: 2 });
    expect(found).toMatchObject({ fallback: 'too many candidates to settle', settled: 0 });
    expect(read).toEqual([]);
  });

  it('THEN an excluded phrase with known hits rules its hits out without reading them', () => {
    const phrases = phrasesOf(parseQuery('green -"green tea"'));
    const read: number[] = [];
    const found = phraseTopK({
      phrases: [
        { phrase: phrases[0]!, tokens: [green], idf: 1 },
        { phrase: phrases[1]!, tokens: [green, tea], idf: 0, hits: Int32Array.from([2, 4, 5]) },
      ],
      lengths,
      averageLength: 10,
      limit: 10,
      maxSettled: 100,
      settle: (ids) => {
        read.push(...ids);
        return new Map();
      },
      upvotes: () => new Map(),
    });
    expect(found).toMatchObject({ ids: [6, 1, 3], total: 3 });
    expect(read).toEqual([]);
  });
});
