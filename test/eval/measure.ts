/** Computes every figure of the offline evaluation; offline-eval.ts prints them and the vitest test asserts the goals. */
import { compareOffline, summarizeOffline } from '../../src/llm/offline.ts';
import { splitSentences } from '../../src/llm/extract.ts';
import { extractiveTldr } from '../../src/llm/offline-tldr.ts';
import { NOT_STATED } from '../../src/llm/prompts.ts';
import type { Paper } from '../../src/store/types.ts';
import {
  captures,
  groundedLine,
  hasWrongName,
  isBackground,
  isBrokenLeadIn,
  isCompressionOf,
  isCut,
  locate,
  numbersFromAbstract,
} from './checks.ts';
import { ASPECTS, labels, listingPapers, summarisedPapers, type Aspect, type Labels } from './corpus.ts';
import { rougeL } from './rouge.ts';

type Split = 'rules' | 'held-out';
const ASPECT_OF: Record<string, Aspect> = {
  Problem: 'problem',
  Approach: 'approach',
  'Data / benchmarks': 'data',
  'Reported results': 'results',
};
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const pct = (part: number, whole: number) => (whole ? (100 * part) / whole : 0);

export interface TldrFigures {
  papers: number;
  /** Porter-stemmed (rouge-score's use_stemmer=True), the goal's measure. */
  rougeL: number;
  lead1: number;
  oracle: number;
  /** The same without stemming. */
  plain: { rougeL: number; lead1: number; oracle: number };
  bestSentencePicked: number;
  background: number;
}

export interface ComparisonFigures {
  groups: number;
  cells: number;
  filled: number;
  filledCorrect: number;
  dataFilled: number;
  dataCorrect: number;
  points: number;
  captured: number;
  numberErrors: number;
  falseNotStated: number;
  verdictLines: number;
  verdictGrounded: number;
}

export interface Figures {
  tldr: Record<Split, TldrFigures>;
  aiSummaryUsed: { used: number; of: number };
  brokenLeadIns: { broken: number; of: number };
  /** TL;DRs that are not one abstract sentence with words dropped (see isCompressionOf). */
  notCompressions: number;
  /** TL;DRs shortened with "…" (too long for the digest line even after compression). */
  tldrCut: number;
  contributions: { bullets: number; cut: number; labelled: number; background: number; repeatsTldr: number };
  comparison: Record<Split, ComparisonFigures>;
}

const withoutSummary = (p: Paper): Paper => ({ ...p, aiSummary: null });

function tldrFigures(papers: readonly Paper[], labelOf: (p: Paper) => Labels): TldrFigures {
  const rows = papers.map((paper) => {
    const reference = paper.aiSummary ?? '';
    const sentences = splitSentences(paper.abstract);
    const scores = sentences.map((s) => rougeL(s, reference, true));
    const plain = sentences.map((s) => rougeL(s, reference));
    const oracle = Math.max(0, ...scores);
    const tldr = summarizeOffline(withoutSummary(paper)).tldr;
    const source = extractiveTldr(paper.abstract, paper.title)?.index ?? locate(tldr, paper.abstract)?.sentence;
    return {
      rouge: rougeL(tldr, reference, true),
      lead1: scores[0] ?? 0,
      oracle,
      plainRouge: rougeL(tldr, reference),
      plainLead1: plain[0] ?? 0,
      plainOracle: Math.max(0, ...plain),
      best: source !== undefined && scores[source] === oracle,
      background: isBackground(tldr, paper.abstract, labelOf(paper).background),
    };
  });
  return {
    papers: rows.length,
    rougeL: mean(rows.map((r) => r.rouge)),
    lead1: mean(rows.map((r) => r.lead1)),
    oracle: mean(rows.map((r) => r.oracle)),
    plain: {
      rougeL: mean(rows.map((r) => r.plainRouge)),
      lead1: mean(rows.map((r) => r.plainLead1)),
      oracle: mean(rows.map((r) => r.plainOracle)),
    },
    bestSentencePicked: rows.filter((r) => r.best).length,
    background: rows.filter((r) => r.background).length,
  };
}

function comparisonFigures(groups: readonly string[][], byId: Map<string, Paper>, all: Record<string, Labels>): ComparisonFigures {
  const f: ComparisonFigures = {
    groups: groups.length,
    cells: 0,
    filled: 0,
    filledCorrect: 0,
    dataFilled: 0,
    dataCorrect: 0,
    points: 0,
    captured: 0,
    numberErrors: 0,
    falseNotStated: 0,
    verdictLines: 0,
    verdictGrounded: 0,
  };
  for (const ids of groups) {
    const papers = ids.map((id) => byId.get(id)!);
    const { rows, verdict } = compareOffline(papers);
    for (const aspect of ASPECTS) {
      const row = rows.find((r) => ASPECT_OF[r.aspect] === aspect);
      papers.forEach((paper, i) => {
        const label = all[ids[i]!]!;
        const points = label[aspect];
        const cell = row?.values[i] ?? NOT_STATED;
        const filled = cell !== NOT_STATED;
        const numbersOk = numbersFromAbstract(cell, paper.abstract);
        const correct = filled && numbersOk && !hasWrongName(cell, label.wrong[aspect] ?? []) && points.some((p) => captures(cell, p));
        f.cells++;
        f.points += points.length;
        if (filled) f.captured += points.filter((p) => captures(cell, p)).length;
        if (!filled && points.length > 0) f.falseNotStated++;
        if (filled) f.filled++;
        if (correct) f.filledCorrect++;
        if (filled && !numbersOk) f.numberErrors++;
        if (filled && aspect === 'data') f.dataFilled++;
        if (correct && aspect === 'data') f.dataCorrect++;
      });
    }
    const lines = verdict.split('\n').filter((l) => l.trim());
    f.verdictLines += lines.length;
    f.verdictGrounded += lines.filter((l) => groundedLine(l, papers)).length;
    f.numberErrors += lines.filter((l) => !numbersFromAbstract(l.replace(/\[\d+\]/g, ''), papers.map((p) => p.abstract).join(' '))).length;
  }
  return f;
}

export function measure(): Figures {
  const file = labels();
  const summarised = summarisedPapers();
  const byId = new Map(summarised.map((p) => [p.arxivId!, p]));
  const labelOf = (p: Paper) => file.papers[p.arxivId!]!;
  const inSplit = (split: Split) => summarised.filter((p) => labelOf(p).split === split);
  const everyAbstract = [...summarised.map(withoutSummary), ...listingPapers()];

  const summaries = everyAbstract.map((paper) => ({ paper, summary: summarizeOffline(paper) }));
  const bullets = summaries.flatMap(({ paper, summary }) => summary.points.map((point) => ({ paper, point, tldr: summary.tldr })));
  const labelled = bullets.filter((b) => b.paper.arxivId && file.papers[b.paper.arxivId]);
  const same = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase().replace(/[.…]+$/, ''));

  return {
    tldr: { rules: tldrFigures(inSplit('rules'), labelOf), 'held-out': tldrFigures(inSplit('held-out'), labelOf) },
    aiSummaryUsed: { used: summarised.filter((p) => summarizeOffline(p).tldr === p.aiSummary).length, of: summarised.length },
    brokenLeadIns: { broken: summaries.filter((s) => isBrokenLeadIn(s.summary.tldr, s.paper.abstract)).length, of: summaries.length },
    tldrCut: summaries.filter((s) => s.summary.tldr.includes('…')).length,
    notCompressions: summaries.filter((s) => s.summary.tldr !== s.paper.title && !isCompressionOf(s.summary.tldr, s.paper.abstract)).length,
    contributions: {
      bullets: bullets.length,
      cut: bullets.filter((b) => isCut(b.point, b.paper.abstract)).length,
      labelled: labelled.length,
      background: labelled.filter((b) => isBackground(b.point, b.paper.abstract, labelOf(b.paper).background)).length,
      repeatsTldr: bullets.filter((b) => same(b.tldr, b.point) || same(b.point, b.tldr)).length,
    },
    comparison: {
      rules: comparisonFigures(file.groups.rules, byId, file.papers),
      'held-out': comparisonFigures(file.groups['held-out'], byId, file.papers),
    },
  };
}

export const share = pct;
