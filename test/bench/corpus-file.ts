/**
 * The synthetic corpus written once as NDJSON (one ParsedPaper a line) beside the bench stores, so a bulk
 * load reads papers as a real backfill would instead of generating them while it is timed.
 */
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, writeSync } from 'node:fs';
import { CORPUS_VERSION, generatePapers, type CorpusOptions } from './corpus.ts';

/** A file that starts with `size` papers of this corpus: the same seed gives the same papers in the same order at any size, so a larger file's first lines serve too. */
export function corpusFile(dir: string, { size, seed }: CorpusOptions, log: (line: string) => void = () => {}): string {
  const name = (n: number) => `corpus-${n}-seed${seed}-v${CORPUS_VERSION}.ndjson`;
  mkdirSync(dir, { recursive: true });
  const pattern = new RegExp(`^corpus-(\\d+)-seed${seed}-v${CORPUS_VERSION}\\.ndjson$`);
  const larger = readdirSync(dir).map((f) => Number(pattern.exec(f)?.[1] ?? -1)).filter((n) => n >= size).sort((a, b) => a - b)[0];
  if (larger !== undefined) return `${dir}${name(larger)}`;
  const path = `${dir}${name(size)}`;
  log(`  generating ${size.toLocaleString('en')} papers into ${name(size)}`);
  writeCorpus(`${path}.building`, { size, seed });
  renameSync(`${path}.building`, path);
  return path;
}

function writeCorpus(path: string, corpus: CorpusOptions): void {
  const fd = openSync(path, 'w');
  try {
    let lines: string[] = [];
    const flush = () => {
      const bytes = Buffer.from(`${lines.join('\n')}\n`);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
      lines = [];
    };
    for (const paper of generatePapers(corpus)) {
      lines.push(JSON.stringify(paper));
      if (lines.length === 10_000) flush();
    }
    if (lines.length > 0) flush();
  } finally {
    closeSync(fd);
  }
}
