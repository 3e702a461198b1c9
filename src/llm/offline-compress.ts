/**
 * Sentence compression for the offline answers: each rule only deletes words that a grammatical sentence can lose
 * (asides, reporting verbs, "We propose") and keeps every number, so the result stays a sentence of its abstract.
 */
import { maskBrackets } from './offline-clauses.ts';

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "(SDG)", "(LLMs)", "(GMMs)": an acronym the text goes on to use. */
const ACRONYM = /^[A-Z][\w+.-]*[A-Z0-9][\w+.-]*$|^[A-Z]{2,}s$/;
/** "(1)", "(ii)", "(a)": an enumerator, which the list after it needs. */
const ENUMERATOR = /^(?:\d+|[ivx]+|[a-z])$/;

/**
 * Drops parenthetical asides that only explain: "diverse datasets (spanning social media, gaming, news, and forums)"
 * → "diverse datasets". Acronyms, enumerators and anything with a number stay ("(SDG)", "(2)", "(partial r = +0.41)").
 */
export function dropAsides(text: string): string {
  const masked = maskBrackets(text);
  let out = '';
  let at = 0;
  for (const m of masked.matchAll(/ \u0000+/g)) {
    const inner = text.slice(m.index + 2, m.index + m[0].length - 1);
    if (!text.slice(m.index + 1).startsWith('(') || ACRONYM.test(inner) || ENUMERATOR.test(inner) || /\d/.test(inner)) continue;
    if (m.index === 0) continue;
    out += text.slice(at, m.index);
    at = m.index + m[0].length;
  }
  return normaliseAfterCut(out + text.slice(at));
}

const normaliseAfterCut = (text: string) => text.replace(/\s+([,.;:!?])/g, '$1').replace(/\s{2,}/g, ' ');

/** "We show that stationary representations imply compatibility" → "Stationary representations imply compatibility". */
const REPORTING =
  /^(?:we|our (?:results|experiments|analys[ie]s|findings))\s+(?:also\s+|further\s+|first\s+|empirically\s+|theoretically\s+)?(?:show|demonstrate|find|observe|prove|confirm|establish|reveal)s?\s+that\s+(?=\S)/i;

export function withoutReporting(sentence: string): string {
  const match = REPORTING.exec(sentence);
  if (!match) return sentence;
  const rest = sentence.slice(match[0].length);
  // "we show that, …" or "that our method …": not a clean main clause to open with.
  if (/^[,(]|^(?:our|we|it)\b/i.test(rest)) return sentence;
  return capitalise(rest);
}

const CONTRIBUTES =
  /^We (?:further |also |then |first |here )?(?:propose|introduce|present|develop|design|build|release|contribute|construct|curate|create)s?\s+/;

/**
 * "We introduce X, a framework that …" → "X is a framework that …"; "We propose X (SDG), which casts …" →
 * "X (SDG) casts …", when X is a name.
 */
export function asStatement(sentence: string): string {
  const opener = CONTRIBUTES.exec(sentence);
  if (!opener) return sentence;
  const rest = sentence.slice(opener[0].length);
  const comma = maskBrackets(rest).indexOf(', ');
  const name = comma > 1 && comma <= 100 ? rest.slice(0, comma) : '';
  if (!/^[A-Z0-9]/.test(name) || /,|\b(?:and|which|that|we)\b/.test(maskBrackets(name))) return sentence;
  const after = rest.slice(comma + 2);
  const appositive = /^(?:an?|the)\s+\S/.exec(after);
  if (appositive) return `${name} is ${after}`;
  // "which measures …", "which casts …": a verb in the third person follows.
  const verb = /^which\s+(?:also\s+|thereby\s+|\w+ly\s+)?([a-z]+)\b/.exec(after)?.[1] ?? '';
  if (verb === 'is' || verb === 'has' || /[^su]s$/.test(verb)) return `${name} ${after.slice('which '.length)}`;
  return sentence;
}

/** "a novel framework" → "a framework": praise the abstract gives itself carries no information. */
export function withoutHedges(text: string): string {
  return text.replace(
    /\b(an?|the|An?|The)\s+(?:novel|new|simple(?:,| yet| but| and)? effective|simple)\s+(?=([a-z\d]))/g,
    (_, article: string, next: string) =>
      /^the$/i.test(article) ? `${article} ` : `${article.charAt(0)}${/[aeiou]/.test(next) ? 'n' : ''} `,
  );
}

/** Where a trailing detail starts: after a colon or semicolon, or a comma before "which", "while", "built on", "enabling" …. */
const TAIL =
  /:\s+|;\s+|,\s+(?=(?:which|while|whereas|thereby|built|based|enabling|allowing|making|leading|resulting|achieving|providing|yielding|using|including|demonstrating|showing)\b)/g;

/**
 * Drops the last trailing detail ("…, built around PageMem", "… training: reconstruction followed by generation")
 * when at least `minWords` words remain. Adjectives in a list ("new, challenging data") are no boundary.
 */
export function withoutTail(sentence: string, minWords: number): string {
  const text = sentence.replace(/[.!?]$/, '');
  const cuts = [...maskBrackets(text).matchAll(TAIL)].filter((m) => text.slice(0, m.index).split(' ').length >= minWords);
  const last = cuts.at(-1);
  return last ? `${text.slice(0, last.index)}.` : sentence;
}

/** Drops an aside between two dashes: "benchmark designed to bring new data -- models score 20 points lower -- while …". */
export function dropDashAsides(text: string): string {
  return text.replace(/\s+(--|—|–)\s+[^—–]{3,200}?\s+\1\s+/g, ' ');
}

/** Every rule, in an order where each leaves a sentence the next can read. */
export function compress(sentence: string): string {
  return withoutHedges(dropDashAsides(dropAsides(asStatement(withoutReporting(sentence)))));
}
