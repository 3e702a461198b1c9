/** The checkable rules of the evaluation (documented in README.md). */
import { splitSentences, terms } from '../../src/llm/extract.ts';
import { tidyDashes } from '../../src/llm/offline-clauses.ts';

/** Lower case, one dash for ranges ("9--52" → "9–52"), ASCII minus, folded space. */
export function normalise(text: string): string {
  return text
    .replace(/[−‐]/g, '-')
    .replace(/(\d)\s*(?:--|—|–|-)\s*(?=[+-]?\d)/g, '$1–')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

const NUMBER = /(?<![\w.])[+-]?\d[\d.,]*(?:–[+-]?\d[\d.,]*)?(?:\s?%|[a-z×@][a-z0-9@]*)?/g;
const WORD = /[a-z][a-z0-9@*]*(?:['-][a-z0-9@*]+)*/g;

/** Numbers with their sign, range and unit ("+2–12", "9–52%", "28.4x", "41k"). */
export function numberTokens(text: string): string[] {
  return [...normalise(text).matchAll(NUMBER)].map((m) => m[0].replace(/\s/g, '').replace(/[.,]+$/, ''));
}

function wordTokens(text: string): string[] {
  return normalise(text).replace(NUMBER, ' ').match(WORD) ?? [];
}

const POINT_STOP = new Set([
  'the',
  'of',
  'a',
  'an',
  'and',
  'on',
  'in',
  'for',
  'to',
  'with',
  'by',
  'at',
  'from',
  'or',
  'its',
  'how',
  'over',
  'rather',
]);

/** A point ("a b | c d") is captured when, for one alternative, every word starts a word of the cell and every number is one of its numbers. */
export function captures(cell: string, point: string): boolean {
  const numbers = new Set(numberTokens(cell));
  const words = wordTokens(cell);
  return point.split('|').some((alternative) => {
    const needNumbers = numberTokens(alternative);
    const needWords = wordTokens(alternative).filter((w) => !POINT_STOP.has(w));
    if (needNumbers.length + needWords.length === 0) return false;
    return needNumbers.every((n) => numbers.has(n)) && needWords.every((w) => words.some((c) => c.startsWith(w)));
  });
}

/** Every number of the cell appears, with the same sign, range and unit, in the paper's own abstract. */
export function numbersFromAbstract(cell: string, abstract: string): boolean {
  const own = new Set(numberTokens(abstract));
  return numberTokens(cell).every((n) => own.has(n));
}

export function hasWrongName(cell: string, wrong: readonly string[]): boolean {
  return wrong.some((name) => new RegExp(`(?<![A-Za-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(cell));
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Where a bullet or TL;DR sits in the abstract: its sentence index and offsets, or undefined when it is not a copy. */
export function locate(text: string, abstract: string): { sentence: number; start: number; end: number } | undefined {
  const body = tidyDashes(flat(text)).replace(/[.!?…]+$/, '');
  if (body.length < 8) return undefined;
  const sentences = splitSentences(abstract).map(tidyDashes);
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!;
    for (const probe of [body, body.charAt(0).toLowerCase() + body.slice(1)]) {
      const start = s.indexOf(probe);
      if (start >= 0) return { sentence: i, start, end: start + probe.length };
    }
  }
  return undefined;
}

const CLAUSE_END = /^(?:$|\s?[.;:!?,)]|\s(?:--|[—–-])\s)/;
const CLAUSE_START = /(?:^|[.;:!?,(]\s*|\s(?:--|[—–-])\s|(?:^|\s)\(?(?:\d|[ivx]+)\)\s*)$/;

/** Cut mid-sentence: marked with "…", not a copy of the abstract, or starting/ending inside a clause. */
export function isCut(bullet: string, abstract: string): boolean {
  if (/…/.test(bullet)) return true;
  const at = locate(bullet, abstract);
  if (!at) return true;
  const sentence = tidyDashes(splitSentences(abstract)[at.sentence]!);
  const before = sentence.slice(0, at.start);
  return !CLAUSE_END.test(sentence.slice(at.end)) || !(CLAUSE_START.test(before) || isLeadIn(before));
}

/**
 * A lead-in that may be dropped whole: "To address this issue, ", "Crucially, ", "In this paper, ", or a reporting
 * clause whose "that"-clause is a full sentence ("We find that ", "Extensive experiments show that ").
 */
function isLeadIn(before: string): boolean {
  return (
    /,\s*$/.test(before) ||
    /^(?:here|then|further|also|finally|first|second|third)\s*$/i.test(before.trim()) ||
    /(?:^|[,;:]\s)(?:we|our (?:results|experiments|analys[ie]s|findings)|(?:extensive |further )?(?:experiments|results|evaluations|analys[ie]s)(?: [^,;]{0,60})?)(?: also| further| empirically| theoretically)? (?:show|demonstrate|find|observe|prove|confirm|establish|reveal)s? that $/i.test(
      before,
    )
  );
}

/** A TL;DR that opens mid-clause ("Issue, we propose …") or in lower case. */
export function isBrokenLeadIn(tldr: string, abstract: string): boolean {
  const first = splitSentences(tldr)[0] ?? tldr;
  if (/^[a-z]/.test(first)) return true;
  const at = locate(first, abstract);
  if (!at) return false;
  const before = tidyDashes(splitSentences(abstract)[at.sentence]!).slice(0, at.start);
  return before.length > 0 && !CLAUSE_START.test(before) && !isLeadIn(before);
}

const BOILERPLATE =
  /https?:\/\/|\b(?:code|data|dataset|models?|kernel|demo|project page)\b[^.]*\b(?:available|released|open-source[sd]?)\b|\bare available at\b/i;

/** Background: one of the hand-labelled background sentences, or boilerplate (links, "code is available"). */
export function isBackground(text: string, abstract: string, background: readonly number[]): boolean {
  const at = locate(text, abstract);
  if (!at) return false;
  return background.includes(at.sentence) || BOILERPLATE.test(splitSentences(abstract)[at.sentence]!);
}

const VERDICT_TEMPLATE = new Set(
  terms(
    'pick if you care about it offers its setting matches yours only report reports concrete numbers none abstracts gives so read results sections before choosing name names their evaluation data which makes easier check when stated states',
  ),
);

/** A verdict line is grounded when every content word it adds is in the title or abstract of a paper it cites. */
export function groundedLine(line: string, papers: readonly { title: string; abstract: string }[]): boolean {
  const cited = [...line.matchAll(/\[(\d+)\]/g)].map((m) => papers[Number(m[1]) - 1]).filter((p) => p !== undefined);
  if (cited.length === 0) return true;
  const source = new Set(cited.flatMap((p) => terms(`${p.title} ${p.abstract}`)));
  const sourceText = normalise(cited.map((p) => `${p.title} ${p.abstract}`).join(' '));
  const numbersOk = numberTokens(line.replace(/\[\d+\]/g, '')).every((n) => numberTokens(sourceText).includes(n));
  return numbersOk && terms(line).every((w) => VERDICT_TEMPLATE.has(w) || source.has(w));
}

/**
 * A compression of one sentence of the abstract: its words, in order, with words only dropped (and "is", "a", "an"
 * added, as "We propose X, a Y" → "X is a Y" does). A TL;DR that is not one has invented or reordered something.
 */
export function isCompressionOf(text: string, abstract: string): boolean {
  const words = (t: string) => normalise(tidyDashes(t)).match(/[a-z0-9]+/g) ?? [];
  const need = words(text).filter((w) => !['is', 'a', 'an'].includes(w));
  return splitSentences(abstract).some((sentence) => {
    const have = words(sentence);
    let at = 0;
    for (const w of have) if (w === need[at]) at++;
    return at === need.length;
  });
}
