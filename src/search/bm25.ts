/**
 * FTS5's bm25() (ext/fts5/fts5_aux.c), computed outside SQLite so that candidates can be scored without
 * FTS5 re-reading every matching row: for each phrase i of the query,
 *   idf_i = ln((N - nHit_i + 0.5) / (nHit_i + 0.5)), or 1e-6 when that is not positive,
 *   f_i   = the column-weighted count of the phrase's instances in the row,
 *   score = Σ idf_i · f_i·(k1 + 1) / (f_i + k1·(1 - b + b·len/avgdl)),  len = the row's tokens, all columns.
 * FTS5 returns -score; here higher is better.
 */

export const K1 = 1.2;
export const B = 0.75;

/** papers_fts columns in order and their bm25 weights: the same as SearchRepo's ORDER BY. */
export const COLUMNS = ['title', 'abstract', 'authors', 'organization', 'keywords'] as const;
export type Column = (typeof COLUMNS)[number];
export const WEIGHTS: readonly number[] = [10, 1, 3, 3, 4];
export const WEIGHTS_SQL = WEIGHTS.map((w) => w.toFixed(1)).join(', ');

export function idf(rows: number, hits: number): number {
  const value = Math.log((rows - hits + 0.5) / (hits + 0.5));
  return value <= 0 ? 1e-6 : value;
}

/** One phrase's part of the score before idf: grows with `weighted`, shrinks with the row's length. */
export function saturation(weighted: number, length: number, averageLength: number): number {
  return saturated(weighted, lengthNorm(length, averageLength));
}

/** saturation()'s part that depends on the row's length alone, for scoring many phrases of one row. */
export const lengthNorm = (length: number, averageLength: number): number => K1 * (1 - B + (B * length) / averageLength);

/** saturation() given lengthNorm(). */
export const saturated = (weighted: number, norm: number): number => (weighted * (K1 + 1)) / (weighted + norm);

/** The inverse of saturation(): the weighted count behind a phrase's part of the score (a whole number). */
export function weightedFromScore(part: number, length: number, averageLength: number): number {
  return Math.round((part * lengthNorm(length, averageLength)) / (K1 + 1 - part));
}
