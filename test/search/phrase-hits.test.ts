import { describe, expect, it } from 'vitest';
import { phraseHits } from '../../src/search/phrase-hits.ts';

/** A phrase in every `every`-th paper of ids 1…maxId, counted by id range as FTS5 would. */
const countEvery = (every: number) => {
  const calls: [number, number][] = [];
  const count = (from: number, to: number) => {
    calls.push([from, to]);
    return Math.floor(to / every) - Math.floor((from - 1) / every);
  };
  return { count, calls };
};

describe('GIVEN a phrase counted slice by slice of the id range', () => {
  it('THEN a rare phrase is counted in every slice, exactly, each id once', () => {
    const { count, calls } = countEvery(997);
    expect(phraseHits(count, 100_000, { work: 100_000, budget: 200_000 })).toEqual({ hits: 100, exact: true });
    const covered = calls.reduce((n, [from, to]) => n + to - from + 1, 0);
    expect(covered).toBe(100_000);
  });

  it('THEN a common phrase stops once enough hits are seen, from slices spread over the range, and estimates the rest', () => {
    const { count, calls } = countEvery(4);
    const hits = phraseHits(count, 1_000_000, { enough: 500, work: 250_000 });
    expect(hits.exact).toBe(false);
    expect(Math.abs(hits.hits - 250_000) / 250_000).toBeLessThan(0.01);
    expect(calls).toHaveLength(1);
  });

  it("THEN a rare phrase of common words is counted until its words' postings read reach the budget, two slices at least", () => {
    const { count, calls } = countEvery(1000);
    const hits = phraseHits(count, 1_000_000, { work: 1_500_000, budget: 100_000 });
    expect(calls).toHaveLength(2);
    expect(hits).toMatchObject({ exact: false });
    expect(Math.abs(hits.hits - 1000)).toBeLessThan(50);
    expect(new Set(calls.map(([from]) => from)).size).toBe(2);
    expect(calls[1]![0]).toBeGreaterThan(400_000);
  });
});
