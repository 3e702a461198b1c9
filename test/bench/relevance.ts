/**
 * The relevance set: every planted real paper (the half of real-papers.ts the synthetic corpus is never made
 * from), each looked for twice, by
 * a few of its own distinctive abstract words and by the start of its title (glue words left out), as someone who read it would.
 * It is found when it is among the first 3 results (known-item top-3). Built from the files each time, so it
 * follows them; `npx tsx test/bench/relevance.ts` prints it.
 */
import type { ParsedPaper } from '../../src/sources/types.ts';
import type { Paper } from '../../src/store/types.ts';
import { plantedPapers } from './corpus-file.ts';
import { realPaperHalves } from './real-papers.ts';

export { realPaperFiles } from './real-papers.ts';

export interface KnownItem {
  readonly kind: 'abstract words' | 'title start';
  /** The query, as typed after `search`. */
  readonly text: string;
  readonly arxivId: string | null;
  readonly title: string;
}

const WORDS = /[\p{L}][\p{L}\p{N}]+/gu;
/** Left out of title starts: nobody remembers a title by these. */
const GLUE = new Set('a an the of on in for to and or with via from into by is are its our how what when can do does we at as'.split(' '));
const wordsOf = (text: string): string[] => (text.match(WORDS) ?? []).map((w) => w.toLowerCase());

/**
 * Per planted paper: the rarest word (fewest real abstracts of either half hold it, at least 4 letters) of each of its sentences, the
 * 4 rarest of those (words from different sentences, as memory mixes them); and its title's first 4 words that are not glue.
 */
export function relevanceSet(
  papers: readonly ParsedPaper[] = plantedPapers(),
  real: readonly ParsedPaper[] = [...realPaperHalves().source, ...realPaperHalves().planted],
): KnownItem[] {
  const df = new Map<string, number>();
  for (const paper of real) for (const w of new Set(wordsOf(paper.abstract))) df.set(w, (df.get(w) ?? 0) + 1);
  const rarity = (w: string) => df.get(w) ?? 0;
  return papers.flatMap((p) => {
    const items: KnownItem[] = [];
    const target = { arxivId: p.arxivId, title: p.title };
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

/** Whether the results hold this known item (by its arXiv id, given or invented when planted). */
export const holds = (results: readonly Paper[], item: KnownItem): boolean => results.some((p) => p.arxivId === item.arxivId);

if (import.meta.url === `file://${process.argv[1]}`) {
  const set = relevanceSet();
  for (const item of set) console.log(`${item.kind.padEnd(15)} ${item.arxivId ?? '-'}  ${item.text}`);
  console.log(`${set.length} queries over ${plantedPapers().length} planted real papers`);
}
