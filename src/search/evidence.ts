/**
 * What the impact lists say about one phrase of a query (topk.ts's Evidence), and its document frequency
 * when that comes free. One word: its list, exact. A longer phrase: no paper has more instances of it, in
 * any column, than of its rarest-listed word, so the word lists bound it; a paper absent from a word's
 * complete list cannot contain the phrase at all.
 */
import { COLUMNS, WEIGHTS, saturation } from './bm25.ts';
import { isComplete, weightedAt, type ImpactList } from './impact-lists.ts';
import type { Phrase } from './phrases.ts';
import type { Evidence } from './topk.ts';

export interface PhraseEvidence {
  readonly evidence: Evidence;
  /** Papers containing the phrase, when known without counting. */
  readonly hits?: number;
}

const NONE: PhraseEvidence = { evidence: { ids: [], lengths: [], weighted: [], exact: true, complete: true, tail: 0 }, hits: 0 };

/** The saturation of an incomplete list's weakest entry: no paper left out of the list scores more for the term. */
export function tailOf(list: ImpactList, averageLength: number): number {
  if (isComplete(list)) return 0;
  const last = list.ids.length - 1;
  return saturation(weightedAt(list, last), list.lengths[last]!, averageLength);
}

/** Every paper containing a phrase, with the phrase's exact weighted count and the paper's length. */
export interface PhraseMatches {
  readonly ids: readonly number[];
  readonly lengths: readonly number[];
  readonly weighted: readonly number[];
}

/**
 * `lists` has one entry per token: the token's list, undefined for a prefix token (no list), null for a
 * token no paper contains. `matches` gives the phrase's matches when there are few enough to be cheap.
 */
export function phraseEvidence(
  phrase: Phrase,
  lists: readonly (ImpactList | null | undefined)[],
  averageLength: number,
  rows: number,
  matches: () => PhraseMatches | undefined,
): PhraseEvidence | undefined {
  const column = phrase.column ? COLUMNS.indexOf(phrase.column) : undefined;
  if (lists.some((list) => list === null)) return NONE;
  const listed = lists.filter((list): list is ImpactList => list !== undefined);
  if (phrase.tokens.length === 1 && listed.length === 1) {
    const list = listed[0]!;
    if (column !== undefined && !isComplete(list)) {
      // The list ranks the word over all columns; the papers with it in this column are better asked for.
      const found = matches();
      if (found) return exactly(found);
    }
    const entries = column === undefined ? indices(list) : indices(list).filter((j) => list.counts[j * COLUMNS.length + column]! > 0);
    const evidence = {
      ids: entries.map((j) => list.ids[j]!),
      lengths: entries.map((j) => list.lengths[j]!),
      weighted: entries.map((j) => weightedAt(list, j, column)),
      exact: true,
      complete: isComplete(list),
      tail: tailOf(list, averageLength),
    };
    return { evidence, ...(column === undefined ? { hits: list.df } : isComplete(list) ? { hits: entries.length } : {}) };
  }
  // FTS5 matches a phrase slowly when one of its words is in a good share of all papers ("the", "our");
  // a rare word's complete list then gives the candidates instead, to be settled from their text.
  const complete = listed.filter(isComplete).sort((a, b) => a.ids.length - b.ids.length)[0];
  const common = listed.some((list) => list.df > rows / 20);
  if (complete && common) return { evidence: bounded(complete.ids, listed, column, true, 0) };
  const found = matches();
  if (found) return exactly(found);
  if (complete) return { evidence: bounded(complete.ids, listed, column, true, 0) };
  if (listed.length === 0) return undefined;
  const tightest = listed.reduce((a, b) => (tailOf(b, averageLength) < tailOf(a, averageLength) ? b : a));
  return { evidence: bounded(tightest.ids, listed, column, false, tailOf(tightest, averageLength)) };
}

const exactly = (found: PhraseMatches): PhraseEvidence => ({
  evidence: { ...found, exact: true, complete: true, tail: 0 },
  hits: found.ids.length,
});

const indices = (list: ImpactList): number[] => Array.from({ length: list.ids.length }, (_, j) => j);

/**
 * Candidates `ids`, each bounded by the fewest instances any listed word has in each column; a paper no
 * list has gets an unbounded count. Papers a complete list lacks cannot contain the phrase and are dropped.
 */
function bounded(
  ids: ArrayLike<number>,
  lists: readonly ImpactList[],
  column: number | undefined,
  complete: boolean,
  tail: number,
): Evidence {
  const positions = lists.map((list) => new Map(Array.from(list.ids, (id, j) => [id, j])));
  const out = { ids: [] as number[], lengths: [] as number[], weighted: [] as number[], exact: false, complete, tail };
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k]!;
    const fewest = [Infinity, Infinity, Infinity, Infinity, Infinity];
    let length = -1;
    let absent = false;
    lists.forEach((list, l) => {
      const j = positions[l]!.get(id);
      if (j === undefined) {
        absent ||= isComplete(list);
        return;
      }
      length = list.lengths[j]!;
      for (let c = 0; c < COLUMNS.length; c++) fewest[c] = Math.min(fewest[c]!, list.counts[j * COLUMNS.length + c]!);
    });
    if (absent) continue;
    const weighted = column === undefined ? fewest.reduce((sum, n, c) => sum + WEIGHTS[c]! * n, 0) : WEIGHTS[column]! * fewest[column]!;
    out.ids.push(id);
    out.lengths.push(length);
    out.weighted.push(length < 0 ? Infinity : weighted);
  }
  return out;
}
