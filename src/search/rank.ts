/**
 * bm25's order as SearchRepo's ORDER BY gives it: score, then upvotes, then the newest id. Upvotes are read
 * only for the papers at or above the limit-th best score, the only ones a tie can reorder.
 */

/** What ranking from postings needs besides the query's terms. */
export interface RankingInput {
  /** Each paper's length in tokens, by id. */
  readonly lengths: Int32Array;
  readonly averageLength: number;
  readonly limit: number;
  /** The tie-break: upvotes of papers whose scores are equal. */
  upvotes(ids: readonly number[]): Map<number, number>;
}

export interface Ranked {
  readonly id: number;
  readonly score: number;
  readonly upvotes: number;
}

export const better = (a: Ranked, b: Ranked): number => b.score - a.score || b.upvotes - a.upvotes || b.id - a.id;

/** The best `limit` of the candidates `ids[k]` whose score `scores[k]` is known (`known(k)`). */
export function rankBest(
  ids: Int32Array,
  scores: Float64Array,
  limit: number,
  upvotes: (ids: readonly number[]) => Map<number, number>,
  known: (k: number) => boolean,
): Ranked[] {
  const best: number[] = [];
  for (let k = 0; k < ids.length; k++) {
    const s = scores[k]!;
    if (!known(k) || (best.length === limit && s < best[limit - 1]!)) continue;
    let at = best.length;
    while (at > 0 && best[at - 1]! < s) at--;
    best.splice(at, 0, s);
    if (best.length > limit) best.length = limit;
  }
  if (best.length === 0) return [];
  const bar = best.at(-1)!;
  const contenders: number[] = [];
  for (let k = 0; k < ids.length; k++) if (known(k) && scores[k]! >= bar) contenders.push(k);
  const votes = upvotes(contenders.map((k) => ids[k]!));
  return contenders
    .map((k) => ({ id: ids[k]!, score: scores[k]!, upvotes: votes.get(ids[k]!) ?? 0 }))
    .sort(better)
    .slice(0, limit);
}
