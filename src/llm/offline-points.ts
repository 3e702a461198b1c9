/** Key contributions: whole sentences or clean clauses of the abstract, never background, boilerplate or the TL;DR again. */
import type { RankedSentence } from './extract.ts';
import { backgroundIndices } from './offline-background.ts';
import { tidyDashes, trimToClause, withoutLeadIn } from './offline-clauses.ts';

/** Long enough for most whole sentences; a longer one is shortened at a clause boundary or skipped, never clipped. */
export const POINT_MAX = 240;

const BOILERPLATE =
  /https?:\/\/|\b(?:code|data|dataset|models?|kernel|demo|audio samples|project page|source code|weights)\b[^.]{0,60}\b(?:available|released|open-sourced?|public)\b|\bcontributions are (?:two|three|four)fold\b|^(?:project page|code|github)\s*:/i;

/** Boilerplate: links, "code is available", "Our contributions are twofold." */
export function isBoilerplate(sentence: string): boolean {
  return BOILERPLATE.test(sentence) || sentence.split(' ').length < 6;
}

/** A sentence as a bullet: its lead-in dropped, shortened at a clause boundary to fit, or undefined when it cannot fit whole. */
export function asPoint(sentence: string, max = POINT_MAX): string | undefined {
  let text = withoutLeadIn(sentence);
  for (let words = text.split(' ').length - 1; text.length > max && words >= 8; words--) text = trimToClause(text, words, 8);
  return text.length <= max ? tidyDashes(text) : undefined;
}

/** The best few non-background, non-boilerplate sentences other than the TL;DR's, in abstract order. */
export function keyPoints(ranked: readonly RankedSentence[], tldrIndex: number | undefined, tldr: string): string[] {
  const background = backgroundIndices(ranked);
  const count = ranked.length >= 8 ? 4 : 3;
  const candidates = ranked
    .filter((s) => s.index !== tldrIndex && !background.has(s.index) && !isBoilerplate(s.text))
    .map((s) => ({ s, point: asPoint(s.text) }))
    .filter((c): c is { s: RankedSentence; point: string } => c.point !== undefined && !overlaps(c.point, tldr))
    .sort((a, b) => b.s.score - a.s.score);
  return candidates
    .slice(0, count)
    .sort((a, b) => a.s.index - b.s.index)
    .map((c) => c.point);
}

function overlaps(point: string, tldr: string): boolean {
  const a = point.toLowerCase().replace(/[.…]+$/, '');
  const b = tldr.toLowerCase().replace(/[.…]+$/, '');
  return a.includes(b) || b.includes(a);
}

export { backgroundIndices };
