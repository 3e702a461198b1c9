/** Clean clauses of a sentence: lead-ins dropped whole, long sentences cut only where a full sentence remains. */
import { normaliseSpace } from './extract.ts';

/** Words that open a subordinate lead-in ("To address this issue, …", "Motivated by this, …", "Crucially, …"). */
const LEAD_IN_START =
  /^(?:to|in|across|among|compared|motivated|inspired|driven|building|based|built|drawing|leveraging|given|following|after|through|by|with|using|unlike|beyond|for|on|from|as|towards?|here|specifically|therefore|consequently|thus|hence|accordingly|furthermore|moreover|additionally|finally|crucially|importantly|notably|overall|instead|meanwhile|first(?:ly)?|second(?:ly)?|third(?:ly)?|lastly|besides|concretely|technically|empirically|precisely|more precisely|rather than|then|against|at|under|via)\b/i;
const MAIN_CLAUSE = /^(?:we|our|this (?:paper|work|study|article)|these|it)\b/i;
const ADVERB_ONLY =
  /^(?:[A-Z][a-z]+ly|However|Nevertheless|Nonetheless|Still|Yet|Indeed|Here|Then|Thus|Hence|Moreover|Furthermore|Additionally|Finally|Overall|Instead|Specifically|Importantly|Notably|Crucially|In (?:particular|addition|this (?:paper|work|study))|To this end|As a result)$/;

/** Display form of numbers: "9--52%" → "9–52%", "a -- b" → "a – b"; signs stay. */
export const tidyDashes = (text: string) => text.replace(/(\d)\s*--\s*(?=[+-]?\d)/g, '$1–').replace(/\s+--\s+/g, ' – ');

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Drops a lead-in before the main clause (we, our, this paper, or one of `subjects`), whole: "To address this issue, we propose X" → "We propose X",
 * never "Issue, we propose X". A sentence whose lead-in cannot be told apart stays as it is.
 */
export function withoutLeadIn(sentence: string, subjects: readonly string[] = []): string {
  let text = normaliseSpace(sentence).replace(/^(?:\(?\d\)|\(?[ivx]+\))\s+/i, '');
  for (let i = 0; i < 3; i++) {
    const comma = maskBrackets(text).indexOf(', ');
    if (comma < 0 || comma > 200) break;
    const lead = text.slice(0, comma);
    const rest = text.slice(comma + 2);
    if (lead.includes(':') || lead.includes(';')) break;
    // The paper's own name ("…, MaskAlign reduces …") opens a main clause as "we" does.
    const main = MAIN_CLAUSE.test(rest) || subjects.some((name) => name.length > 1 && rest.startsWith(`${name} `));
    const clean = (ADVERB_ONLY.test(lead) && /^[a-z]/.test(rest)) || (LEAD_IN_START.test(lead) && main);
    if (!clean) break;
    text = capitalise(rest);
  }
  return capitalise(text);
}

/** Clause boundaries where the rest of a sentence may be dropped and a full sentence remains. */
/** "-ing" words that are adjectives ("new, challenging data"), not the start of a participial clause. */
const ING_ADJECTIVE =
  'challenging|interesting|promising|existing|leading|surprising|compelling|demanding|emerging|evolving|growing|increasing|underlying|remaining|corresponding|missing|outstanding|varying|competing|misleading|appealing|encouraging|striking|pressing|engaging|amazing|exciting|intriguing|daunting|ongoing|upcoming|overarching';
const DROPPABLE = new RegExp(
  String.raw`(?:,\s+(?=(?:which|while|whereas|where|thereby|so that|in order to|as well as|built|based|(?:\w+ly\s+)?(?!(?:${ING_ADJECTIVE})\b)\w+ing)\b(?!-))|,\s+and\s+(?=[a-z]+s\s+(?!of\b|and\b))|;\s+|:\s+|\s+[—–]\s+|\s+--\s+)`,
  'g',
);

/** The text with everything inside brackets blanked out, so boundaries are only found outside them. */
export function maskBrackets(text: string): string {
  let depth = 0;
  let out = '';
  for (const ch of text) {
    if ('([{'.includes(ch)) depth++;
    out += depth > 0 ? '\u0000' : ch;
    if (')]}'.includes(ch) && depth > 0) depth--;
  }
  return out;
}

/** Cuts a long sentence at its last clean clause boundary within `maxWords` words; never mid-clause. */
export function trimToClause(sentence: string, maxWords: number, minWords = 10): string {
  const text = sentence.replace(/[.!?]$/, '');
  if (text.split(' ').length <= maxWords) return sentence;
  let best: number | undefined;
  for (const match of maskBrackets(text).matchAll(DROPPABLE)) {
    const words = text.slice(0, match.index).split(' ').length;
    const opensAside = /[—–-]/.test(match[0]) && /\s(?:--|[—–])\s/.test(text.slice(match.index + match[0].length));
    if (words >= minWords && words <= maxWords && !opensAside) best = match.index;
  }
  if (best === undefined) return sentence;
  return `${text.slice(0, best).replace(/[\s,;:]+$/, '')}.`;
}

/** Drops what follows the first clause boundary after position `from` ("…by 3.7%, where success requires …" → "…by 3.7%"). */
export function cutAfter(text: string, from: number): string {
  for (const match of maskBrackets(text).matchAll(DROPPABLE)) {
    if (match.index >= from && !/[—–-]/.test(match[0])) return text.slice(0, match.index).replace(/[\s,;:]+$/, '');
  }
  return text;
}
