/**
 * The synthetic corpus written as an arXiv metadata snapshot (JSON lines, the shape of Kaggle's
 * arxiv-metadata-oai-snapshot.json: see test/fixtures/arxiv/metadata-sample.jsonl), with every real paper of
 * the fixtures and sample listings planted among the synthetic ones at evenly spread lines. The bench stores
 * are built by `paperboy ingest` of this file, as a lab would load the real snapshot.
 */
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { CORPUS_VERSION, generatePapers, prng, type CorpusOptions } from './corpus.ts';
import { realPaperHalves } from './real-papers.ts';

/**
 * The real papers planted in every bench store (the planted half of real-papers.ts, which the synthetic ones
 * are never made from), as the snapshot carries them. Papers their listing gives no arXiv id (HF text pages)
 * get one from a month the synthetic corpus never uses (99xx), so each is one line; `paperboy ingest` of their
 * own listings afterwards merges upvotes and organisations into them by title.
 */
export function plantedPapers(): ParsedPaper[] {
  let invented = 0;
  return realPaperHalves().planted.map((paper) => {
    const arxivId = paper.arxivId ?? `9901.${String(++invented).padStart(5, '0')}`;
    return { ...paper, arxivId, url: `https://arxiv.org/abs/${arxivId}` };
  });
}

const MONTHS = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const WEEKDAYS = 'Sun Mon Tue Wed Thu Fri Sat'.split(' ');
const CATEGORIES = ['cs.LG', 'cs.CL', 'cs.CV', 'cs.AI', 'cs.RO', 'stat.ML', 'cs.IR', 'eess.AS'];

/** "Mon, 2 Apr 2007 18:22:14 GMT" for a YYYY-MM-DD day. */
function created(day: string, random: () => number): string {
  const date = new Date(`${day}T00:00:00Z`);
  const time = [24, 60, 60].map((n) => String(Math.floor(random() * n)).padStart(2, '0')).join(':');
  return `${WEEKDAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} GMT`;
}

/** Hard-wraps like the snapshot's abstracts: lines of at most 80 characters, two spaces before, "\n" after. */
function wrapped(text: string): string {
  // Scans for the last space within reach instead of splitting into words: a million abstracts are written.
  let out = '  ';
  let start = 0;
  while (text.length - start > 80) {
    let end = text.lastIndexOf(' ', start + 80);
    if (end <= start) end = text.indexOf(' ', start + 81);
    if (end === -1) break;
    out += `${text.slice(start, end)}\n`;
    start = end + 1;
  }
  return `${out}${text.slice(start)}\n`;
}

/** One paper as one snapshot line. */
export function metadataLine(p: ParsedPaper, random: () => number): string {
  const day = p.publishedAt ?? '2026-06-01';
  const categories = p.categories?.length ? p.categories : [CATEGORIES[Math.floor(random() * random() * CATEGORIES.length)]!];
  const parsed = p.authors.map((name) => {
    const parts = name.split(' ');
    const last = parts.pop() ?? '';
    return [last, parts.join(' '), ''];
  });
  return JSON.stringify({
    id: p.arxivId,
    submitter: p.authors[0] ?? null,
    authors: p.authors.join(', '),
    title: p.title,
    comments: p.comment ?? null,
    'journal-ref': p.journalRef ?? null,
    doi: p.doi ?? null,
    'report-no': null,
    categories: categories.join(' '),
    license: 'http://arxiv.org/licenses/nonexclusive-distrib/1.0/',
    abstract: wrapped(p.abstract),
    versions: [{ version: 'v1', created: created(day, random) }],
    update_date: day,
    authors_parsed: parsed,
  });
}

/**
 * The snapshot file of `size` synthetic papers plus the planted ones, written once under `dir` and reused;
 * its name carries the corpus version, the seed, the size and how many papers are planted.
 */
export function metadataFile(dir: string, { size, seed }: CorpusOptions, log: (line: string) => void = () => {}): string {
  const planted = plantedPapers();
  const name = `arxiv-metadata-${size}-seed${seed}-v${CORPUS_VERSION}-planted${planted.length}.jsonl`;
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  if (readdirSync(dir).includes(name)) return path;
  for (const file of readdirSync(dir)) if (file.startsWith(`arxiv-metadata-${size}-seed${seed}-`)) rmSync(join(dir, file));
  log(`  writing ${size.toLocaleString('en')} synthetic + ${planted.length} real papers into ${name}`);
  writeMetadata(`${path}.building`, { size, seed }, planted);
  renameSync(`${path}.building`, path);
  return path;
}

function writeMetadata(path: string, corpus: CorpusOptions, planted: readonly ParsedPaper[]): void {
  const random = prng(corpus.seed + 1000);
  const every = Math.max(1, Math.floor(corpus.size / (planted.length + 1)));
  const fd = openSync(path, 'w');
  try {
    let lines: string[] = [];
    const flush = () => {
      const bytes = Buffer.from(`${lines.join('\n')}\n`);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
      lines = [];
    };
    // A synthetic paper given the id of a real one would merge with it: those few are left out.
    const real = new Set(planted.map((p) => p.arxivId));
    let next = 0;
    let i = 0;
    for (const paper of generatePapers(corpus)) {
      if (!real.has(paper.arxivId)) lines.push(metadataLine(paper, random));
      i += 1;
      if (i % every === 0 && next < planted.length) lines.push(metadataLine(planted[next++]!, random));
      if (lines.length >= 10_000) flush();
    }
    while (next < planted.length) lines.push(metadataLine(planted[next++]!, random));
    if (lines.length > 0) flush();
  } finally {
    closeSync(fd);
  }
}
