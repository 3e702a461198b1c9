import type { Paper } from '../store/types.ts';
import type { Comparison, LlmOutcome, Summariser, Summary, UsageTotals } from './types.ts';
import { normaliseSpace, rankSentences, shorten, splitSentences } from './extract.ts';
import { cellChars, compareFacts, factsOf, ROW_CHARS, type PaperFacts } from './offline-compare.ts';
import { keyPoints } from './offline-points.ts';
import { extractiveTldr } from './offline-tldr.ts';
import { verdictOf } from './offline-verdict.ts';

export { shortName } from './offline-compare.ts';

const TLDR_MAX = 300;

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

/** The digest TL;DR, as `summarize` picks it: the source's own AI summary, else the sentence that says what the paper does. */
export function tldrOffline(paper: Paper): string {
  // One digest tick shows the same new papers to every channel: choose each paper's sentence once.
  const { abstract } = paper;
  const key = `${paper.id}\u0000${paper.title}\u0000${abstract.length}:${abstract.slice(0, 40)}:${abstract.slice(-40)}\u0000${paper.aiSummary ?? ''}`;
  const known = chosenTldrs.get(key);
  if (known !== undefined) return known;
  const own = normaliseSpace(paper.aiSummary ?? '');
  const chosen = own || (extractiveTldr(paper.abstract, paper.title)?.text ?? splitSentences(paper.abstract)[0]);
  const tldr = shorten(chosen || paper.title, TLDR_MAX);
  if (chosenTldrs.size >= CHOSEN_TLDRS_MAX) chosenTldrs.delete(chosenTldrs.keys().next().value!);
  chosenTldrs.set(key, tldr);
  return tldr;
}

/** The digest one-liners chosen lately, oldest first (a day's listings are a few hundred papers). */
const chosenTldrs = new Map<string, string>();
const CHOSEN_TLDRS_MAX = 5_000;

/** HF's own AI summary when the paper has one, else the sentence that says what the paper does; then key contributions. */
export function summarizeOffline(paper: Paper): Summary {
  const ranked = rankSentences(paper.abstract, paper.title);
  const own = normaliseSpace(paper.aiSummary ?? '');
  const extracted = extractiveTldr(paper.abstract, paper.title);
  if (!own && !extracted) return { tldr: shorten(paper.title, TLDR_MAX), points: [] };
  const tldr = shorten(own || extracted!.text, TLDR_MAX);
  return { tldr, points: keyPoints(ranked, own ? undefined : extracted?.index, tldr) };
}

export function compareOffline(papers: readonly Paper[]): Comparison {
  const facts = papers.map((paper) => factsOf(paper, papers.length));
  // The row, not each cell, must fit the chat field: a paper that reports little leaves room for another's numbers.
  const results = (f: PaperFacts) => cellChars(f.cells[3]);
  let slack = ROW_CHARS - facts.reduce((sum, f) => sum + results(f), 0);
  for (let i = 0; i < facts.length && slack > 0 && papers.length > 1; i++) {
    const own = results(facts[i]!);
    const wider = factsOf(papers[i]!, papers.length, own - 8 + slack);
    if (results(wider) > own && results(wider) - own <= slack) {
      slack -= results(wider) - own;
      facts[i] = wider;
    }
  }
  return compareFacts(facts, verdictOf);
}
