/**
 * ROUGE-L F1 (Lin 2004): the longest common subsequence of lower-cased alphanumeric tokens; with `stemmed`,
 * tokens longer than 3 characters are Porter-stemmed first, as rouge-score does with use_stemmer=True.
 */
import { stem } from './porter.ts';

export function rougeTokens(text: string, stemmed = false): string[] {
  const tokens = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return stemmed ? tokens.map((t) => (t.length > 3 ? stem(t) : t)) : tokens;
}

function lcs(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    const row = new Array<number>(b.length + 1).fill(0);
    for (let j = 0; j < b.length; j++) row[j + 1] = x === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, row[j]!);
    previous = row;
  }
  return previous[b.length]!;
}

/** F1 in percent (0–100). */
export function rougeL(candidate: string, reference: string, stemmed = false): number {
  const c = rougeTokens(candidate, stemmed);
  const r = rougeTokens(reference, stemmed);
  const common = lcs(c, r);
  if (common === 0) return 0;
  const precision = common / c.length;
  const recall = common / r.length;
  return (200 * precision * recall) / (precision + recall);
}
