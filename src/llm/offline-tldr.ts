/** The extractive TL;DR: the sentence that says what the paper does, as a clean main clause of moderate length. */
import { CUES, coinedName, rankSentences, splitSentences, type RankedSentence } from './extract.ts';
import { backgroundIndices } from './offline-background.ts';
import { trimToClause, withoutLeadIn } from './offline-clauses.ts';
import { asStatement, compress, withoutTail } from './offline-compress.ts';

const SAYS_WHAT_IT_DOES =
  /^(?:we|our|this (?:paper|work|study))\s+(?:further\s+|also\s+|first\s+|then\s+|therefore\s+|thus\s+|hence\s+|\w+ly\s+)?(?:propose|introduce|present|develop|design|build|release|describe|contribute|study|investigate|explore|examine|analy[sz]e|show|demonstrate|revisit|contrast|formulate|construct|curate|create|train|evaluate|leverage|argue|find|establish)/i;

/**
 * The sentence that says what the paper does: its first contribution sentence ("we propose X", not "we further
 * propose"), else its first "We …" sentence about its own work, else the best ranked one.
 */
export function whatItDoesSentence(ranked: readonly RankedSentence[]): RankedSentence | undefined {
  const usable = ranked.filter((s) => !/https?:\/\//.test(s.text));
  const doing = usable.filter((s) => SAYS_WHAT_IT_DOES.test(withoutLeadIn(s.text)) || CUES.contribution.test(s.text));
  const main = doing.find((s) => CUES.contribution.test(s.text) && !/\b(?:further|also|then)\s+\w+/i.test(s.text.slice(0, 60)));
  if (main ?? doing[0]) return main ?? doing[0];
  const background = backgroundIndices(ranked);
  return [...usable].filter((s) => !background.has(s.index)).sort((a, b) => b.score - a.score)[0] ?? usable[0];
}

export const TLDR_WORDS = 34;
/** A TL;DR loses a trailing detail only when this many words remain. */
const TLDR_MIN_WORDS = 12;

/** The names the paper calls its own work: the title's prefix ("MaskAlign: …") and the name it coins. */
export function ownNames(title: string, contribution: string): string[] {
  const prefix = title.includes(':') ? title.slice(0, title.indexOf(':')).trim() : '';
  const coined = coinedName(contribution);
  return [prefix, coined ?? ''].filter((n) => n.length > 1 && n.split(' ').length <= 4);
}

/** The TL;DR of an abstract, or undefined when it has no sentence. */
export function extractiveTldr(abstract: string, title: string): { text: string; index: number } | undefined {
  const ranked = rankSentences(abstract, title);
  const chosen = whatItDoesSentence(ranked);
  if (!chosen) return undefined;
  const text = withoutTail(trimToClause(compress(withoutLeadIn(chosen.text)), TLDR_WORDS), TLDR_MIN_WORDS);
  return { text, index: chosen.index };
}

export { asStatement, splitSentences, trimToClause, withoutLeadIn };
