/**
 * A deterministic synthetic corpus for benchmarks: papers made from the source half of the real papers'
 * sentences (vocabulary.ts; never from the planted half), with
 * a share of their topic words swapped for others drawn by frequency rank (Zipf), so word frequencies stay
 * realistic: broad words ("language", "models", "alignment") reach most papers, made-up method names and
 * author names give a long tail. The same size and seed always give the same papers.
 */
import type { ParsedPaper } from '../../src/sources/types.ts';
import { loadVocabulary, type Phrasing, type Vocabulary } from './vocabulary.ts';

export interface CorpusOptions {
  readonly size: number;
  readonly seed: number;
}

/** Changing how papers are generated changes this, and with it the name of every cached bench store. */
export const CORPUS_VERSION = 2;

/** sfc32: small, fast and good enough for test data. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed | 1;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

/** Draws ranks 0..n-1 with probability proportional to 1 / (rank + 1 + offset)^exponent (Zipf-Mandelbrot). */
export function zipf(n: number, exponent: number, random: () => number, offset = 0): () => number {
  const cumulative = new Float64Array(n);
  let total = 0;
  for (let r = 0; r < n; r++) cumulative[r] = total += 1 / (r + 1 + offset) ** exponent;
  return () => {
    const x = random() * total;
    let lo = 0,
      hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const SYLLABLES = 'ka lo mi ra ven tor sa lu qi dex fa no zu ri pho gen tra vi mo ex ar quo ny sel bri da cor fle hu ji'.split(' ');

/** A made-up method name for index i ("Ravento", "Quodexka"): the corpus's long tail of rare words. */
export function methodName(i: number): string {
  let name = '';
  let n = i + SYLLABLES.length;
  while (n > 0) {
    name += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  }
  return name.charAt(0).toUpperCase() + name.slice(1);
}

const METHOD_NAMES = 400_000;
/** The share of an abstract's topic words swapped for others: enough variety, while the sample's word frequencies still show. */
const SWAP_RATE = 0.06;
const MIN_WORDS = 150;
const MAX_WORDS = 250;
const FIRST_YEAR = 2016;
const YEARS = 11;

/** Yields `size` papers; memory stays flat however large the corpus. */
export function* generatePapers({ size, seed }: CorpusOptions, vocabulary: Vocabulary = loadVocabulary()): Generator<ParsedPaper> {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const word = zipf(vocabulary.wordsByFrequency.length, 1.0, random, 30);
  const swapWord = () => vocabulary.wordsByFrequency[word()]!;
  const swapTitleWord = () => vocabulary.titleWordsByFrequency[titleWord()]!;
  const author = () => `${pick(vocabulary.firstNames)} ${vocabulary.lastNames[lastName()]!}`;
  const anyKeyword = () => vocabulary.keywords[keyword()]!;
  const titleWord = zipf(vocabulary.titleWordsByFrequency.length, 1.0, random, 10);
  const method = zipf(METHOD_NAMES, 0.9, random);
  const lastName = zipf(vocabulary.lastNames.length, 0.8, random);
  const organization = zipf(vocabulary.organizations.length, 1.1, random);
  const keyword = zipf(vocabulary.keywords.length, 1.0, random);
  const yearWeights = Array.from({ length: YEARS }, (_, i) => 1.3 ** i);
  const yearTotal = yearWeights.reduce((a, b) => a + b, 0);
  const perMonth = new Map<string, number>();

  /** Swaps each swappable word with probability `rate` (skipping ahead geometrically: one draw per swap). */
  const vary = ({ text, offsets, swappable }: Phrasing, rate: number, swap: () => string): string => {
    const logKeep = Math.log(1 - rate);
    let k = Math.floor(Math.log(1 - random()) / logKeep);
    if (k >= swappable.length) return text;
    // Concatenated rather than joined: V8 keeps the parts as a rope, flattened once when the line is written.
    let out = '';
    let from = 0;
    for (; k < swappable.length; k += 1 + Math.floor(Math.log(1 - random()) / logKeep)) {
      const piece = swappable[k]!;
      out += text.slice(offsets[from]!, offsets[piece]!) + swap();
      from = piece + 1;
    }
    return out + text.slice(offsets[from]!);
  };
  const year = () => {
    let x = random() * yearTotal;
    for (let i = 0; i < YEARS; i++) if ((x -= yearWeights[i]!) <= 0) return FIRST_YEAR + i;
    return FIRST_YEAR + YEARS - 1;
  };

  for (let i = 0; i < size; i++) {
    const name = random() < 0.6 ? methodName(method()) : null;
    // One sample abstract, most of its sentences kept, one or two borrowed from others: topics stay coherent.
    const sentences: string[] = [];
    let words = 0;
    const add = (sentence: Phrasing, at: number) => {
      sentences.splice(at, 0, vary(sentence, SWAP_RATE, swapWord));
      words += sentence.words;
    };
    for (const sentence of pick(vocabulary.abstracts)) if (random() < 0.8 && words < MAX_WORDS) add(sentence, sentences.length);
    for (let extra = 1 + Math.floor(random() * 2); (extra > 0 || words < MIN_WORDS) && words < MAX_WORDS; extra--) {
      add(pick(vocabulary.sentences), Math.floor(random() * (sentences.length + 1)));
    }
    if (name) sentences.splice(Math.floor(random() * sentences.length), 0, `We call our approach ${name}.`);
    const baseTitle = vary(pick(vocabulary.titles), 0.4, swapTitleWord);
    const y = year();
    const month = y === FIRST_YEAR + YEARS - 1 ? 1 + Math.floor(random() * 6) : 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const yymm = `${String(y % 100).padStart(2, '0')}${String(month).padStart(2, '0')}`;
    const serial = (perMonth.get(yymm) ?? 0) + 1;
    perMonth.set(yymm, serial);
    const arxivId = `${yymm}.${String(serial).padStart(5, '0')}`;
    const authors = Array.from({ length: 1 + Math.floor(random() * random() * 12) }, author);
    const org = random() < 0.3 ? vocabulary.organizations[organization()]! : null;
    const keywords = random() < 0.2 ? [...new Set(Array.from({ length: 2 + Math.floor(random() * 4) }, anyKeyword))] : [];
    yield {
      title: name ? `${name}: ${baseTitle}` : baseTitle,
      abstract: sentences.join(' '),
      authorCount: authors.length,
      authors,
      organization: org,
      publishedAt: `${y}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      upvotes: random() < 0.55 ? 0 : Math.floor(Math.exp(random() * random() * 6)),
      arxivId,
      url: `https://arxiv.org/abs/${arxivId}`,
      keywords,
    };
  }
}
