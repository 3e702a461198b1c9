/** The offline comparison: per paper and aspect, only what its abstract states, as clean clauses, else "not stated". */
import type { Paper } from '../store/types.ts';
import type { Comparison, ComparisonRow } from './types.ts';
import { COMPARE_ASPECTS, NOT_STATED } from './prompts.ts';
import { CUES, coinedName, normaliseSpace, rankSentences, shorten, type RankedSentence } from './extract.ts';
import { dataOf } from './offline-data.ts';
import { backgroundIndices, isBoilerplate } from './offline-points.ts';
import { cutAfter, maskBrackets, tidyDashes, trimToClause, withoutLeadIn } from './offline-clauses.ts';
import { dropAsides, withoutReporting } from './offline-compress.ts';
import { ownNames, whatItDoesSentence } from './offline-tldr.ts';

export const CELL_MAX = 200;
/** Results keep their numbers with their context, so they may run longer. */
const RESULT_MAX = 260;

/** Numbers with their sign, range and unit: "+0.41", "9–52%", "2.5-3x", "44.35 (+5.94) accuracy". */
const NUMBER =
  /(?<![\w.–-])(?:[+−-]?\d+(?:\.\d+)?(?:\s*(?:–|-|to)\s*[+−-]?\d+(?:\.\d+)?)?\s?(?:%|×|x\b|-?fold\b|(?:percentage )?points?\b|pp\b|times\b))|(?:=\s*[+−-]?\d+(?:\.\d+)?)|(?:\d+\.\d+(?:\s?\([+−-]?\d+(?:\.\d+)?\))?\s(?:average\s)?(?:accuracy|F1|BLEU|ROUGE(?:-\w+)?|AUC|mAP|EM|exact match|win rate|pass@\d+|score|performance|rFID|gFID|FID)\b)/g;

export const numbersIn = (text: string) => [...tidyDashes(text).matchAll(NUMBER)].map((m) => m[0].trim());

const STRONG_RESULT =
  /\b(?:outperform\w*|surpass\w*|state[- ]of[- ]the[- ]art|improves|improving|improve|achiev(?:es|ed|ing)|gains?|beats?|exceed\w*|reduc(?:es|ed|ing)|speed-?ups?|faster|yield\w*|matches|on par)\b/i;
const RESULT = new RegExp(
  `${STRONG_RESULT.source}|\\b(?:we (?:find|observe)|(?:shows?|showed|demonstrat(?:es|ed)|reveal(?:s|ed)?|indicat(?:es|ed)|confirm(?:s|ed)?|suggest(?:s|ed)?) that)\\b`,
  'i',
);
const FINDING = /\b(?:we find|we observe|we show|show|shows|reveal|reveals|demonstrate|demonstrates)(?: that\s+|:\s+)/i;

/** "Extensive experiments demonstrate that …": the finding is what follows. */
const REPORTING =
  /^(?:(?:extensive|further|our|these|the)\s+)?(?:experiments?|results?|evaluations?|analys[ie]s|ablations?)\b[^,;]{0,60}?\b(?:show|shows|demonstrate|demonstrates|confirm|confirms|reveal|reveals|indicate|indicates|suggest|suggests)\s+that\s+/i;

const CLAUSES = /;\s+|,\s+(?=(?:and|yet|but|while|whereas|although|though)\b)|\s+[—–]\s+/g;

/** A sentence as a cell: whole when short, else its clause with the cue, cut only at clause boundaries. */
export function cleanClause(sentence: string, cue: RegExp, max = CELL_MAX): string | undefined {
  let text = tidyDashes(withoutLeadIn(sentence)).replace(/[.!?]$/, '');
  if (text.length <= max) return text;
  const finding = FINDING.exec(text);
  const listed = cue === RESULT && finding !== null && text.length - finding.index - finding[0].length >= 25;
  if (listed) text = text.slice(finding.index + finding[0].length);
  const masked = maskBrackets(text);
  const parts: string[] = [];
  let from = 0;
  for (const m of masked.matchAll(CLAUSES)) {
    parts.push(text.slice(from, m.index));
    from = m.index + m[0].length;
  }
  parts.push(text.slice(from));
  const cueCount = (c: string) => (c.match(new RegExp(cue.source, 'gi')) ?? []).length;
  const part =
    parts
      .map((c) => c.replace(/^(?:and|yet|but|while|whereas|although|though)\s+/i, ''))
      .filter((c) => (listed || cue.test(c)) && c.length >= 25 && !/^(?:which|that|where|who|whose)\b/i.test(c))
      // After "we find:", the findings come in order; otherwise the clause richest in the cue.
      .sort((a, b) => (listed ? 0 : cueCount(b) - cueCount(a)))[0] ?? text;
  let clause = part.charAt(0).toUpperCase() + part.slice(1);
  for (let words = clause.split(' ').length - 1; clause.length > max && words >= 8; words--)
    clause = trimToClause(clause, words, 8).replace(/\.$/, '');
  return clause.length <= max * 1.5 ? clause : undefined;
}

const PROBLEM =
  /\b(?:challeng\w*|problems?|gaps?|constraints?|mismatch\w*|limitations?|limited|bottlenecks?|struggl\w*|fail\w*|lacks?|lacking|costly|expensive|prohibitive|vulnerab\w*|suboptimal|untenable|obscure|difficult\w*|lossy|overlooked|prone|hallucinat\w*|degrad\w*|brittle|unreliable|inefficien\w*)\b/gi;
/** Weaker signs of a problem, counted half: "existing methods", "however", "remains". */
const HINT = /\b(?:however|yet|but|costs?|existing|prior|remains?|only)\b/gi;
const problemWeight = (text: string) => (text.match(PROBLEM) ?? []).length + 0.5 * (text.match(HINT) ?? []).length;

/** The problem is stated before the paper's own work: in its background, else before its contribution sentence. */
function problemOf(ranked: readonly RankedSentence[], background: ReadonlySet<number>, contribution: number): string | undefined {
  const n = Math.max(1, ranked.length);
  const own = (s: RankedSentence) => CUES.contribution.test(s.text) || /^(?:we|our|this|these)\b/i.test(withoutLeadIn(s.text));
  const addresses = (s: RankedSentence) =>
    /\b(?:address|tackle|study)\s+(?:the\s+|this\s+)?(?:challenge|problem|issue|question|gap)\s+of\b/i.test(s.text);
  const pool = ranked.filter((s) => background.has(s.index) || (s.index < contribution && !own(s)) || addresses(s));
  const best = pool
    .map((s) => ({ s, cues: problemWeight(s.text) + (background.has(s.index) || addresses(s) ? 0.5 : 0) }))
    .filter((c) => c.cues >= 1 && !CUES.number.test(c.s.text))
    .sort((a, b) => b.cues + 1.5 * (1 - b.s.index / n) - (a.cues + 1.5 * (1 - a.s.index / n)))[0];
  if (!best) return undefined;
  const strong = new RegExp(PROBLEM.source, 'i');
  return cleanClause(best.s.text, strong.test(best.s.text) ? strong : new RegExp(HINT.source, 'i'));
}

function approachOf(chosen: RankedSentence | undefined): string | undefined {
  if (!chosen) return undefined;
  const match = CUES.contribution.exec(chosen.text);
  const after = match ? chosen.text.slice(match.index + match[0].length).trim() : withoutLeadIn(chosen.text);
  const clause = cleanClause(after, /\w/);
  return clause && clause.charAt(0).toUpperCase() + clause.slice(1);
}

function resultsOf(
  own: readonly RankedSentence[],
  budget: number,
  names: readonly string[] = [],
): { text: string | undefined; numbers: string[] } {
  const n = Math.max(1, own.length);
  const scored = own
    .map((s) => ({ s, numeric: numbersIn(s.text).length > 0, result: RESULT.test(s.text) }))
    .filter((c) => c.numeric || c.result)
    .map((c) => ({
      ...c,
      score:
        (c.numeric ? 1 + 0.1 * Math.min(4, numbersIn(c.s.text).length) : 0) +
        (c.result ? 0.5 : 0) +
        (STRONG_RESULT.test(c.s.text) ? 0.3 : 0) +
        c.s.index / n / 4,
    }))
    .sort((a, b) => b.score - a.score);
  const numbers = [...new Set(scored.flatMap((c) => numbersIn(c.s.text)))];
  const cells: { index: number; text: string }[] = [];
  for (const c of scored) {
    if (cells.length === 3 || (cells.length > 0 && !c.numeric)) break;
    const sentence = dropAsides(withoutReporting(withoutLeadIn(c.s.text, names).replace(REPORTING, '')));
    const clause = cleanClause(sentence, c.numeric ? new RegExp(NUMBER.source) : RESULT, RESULT_MAX);
    const ends = clause ? [...tidyDashes(clause).matchAll(NUMBER)].map((m) => m.index + m[0].length) : [];
    const room = budget - cells.reduce((sum, x) => sum + x.text.length + 2, 0);
    // The whole clause up to its last number, else up to an earlier number at a clause boundary, to fit the row.
    const versions = clause ? (ends.length ? ends.reverse().map((end) => cutAfter(clause, end)) : [clause]) : [];
    const fits = versions.find((t) => t.length <= room);
    if (fits) cells.push({ index: c.s.index, text: fits });
  }
  const joined = cells
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text)
    .join('. ');
  return { text: joined || undefined, numbers };
}

/** "WebChallenger" for "WebChallenger: A Reliable …", else the name the abstract coins, else the title's start. */
export function shortName(title: string, contribution?: string): string {
  const clean = normaliseSpace(title);
  const prefix = clean.includes(':') ? clean.slice(0, clean.indexOf(':')) : '';
  if (prefix && prefix.split(' ').length <= 3) return prefix;
  const coined = contribution ? coinedName(contribution) : undefined;
  if (coined) return coined;
  return prefix && prefix.length <= 40 ? prefix : shorten(clean, 60);
}

export interface PaperFacts {
  name: string;
  cells: (string | undefined)[];
  numbers: string[];
  namedData: string[];
}

/** A row of the comparison (every paper's cell, each with its "[1] " and line break) fits a chat field of 1,024. */
export const ROW_CHARS = 1000;
export const cellChars = (cell: string | undefined) => (cell ? cell.length + 8 : 0);

/**
 * `papers`: how many are compared, so that each row (all papers' cells) fits a chat field of about 1,000 characters;
 * `resultBudget`: the room for this paper's results when the row has more to give.
 */
export function factsOf(paper: Paper, papers = 1, resultBudget?: number): PaperFacts {
  const ranked = rankSentences(paper.abstract, paper.title);
  const background = backgroundIndices(ranked);
  const chosen = whatItDoesSentence(ranked);
  const name = shortName(paper.title, chosen?.text);
  const own = ranked.filter((s) => !background.has(s.index) && !isBoilerplate(s.text));
  const coined = chosen ? coinedName(chosen.text) : undefined;
  const prefix = paper.title.includes(':') ? normaliseSpace(paper.title.slice(0, paper.title.indexOf(':'))) : '';
  const named = prefix ? ranked.find((s) => CUES.contribution.test(s.text) && s.text.includes(prefix)) : undefined;
  const data = dataOf(
    own.map((s) => s.text),
    new Set([name, ...(coined ? [coined] : [])]),
  );
  const budget = Math.min(2 * RESULT_MAX, resultBudget ?? Math.floor(ROW_CHARS / Math.max(1, papers)) - 8);
  const results = resultsOf(
    own.filter((s) => s.index >= (chosen?.index ?? 0) || numbersIn(s.text).length > 0),
    budget,
    chosen ? ownNames(paper.title, chosen.text) : [],
  );
  return {
    name,
    cells: [problemOf(ranked, background, chosen?.index ?? ranked.length), approachOf(named ?? chosen), data.text, results.text],
    numbers: results.numbers,
    namedData: data.names,
  };
}

export function compareFacts(facts: readonly PaperFacts[], verdict: (facts: readonly PaperFacts[]) => string): Comparison {
  const rows: ComparisonRow[] = COMPARE_ASPECTS.map((aspect, i) => ({ aspect, values: facts.map((f) => f.cells[i] ?? NOT_STATED) }));
  return { rows, verdict: verdict(facts) };
}
