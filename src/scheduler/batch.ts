/**
 * The new papers of one scheduler tick, read once and shared by every channel's digest. Each channel
 * takes the papers first seen after its own last digest (a slice, no query), and topic matches come
 * from a word index over the batch instead of a regex scan of every abstract for every channel.
 */
import { topicPattern } from '../core/rank.ts';
import type { LlmOutcome, Summariser } from '../llm/types.ts';
import type { Store } from '../store/store.ts';
import type { Paper } from '../store/types.ts';

const ASCII_WORD = /^[A-Za-z0-9]+$/;
const WORD = /[\p{L}\p{N}]+/gu;
const JOINER = /^[\s\-_]+$/u;

/**
 * Word keys compare ASCII topic words the way the topic regexes ('iu' flags) do: under Unicode
 * simple case folding the only other letters that fold onto ASCII are ſ (→ s) and the Kelvin sign
 * (→ k, which toLowerCase already maps).
 */
const keyOf = (word: string): string => word.toLowerCase().replace(/ſ/g, 's');

/** A paper's words in order, and whether only spaces, hyphens or underscores separate each from the next. */
interface Words {
  readonly keys: string[];
  readonly joinable: boolean[];
}

function wordsOf(text: string): Words {
  const keys: string[] = [];
  const joinable: boolean[] = [];
  let previousEnd = -1;
  for (const match of text.matchAll(WORD)) {
    if (previousEnd >= 0) joinable.push(JOINER.test(text.slice(previousEnd, match.index)));
    keys.push(keyOf(match[0]));
    previousEnd = match.index + match[0].length;
  }
  return { keys, joinable };
}

export class DigestBatch {
  private readonly haystacks: string[];
  private readonly words: Words[];
  /** Word key → flat [paper, position, paper, position, …] of its occurrences. */
  private readonly index = new Map<string, number[]>();
  private readonly oneLiners = new Map<number, Promise<LlmOutcome<string>>>();

  /** `papers` are those first seen after `from`, ordered by first-seen time, as `load` reads them. */
  private readonly papers: readonly Paper[];
  /** The batch holds every paper first seen after this ISO time. */
  readonly from: string;
  /** When the batch was read: a digest built from it covers papers first seen up to here. */
  readonly readAt: Date;
  constructor(papers: readonly Paper[], from: string, readAt: Date) {
    this.papers = papers;
    this.from = from;
    this.readAt = readAt;
    // The same text rank.ts's topicMatcher searches.
    this.haystacks = papers.map((p) => `${p.title}\n${p.abstract}\n${p.keywords.join(', ')}`);
    this.words = this.haystacks.map(wordsOf);
    this.words.forEach(({ keys }, paper) => {
      keys.forEach((key, position) => {
        let occurrences = this.index.get(key);
        if (!occurrences) this.index.set(key, (occurrences = []));
        occurrences.push(paper, position);
      });
    });
  }

  /** Reads, once, every paper first seen after the earliest of the tick's channels' last digests. */
  static load(store: Store, earliestSince: string, readAt: Date): DigestBatch {
    const papers = store.digestQueries
      .firstSeenSince(earliestSince)
      .sort((a, b) => a.firstSeenAt.localeCompare(b.firstSeenAt) || a.id - b.id);
    return new DigestBatch(papers, earliestSince, readAt);
  }

  /** Whether the batch holds every paper first seen after `since`. */
  covers(since: string): boolean {
    return since >= this.from;
  }

  /** The papers first seen after `since`, which the batch must cover. */
  since(since: string): Paper[] {
    let low = 0;
    let high = this.papers.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.papers[mid]!.firstSeenAt > since) high = mid;
      else low = mid + 1;
    }
    return this.papers.slice(low);
  }

  /** How many of `topics` each paper of the batch matches: the count rank.ts's topicMatcher gives. */
  topicHits(topics: readonly string[]): (paper: Paper) => number {
    const hits = new Map<number, number>();
    for (const topic of topics) {
      const words = topic
        .trim()
        .split(/[\s\-_]+/)
        .filter(Boolean);
      if (words.length === 0) continue;
      for (const paper of words.every((w) => ASCII_WORD.test(w)) ? this.withPhrase(words) : this.withPattern(topic)) {
        const id = this.papers[paper]!.id;
        hits.set(id, (hits.get(id) ?? 0) + 1);
      }
    }
    return (paper) => hits.get(paper.id) ?? 0;
  }

  /** The summariser for the tick's digests: each paper's one-line TL;DR is made once, however many channels show it. */
  summariser(llm: Summariser): Summariser {
    const tldr = (paper: Paper, signal?: AbortSignal): Promise<LlmOutcome<string>> => {
      let outcome = this.oneLiners.get(paper.id);
      if (!outcome) this.oneLiners.set(paper.id, (outcome = llm.tldr(paper, signal)));
      return outcome;
    };
    return {
      mode: llm.mode,
      model: llm.model,
      tldr,
      summarize: (paper, signal) => llm.summarize(paper, signal),
      compare: (papers, signal) => llm.compare(papers, signal),
      usage: () => llm.usage(),
    };
  }

  /**
   * Papers where the words follow each other as whole words, joined only by spaces, hyphens or
   * underscores, the last one possibly with s/es: exactly what topicPattern matches for ASCII words.
   */
  private withPhrase(words: readonly string[]): Set<number> {
    const keys = words.map(keyOf);
    const last = keys.length - 1;
    const lastForms = new Set([keys[last]!, `${keys[last]}s`, `${keys[last]}es`]);
    const starts = last === 0 ? [...lastForms].flatMap((form) => this.index.get(form) ?? []) : (this.index.get(keys[0]!) ?? []);
    const found = new Set<number>();
    for (let i = 0; i < starts.length; i += 2) {
      const [paper, position] = [starts[i]!, starts[i + 1]!];
      if (found.has(paper)) continue;
      const { keys: text, joinable } = this.words[paper]!;
      let matches = position + last < text.length;
      for (let j = 1; matches && j <= last; j += 1) {
        const word = text[position + j]!;
        matches = joinable[position + j - 1]! && (j === last ? lastForms.has(word) : word === keys[j]);
      }
      if (matches) found.add(paper);
    }
    return found;
  }

  /** Topics with other characters than ASCII letters and digits: the regex itself, on every paper. */
  private withPattern(topic: string): number[] {
    const pattern = topicPattern(topic);
    return pattern ? [...this.papers.keys()].filter((paper) => pattern.test(this.haystacks[paper]!)) : [];
  }
}
