/**
 * How many papers contain a phrase (its bm25 idf needs that), counted by FTS5 one slice of the id range at
 * a time, the slices spread over the range, until enough hits are seen to estimate the rest or every slice
 * is counted (then the count is exact). A phrase of common words takes FTS5 tens of milliseconds to count
 * in full at a million papers; a slice or two gives its idf within a few percent.
 */
export interface PhraseHits {
  readonly hits: number;
  readonly exact: boolean;
}

export interface HitsOptions {
  readonly slices?: number;
  /** Stop once this many hits are counted: the estimate's error is then about 1/√enough. */
  readonly enough?: number;
  /**
   * FTS5's work to count the phrase everywhere: the postings of its words, Σ df (it reads them all).
   * Counting stops, at least two slices in, once it has read `budget` of them: then and only then the
   * count is an estimate, the same one for the same store every time.
   */
  readonly work: number;
  readonly budget?: number;
}

/** `count(from, to)` counts the phrase's papers with ids in [from, to]; ids run from 1 to `maxId`. */
export function phraseHits(count: (from: number, to: number) => number, maxId: number, options: HitsOptions): PhraseHits {
  const { slices = 16, enough = 20_000, budget = 120_000, work } = options;
  const size = Math.ceil(maxId / slices);
  let hits = 0;
  let covered = 0;
  for (const slice of spread(slices)) {
    const from = slice * size + 1;
    const to = Math.min(maxId, (slice + 1) * size);
    if (from > to) continue;
    hits += count(from, to);
    covered += to - from + 1;
    if (covered < maxId && (hits >= enough || (covered >= 2 * size && (work * covered) / maxId >= budget))) {
      return { hits: Math.round((hits * maxId) / covered), exact: false };
    }
  }
  return { hits, exact: true };
}

/** 0 … n-1 in bit-reversed order (0, n/2, n/4, 3n/4, …): each prefix is spread over the whole range. */
function spread(n: number): number[] {
  const bits = Math.ceil(Math.log2(n));
  const order: number[] = [];
  for (let i = 0; i < 1 << bits; i++) {
    let reversed = 0;
    for (let b = 0; b < bits; b++) if (i & (1 << b)) reversed |= 1 << (bits - 1 - b);
    if (reversed < n) order.push(reversed);
  }
  return order;
}
