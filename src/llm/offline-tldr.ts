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
/** The digest shows at most this many characters of a TL;DR. */
export const TLDR_CHARS = 300;
/** A TL;DR loses a trailing detail only when this many words remain. */
const TLDR_MIN_WORDS = 12;

/** The names the paper calls its own work: the title's prefix ("MaskAlign: …") and the name it coins. */
export function ownNames(title: string, contribution: string): string[] {
  const prefix = title.includes(':') ? title.slice(0, title.indexOf(':')).trim() : '';
  const coined = coinedName(contribution);
  return [prefix, coined ?? ''].filter((n) => n.length > 1 && n.split(' ').length <= 4);
}

/** A sentence as a TL;DR: compressed, shortened at clause boundaries, or undefined when it cannot fit the digest line. */
function asTldr(sentence: string): string | undefined {
  let text = withoutTail(trimToClause(compress(withoutLeadIn(sentence)), TLDR_WORDS), TLDR_MIN_WORDS);
  for (let n = text.split(' ').length - 1; text.length > TLDR_CHARS && n >= 8; n--) text = trimToClause(text, n, 8);
  return text.length <= TLDR_CHARS ? text : undefined;
}

/** The TL;DR of an abstract, or undefined when it has no sentence; a sentence too long to fit whole gives way to the next. */
export function extractiveTldr(abstract: string, title: string): { text: string; index: number } | undefined {
  let ranked = rankSentences(abstract, title);
  const first = whatItDoesSentence(ranked);
  for (let chosen = first; chosen; chosen = whatItDoesSentence(ranked)) {
    const text = asTldr(chosen.text);
    if (text) return { text, index: chosen.index };
    ranked = ranked.filter((s) => s.index !== chosen!.index);
  }
  return first && { text: compress(withoutLeadIn(first.text)), index: first.index };
}

export { asStatement, splitSentences, trimToClause, withoutLeadIn };
