import type { Paper } from '../store/types.ts';
import type { Comparison, ComparisonRow, LlmOutcome, Summariser, Summary, UsageTotals } from './types.ts';
import { COMPARE_ASPECTS, NOT_STATED } from './prompts.ts';
import {
  CUES,
  around,
  clauses,
  dataNames,
  normaliseSpace,
  rankSentences,
  shorten,
  coinedName,
  ownNames,
  splitSentences,
  stripLeadIn,
  terms,
  type RankedSentence,
} from './extract.ts';

const TLDR_MAX = 300;
const POINT_MAX = 180;
const CELL_MAX = 130;

/** The no-network summariser: extractive summaries and cue-word comparisons of the abstracts. */
export class OfflineSummariser implements Summariser {
  readonly mode = 'offline';
  readonly model = 'offline';

  /** `note` is attached to every outcome, e.g. "no OPENAI_API_KEY set". */
  private readonly note?: string;
  constructor(note?: string) {
    this.note = note;
  }

  async summarize(paper: Paper): Promise<LlmOutcome<Summary>> {
    return this.outcome(summarizeOffline(paper));
  }

  async compare(papers: readonly Paper[]): Promise<LlmOutcome<Comparison>> {
    return this.outcome(compareOffline(papers));
  }

  async tldr(paper: Paper): Promise<LlmOutcome<string>> {
    return this.outcome(tldrOffline(paper));
  }

  usage(): UsageTotals[] {
    return [];
  }

  private outcome<T>(value: T): LlmOutcome<T> {
    return { value, source: 'offline', cached: false, ...(this.note ? { note: this.note } : {}) };
  }
}

/** The digest TL;DR: the source's own AI summary when it has one, else the abstract's first sentence. */
export function tldrOffline(paper: Paper): string {
  const own = normaliseSpace(paper.aiSummary ?? '');
  if (own) return shorten(own, TLDR_MAX);
  const first = splitSentences(paper.abstract)[0];
  return shorten(first ?? paper.title, TLDR_MAX);
}

export function summarizeOffline(paper: Paper): Summary {
  const ranked = rankSentences(paper.abstract, paper.title);
  const best = [...ranked].sort((a, b) => b.score - a.score);
  const top = best[0];
  if (!top) return { tldr: shorten(paper.title, TLDR_MAX), points: [] };
  const next = ranked[top.index + 1];
  const chosen = new Set([top.index]);
  let tldr = stripLeadIn(top.text);
  if (tldr.length < 110 && next && tldr.length + next.text.length < TLDR_MAX) {
    tldr = `${tldr} ${next.text}`;
    chosen.add(next.index);
  }
  const rest = best.filter((s) => !chosen.has(s.index));
  const count = Math.min(rest.length, ranked.length >= 8 ? 4 : 3);
  const points = rest
    .slice(0, Math.max(count, Math.min(2, rest.length)))
    .sort((a, b) => a.index - b.index)
    .map((s) => shorten(stripLeadIn(s.text), POINT_MAX));
  return { tldr: shorten(tldr, TLDR_MAX), points };
}

interface PaperFacts {
  paper: Paper;
  name: string;
  problem: string;
  approach: string;
  /** The approach reads as a noun phrase ("dense alignment for …") rather than a sentence. */
  approachIsCoined: boolean;
  data: string;
  results: string;
  numbers: string[];
  namedData: string[];
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

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const uncapitalise = (text: string) => (/^[A-Z][a-z]*\b(?!-)/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text);

function bestWith(ranked: readonly RankedSentence[], cue: RegExp): RankedSentence | undefined {
  return ranked.filter((s) => cue.test(s.text)).sort((a, b) => b.score - a.score)[0];
}

function clauseWith(sentence: string, cue: RegExp, max: number): string {
  const text = stripLeadIn(sentence).replace(/[.!?]$/, '');
  if (text.length <= max) return text;
  const clause = clauses(text).find((c) => cue.test(c) && c.length >= 25) ?? text;
  const at = clause.search(cue);
  return capitalise(around(clause, at < 0 ? 0 : at, max));
}

/** Problem statements come early and carry cue words; contribution and result sentences are not problems. */
function problemOf(ranked: readonly RankedSentence[]): string {
  const n = Math.max(1, ranked.length);
  const candidates = ranked
    .filter((s) => !CUES.contribution.test(s.text) && !CUES.number.test(s.text))
    .map((s) => ({ s, cues: (s.text.match(new RegExp(CUES.problem.source, 'gi')) ?? []).length }))
    .map(({ s, cues }) => ({ s, cues, score: cues + 1.5 * (1 - s.index / n) }))
    .sort((a, b) => b.score - a.score);
  const best = candidates.find((c) => c.cues > 0)?.s ?? (candidates[0]?.s.index === 0 ? candidates[0].s : undefined);
  return best ? clauseWith(best.text, CUES.problem, CELL_MAX) : NOT_STATED;
}

function approachOf(ranked: readonly RankedSentence[]): { text: string; coined: boolean } {
  const contribution = bestWith(ranked, CUES.contribution);
  if (contribution) {
    const match = CUES.contribution.exec(contribution.text);
    const after = match ? contribution.text.slice(match.index + match[0].length).trim() : contribution.text;
    return { text: capitalise(shorten(after.replace(/[.!?]$/, ''), CELL_MAX)), coined: true };
  }
  const other = bestWith(ranked, CUES.approach);
  return { text: other ? clauseWith(other.text, CUES.approach, CELL_MAX) : NOT_STATED, coined: false };
}

const numbersIn = (text: string) => [...text.matchAll(new RegExp(CUES.number.source, 'g'))].map((m) => m[0].trim());

/** The paper's own results come after its contribution sentence and favour numbers and result verbs. */
function resultsOf(ranked: readonly RankedSentence[]): { text: string; numbers: string[] } {
  const start = ranked.find((s) => CUES.contribution.test(s.text))?.index ?? -1;
  const own = ranked.filter((s) => s.index >= start);
  const pool = own.some((s) => CUES.number.test(s.text) || CUES.result.test(s.text)) ? own : ranked;
  const n = Math.max(1, ranked.length);
  const scored = pool
    .map((s) => ({ s, numeric: CUES.number.test(s.text), result: CUES.result.test(s.text) }))
    .filter((c) => c.numeric || c.result)
    .map((c) => ({ ...c, score: (c.numeric ? 1 : 0) + (c.result ? 0.5 : 0) + c.s.index / n }))
    .sort((a, b) => b.score - a.score);
  const numbers = [...new Set(scored.flatMap((c) => numbersIn(c.s.text)))];
  const best = scored[0];
  if (!best) return { text: NOT_STATED, numbers };
  return { text: clauseWith(best.s.text, best.numeric ? CUES.number : CUES.result, CELL_MAX), numbers };
}

function dataOf(ranked: readonly RankedSentence[], exclude: ReadonlySet<string>): { text: string; names: string[] } {
  const names = dataNames(
    ranked.map((s) => s.text),
    exclude,
  );
  if (names.length >= 2) return { text: shorten(names.slice(0, 6).join(', '), CELL_MAX), names };
  const best = bestWith(ranked, CUES.data) ?? bestWith(ranked, CUES.namedData);
  if (!best) return { text: names[0] ?? NOT_STATED, names };
  const phrase = clauseWith(best.text, CUES.data.test(best.text) ? CUES.data : CUES.namedData, CELL_MAX);
  return { text: names[0] && !phrase.includes(names[0]) ? `${phrase} (${names[0]})` : phrase, names };
}

function factsOf(paper: Paper): PaperFacts {
  const ranked = rankSentences(paper.abstract, paper.title);
  const contribution = bestWith(ranked, CUES.contribution)?.text;
  const name = shortName(paper.title, contribution);
  const results = resultsOf(ranked);
  const data = dataOf(ranked, ownNames(name, contribution));
  const approach = approachOf(ranked);
  return {
    paper,
    name,
    problem: problemOf(ranked),
    approach: approach.text,
    approachIsCoined: approach.coined,
    data: data.text,
    results: results.text,
    numbers: results.numbers,
    namedData: data.names,
  };
}

export function compareOffline(papers: readonly Paper[]): Comparison {
  const facts = papers.map(factsOf);
  const [problem, approach, data, results] = COMPARE_ASPECTS;
  const rows: ComparisonRow[] = [
    { aspect: problem, values: facts.map((f) => f.problem) },
    { aspect: approach, values: facts.map((f) => f.approach) },
    { aspect: data, values: facts.map((f) => f.data) },
    { aspect: results, values: facts.map((f) => f.results) },
  ];
  return { rows, verdict: verdictOf(facts) };
}

/** Words that set one paper apart: frequent in its title and abstract, absent from the others and from its name. */
function distinctiveTerms(facts: readonly PaperFacts[], index: number, count: number): string[] {
  const own = facts[index];
  if (!own) return [];
  const others = new Set(facts.filter((_, i) => i !== index).flatMap((f) => terms(`${f.paper.title} ${f.paper.abstract}`)));
  const named = new Set(terms(own.name));
  const inAbstract = terms(own.paper.abstract);
  const weight = new Map<string, number>();
  for (const word of inAbstract) weight.set(word, (weight.get(word) ?? 0) + 1);
  for (const word of terms(own.paper.title)) if (weight.has(word)) weight.set(word, (weight.get(word) ?? 0) + 3);
  return [...weight]
    .filter(([word, w]) => !others.has(word) && !named.has(word) && w >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([word]) => surfaceForm(`${own.paper.abstract} ${own.paper.title}`, word));
}

/** How the text writes a lower-cased term: "TRACE" stays upper case, "Heterogeneous" at a sentence start does not. */
function surfaceForm(text: string, word: string): string {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const found = [...text.matchAll(new RegExp(`(?<![\\w-])${escaped}(?![\\w-])`, 'gi'))].map((m) => m[0]);
  return found.find((f) => f === word) ?? found.find((f) => f !== capitalise(word)) ?? word;
}

const joinWords = (words: readonly string[]) =>
  words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;

function verdictOf(facts: readonly PaperFacts[]): string {
  if (facts.length === 0) return 'No papers to compare.';
  const lines = facts.map((f, i) => {
    const focus = distinctiveTerms(facts, i, 3);
    const need = focus.length ? `if you care about ${joinWords(focus)}` : 'if its setting matches yours';
    if (f.approach === NOT_STATED) return `Pick [${i + 1}] ${f.name} ${need}.`;
    const gist = shorten(uncapitalise(f.approach), 100);
    const end = gist.endsWith('…') ? '' : '.';
    return f.approachIsCoined
      ? `Pick [${i + 1}] ${f.name} ${need}: it offers ${gist}${end}`
      : `Pick [${i + 1}] ${f.name} ${need} (${gist}).`;
  });
  return [...lines, ...evidenceNotes(facts)].join('\n');
}

/** One-sided differences worth knowing: who reports numbers, who names its benchmarks. */
function evidenceNotes(facts: readonly PaperFacts[]): string[] {
  const notes: string[] = [];
  const label = (list: readonly PaperFacts[]) => joinWords(list.map((f) => `[${facts.indexOf(f) + 1}]`));
  const withNumbers = facts.filter((f) => f.numbers.length > 0);
  if (withNumbers.length > 0 && withNumbers.length < facts.length) {
    const examples = withNumbers.map((f) => `${f.numbers.slice(0, 2).join(', ')} in [${facts.indexOf(f) + 1}]`);
    notes.push(`Only ${label(withNumbers)} report${withNumbers.length === 1 ? 's' : ''} concrete numbers (${examples.join('; ')}).`);
  } else if (withNumbers.length === 0 && facts.length > 1) {
    notes.push('None of the abstracts gives concrete numbers, so read the results sections before choosing.');
  }
  const named = facts.filter((f) => f.namedData.length > 0);
  if (named.length > 0 && named.length < facts.length) {
    const lists = named.map((f) => f.namedData.slice(0, 3).join(', ')).join('; ');
    const verb = named.length === 1 ? 'names its' : 'name their';
    notes.push(`${label(named)} ${verb} evaluation data (${lists}), which makes results easier to check.`);
  }
  return notes;
}
