/**
 * The real papers of the fixtures and sample listings, split once into two disjoint halves by a hash of their
 * title: the *source* half is what the synthetic corpus is made of (vocabulary.ts), the *planted* half is what
 * the bench stores plant and the relevance set looks for. No planted paper's sentences or title ever feed the
 * generator, so known-item top-3 measures ranking, not which of hundreds of near-copies comes first.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseListing } from '../../src/sources/detect.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the real papers are. */
export const REAL_PAPER_DIRS = ['test/fixtures/hf', 'test/fixtures/arxiv', 'test/fixtures/listings', 'data/listings'].map((dir) =>
  join(ROOT, dir),
);

export const realPaperFiles = (): string[] =>
  REAL_PAPER_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /\.(json|xml|txt)$/.test(f))
      .sort()
      .map((f) => join(dir, f)),
  );

/** A title as compared across sources: a paper listed with an id in one file and without in another is one paper. */
export const titleKey = (title: string): string =>
  title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/** FNV-1a of the title key: which half a paper falls in depends on nothing but its title. */
function half(title: string): 'source' | 'planted' {
  let h = 0x811c9dc5;
  for (const ch of titleKey(title)) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193);
  return (h >>> 0) % 2 === 0 ? 'source' : 'planted';
}

let cached: { source: ParsedPaper[]; planted: ParsedPaper[] } | undefined;

/** Every real paper once (the first file listing it wins), in one of the two halves. */
export function realPaperHalves(): { readonly source: readonly ParsedPaper[]; readonly planted: readonly ParsedPaper[] } {
  if (cached) return cached;
  const ids = new Set<string>();
  const titles = new Set<string>();
  const halves = { source: [] as ParsedPaper[], planted: [] as ParsedPaper[] };
  for (const file of realPaperFiles()) {
    for (const paper of parseListing(readFileSync(file, 'utf8'), { file, date: '2026-06-01' }).papers) {
      const key = titleKey(paper.title);
      if (!key || titles.has(key) || (paper.arxivId && ids.has(paper.arxivId))) continue;
      titles.add(key);
      if (paper.arxivId) ids.add(paper.arxivId);
      halves[half(paper.title)].push(paper);
    }
  }
  return (cached = halves);
}
