/**
 * The relevance set: every real paper of test/fixtures/{hf,arxiv} and data/listings, each looked for twice, by
 * a few of its own distinctive abstract words and by the start of its title (glue words left out), as someone who read it would.
 * It is found when it is among the first 3 results (known-item top-3). Built from the files each time, so it
 * follows them; `npx tsx test/bench/relevance.ts` prints it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseListing } from '../../src/sources/detect.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';
import type { Paper } from '../../src/store/types.ts';

export interface KnownItem {
  readonly kind: 'abstract words' | 'title start';
  /** The query, as typed after `search`. */
  readonly text: string;
  readonly arxivId: string | null;
  readonly title: string;
  /**
   * The synthetic corpus is made from this paper (vocabulary.ts reads the HF files and listings): each bench
   * paper is a near-copy of one of those, title included, so a store of N papers holds about N / 170 papers
   * with this one's words and often its very title. Only the arXiv fixtures' papers are unlike every other.
   */
  readonly copied: boolean;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the real papers are: the folders bench stores plant too. */
export const REAL_PAPER_DIRS = ['test/fixtures/hf', 'test/fixtures/arxiv', 'data/listings'].map((dir) => join(ROOT, dir));

export const realPaperFiles = (): string[] =>
  REAL_PAPER_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /\.(json|xml|txt)$/.test(f))
      .sort()
      .map((f) => join(dir, f)),
  );

/** Each real paper once (by arXiv id, else title), and whether the synthetic corpus copies it. */
export function realPapers(): { paper: ParsedPaper; copied: boolean }[] {
  const seen = new Set<string>();
  return realPaperFiles()
    .flatMap((file) =>
      parseListing(readFileSync(file, 'utf8'), { file, date: '2025-12-18' }).papers.map((paper) => ({
        paper,
        copied: !file.includes('/arxiv/'),
      })),
    )
    .filter(({ paper }) => {
      const key = paper.arxivId ?? paper.title.toLowerCase();
      return !seen.has(key) && !!seen.add(key);
    });
}

const WORDS = /[\p{L}][\p{L}\p{N}]+/gu;
/** Left out of title starts: nobody remembers a title by these. */
const GLUE = new Set('a an the of on in for to and or with via from into by is are its our how what when can do does we at as'.split(' '));
const wordsOf = (text: string): string[] => (text.match(WORDS) ?? []).map((w) => w.toLowerCase());

/**
 * Per paper: the rarest word (fewest real abstracts hold it, at least 4 letters) of each of its sentences, the
 * 4 rarest of those (words from different sentences, as memory mixes them); and its title's first 4 words that are not glue.
 */
export function relevanceSet(papers: readonly { paper: ParsedPaper; copied: boolean }[] = realPapers()): KnownItem[] {
  const df = new Map<string, number>();
  for (const { paper } of papers) for (const w of new Set(wordsOf(paper.abstract))) df.set(w, (df.get(w) ?? 0) + 1);
  const rarity = (w: string) => df.get(w) ?? 0;
  return papers.flatMap(({ paper: p, copied }) => {
    const items: KnownItem[] = [];
    const target = { arxivId: p.arxivId, title: p.title, copied };
    const picks = new Set<string>();
    for (const sentence of p.abstract.split(/(?<=[.!?])\s+/)) {
      const candidates = wordsOf(sentence).filter((w) => w.length >= 4 && !picks.has(w));
      const rarest = candidates.sort((a, b) => rarity(a) - rarity(b) || (a < b ? -1 : 1))[0];
      if (rarest) picks.add(rarest);
    }
    const words = [...picks].sort((a, b) => rarity(a) - rarity(b) || (a < b ? -1 : 1)).slice(0, 4);
    if (words.length >= 2) items.push({ kind: 'abstract words', text: words.join(' '), ...target });
    const title = wordsOf(p.title)
      .filter((w) => !GLUE.has(w))
      .slice(0, 4);
    if (title.length >= 2) items.push({ kind: 'title start', text: title.join(' '), ...target });
    return items;
  });
}

/** Whether the results hold this known item (its arXiv id, else its exact title). */
export const holds = (results: readonly Paper[], item: KnownItem): boolean =>
  results.some((p) => (item.arxivId ? p.arxivId === item.arxivId : p.title === item.title));

if (import.meta.url === `file://${process.argv[1]}`) {
  const set = relevanceSet();
  for (const item of set) console.log(`${item.kind.padEnd(15)} ${item.arxivId ?? '-'}  ${item.text}`);
  console.log(`${set.length} queries over ${realPapers().length} real papers`);
}
