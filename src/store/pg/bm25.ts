/**
 * SQLite FTS5's bm25() (its fts5_aux.c), for passages whose words PostgreSQL found: k1 1.2, b 0.75; a phrase's
 * idf is log((N − n + 0.5) / (n + 0.5)) over every stored passage, 1e-6 when not positive; each instance of
 * it adds its column's weight to its frequency; a passage's length is its words in every column, against
 * their average. ts_rank_cd has no idf, so a question's common words would outweigh its rare ones.
 */

const K1 = 1.2;
const B = 0.75;

/** One lexeme's positions in a passage's tsvector, each with its weight letter (the column). */
export interface Posting {
  readonly lexeme: string;
  readonly positions: readonly number[];
  readonly weights: readonly string[];
}

export const idf = (passages: number, hits: number): number => {
  const value = Math.log((0.5 + passages - hits) / (0.5 + hits));
  return value > 0 ? value : 1e-6;
};

/**
 * A phrase's frequency in a passage: its instances (its lexemes at consecutive positions of one column),
 * each counting its column's weight.
 */
export function phraseFrequency(
  phrase: readonly string[],
  postings: ReadonlyMap<string, Posting>,
  columnWeight: Readonly<Record<string, number>>,
): number {
  const first = postings.get(phrase[0]!);
  if (!first) return 0;
  const at = phrase.map((lexeme) => {
    const posting = postings.get(lexeme);
    return new Map(posting ? posting.positions.map((p, i) => [p, posting.weights[i]!]) : []);
  });
  let frequency = 0;
  first.positions.forEach((start, i) => {
    const column = first.weights[i]!;
    if (phrase.every((_, k) => at[k]!.get(start + k) === column)) frequency += columnWeight[column] ?? 0;
  });
  return frequency;
}

/** bm25 of one passage (higher is better: FTS5's value negated). */
export function bm25(frequencies: readonly number[], idfs: readonly number[], length: number, averageLength: number): number {
  const norm = K1 * (1 - B + (B * length) / (averageLength || 1));
  return frequencies.reduce((score, f, i) => score + (idfs[i]! * (f * (K1 + 1))) / (f + norm), 0);
}
