/**
 * The search benchmark's 200 queries, drawn (seeded) from the same vocabulary as the corpus: broad and
 * narrow single words, word pairs and runs that occur together in sample sentences, quoted phrases,
 * field filters, exclusions, prefixes and date bounds. They are also the relevance set: the fast path's
 * top 10 is compared with plain bm25's for each.
 */
import { methodName, prng, zipf } from './corpus.ts';
import { loadVocabulary, type Vocabulary } from './vocabulary.ts';

export interface BenchQuery {
  readonly kind: string;
  readonly text: string;
}

const MIX: readonly [kind: string, count: number][] = [
  ['broad word', 40],
  ['mid word', 30],
  ['rare word', 20],
  ['two words', 40],
  ['three or four words', 20],
  ['phrase', 20],
  ['author', 10],
  ['org', 5],
  ['title', 5],
  ['exclusion', 5],
  ['prefix', 3],
  ['since', 2],
];

export function benchQueries(seed = 7, vocabulary: Vocabulary = loadVocabulary()): BenchQuery[] {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const words = vocabulary.wordsByFrequency.filter((w) => /^[A-Za-z][a-z]{2,}$/.test(w));
  const rank = zipf(400_000, 0.9, random);
  /** `n` consecutive topic words of a sample sentence: pairs and runs people actually search for. */
  const run = (n: number): string[] => {
    for (;;) {
      const { pieces, swappable } = pick(vocabulary.sentences);
      const topical = swappable.map((i) => pieces[i]!).filter((w) => /^[A-Za-z][A-Za-z-]{2,}$/.test(w));
      if (topical.length < n) continue;
      const start = Math.floor(random() * (topical.length - n + 1));
      return topical.slice(start, start + n).map((w) => w.toLowerCase());
    }
  };
  const phrase = (): string => {
    for (;;) {
      const { pieces } = pick(vocabulary.sentences);
      const wordsOnly = pieces.filter((p) => /^[A-Za-z]{3,}$/.test(p));
      if (wordsOnly.length < 3) continue;
      const n = 2 + Math.floor(random() * 2);
      const start = Math.floor(random() * (wordsOnly.length - n + 1));
      return `"${wordsOnly
        .slice(start, start + n)
        .join(' ')
        .toLowerCase()}"`;
    }
  };
  const make: Record<string, () => string> = {
    'broad word': () => pick(words.slice(0, 100)).toLowerCase(),
    'mid word': () => pick(words.slice(100, 2000)).toLowerCase(),
    'rare word': () => (random() < 0.5 ? methodName(rank()) : pick(words.slice(3000))).toLowerCase(),
    'two words': () => run(2).join(' '),
    'three or four words': () => run(3 + Math.floor(random() * 2)).join(' '),
    phrase,
    author: () => `${random() < 0.5 ? `${run(1)[0]} ` : ''}author:${pick(vocabulary.lastNames)}`,
    org: () => `${run(1)[0]} org:${pick(vocabulary.organizations).slug.split('-')[0]}`,
    title: () => `title:${pick(words.slice(0, 300)).toLowerCase()} ${run(1)[0]}`,
    exclusion: () => `${run(2).join(' ')} -${pick(words.slice(0, 200)).toLowerCase()}`,
    prefix: () => `${methodName(rank()).slice(0, 5).toLowerCase()}*`,
    since: () => `${run(2).join(' ')} since:2026-01-01`,
  };
  return MIX.flatMap(([kind, count]) => Array.from({ length: count }, () => ({ kind, text: make[kind]!() })));
}
