/**
 * The material synthetic papers are made of, read from the source half of the real papers (real-papers.ts;
 * the planted half never feeds it): their sentences, title words, author names, organisations and keywords,
 * with word frequencies.
 */
import { realPaperHalves } from './real-papers.ts';

export interface Vocabulary {
  /** Each sample abstract as its sentences. */
  readonly abstracts: readonly (readonly Phrasing[])[];
  /** Every abstract sentence. */
  readonly sentences: readonly Phrasing[];
  readonly titles: readonly Phrasing[];
  /** Abstract words, most frequent first (the rank a Zipf draw picks from). */
  readonly wordsByFrequency: readonly string[];
  readonly titleWordsByFrequency: readonly string[];
  readonly firstNames: readonly string[];
  readonly lastNames: readonly string[];
  readonly organizations: readonly { slug: string; name: string }[];
  readonly keywords: readonly string[];
}

const WORD = /^[\p{L}\p{N}][\p{L}\p{N}'-]*$/u;
/** Words that stay as written when a sentence is varied: grammar, not topic. */
const GLUE = new Set(
  'a an the of in on for to and or but with by from as at is are was were be been this that these those we our it its which via than into over under while both each such can not also has have using based'.split(
    ' ',
  ),
);

const isGlue = (word: string): boolean => GLUE.has(word.toLowerCase()) || !WORD.test(word);

/** A sentence as words and the punctuation between them (joined, they give it back), and which words may be swapped. */
export interface Phrasing {
  /** The sentence as written: pieces joined. */
  readonly text: string;
  readonly pieces: readonly string[];
  /** Where each piece starts in `text`, and its length last. */
  readonly offsets: readonly number[];
  readonly swappable: readonly number[];
  readonly words: number;
}

function phrasing(text: string): Phrasing {
  const pieces = text.split(/([\p{L}\p{N}][\p{L}\p{N}'-]*)/u).filter((p) => p !== '');
  const swappable = pieces.flatMap((piece, i) => (isGlue(piece) ? [] : [i]));
  const offsets = [0];
  for (const piece of pieces) offsets.push(offsets.at(-1)! + piece.length);
  return { text, pieces, offsets, swappable, words: pieces.filter((p) => WORD.test(p)).length };
}

function byFrequency(texts: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.match(/[\p{L}\p{N}][\p{L}\p{N}'-]*/gu) ?? []) {
      if (!isGlue(word) && word.length > 1) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([word]) => word);
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

export function loadVocabulary(): Vocabulary {
  const papers = realPaperHalves().source.filter((p) => p.abstract.length > 100);
  const abstracts = papers.map((p) => p.abstract);
  const bySentence = abstracts.map((a) =>
    a
      .split(/(?<=[.!?])\s+(?=[A-Z])/)
      .filter((s) => s.split(' ').length >= 5)
      .map(phrasing),
  );
  const names = [...new Set(papers.flatMap((p) => p.authors))].map((n) => n.split(/\s+/)).filter((parts) => parts.length >= 2);
  const orgNames = [...new Set(papers.map((p) => p.organization?.name).filter((n): n is string => !!n))];
  const places = byFrequency(papers.map((p) => p.title))
    .filter((w) => /^[A-Z][a-z]{3,}$/.test(w))
    .slice(0, 60);
  const organizations = [
    ...orgNames,
    ...places.map((p) => `${p} Institute of Technology`),
    ...names.slice(0, 80).map((parts) => `${parts.at(-1)} Lab`),
  ].map((name) => ({ slug: slug(name), name }));
  return {
    abstracts: bySentence.filter((sentences) => sentences.length >= 3),
    sentences: bySentence.flat(),
    titles: papers.map((p) => phrasing(p.title)),
    wordsByFrequency: byFrequency(abstracts),
    titleWordsByFrequency: byFrequency(papers.map((p) => p.title)),
    firstNames: [...new Set(names.map((parts) => parts[0]!))],
    lastNames: [...new Set(names.map((parts) => parts.at(-1)!))],
    organizations,
    keywords: [...new Set(papers.flatMap((p) => p.keywords ?? []))],
  };
}
