/**
 * The synthetic corpus written once as NDJSON (one ParsedPaper a line) beside the bench stores, so a bulk
 * load reads papers as a real backfill would instead of generating them while it is timed.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_VERSION, generatePapers, type CorpusOptions } from './corpus.ts';

/**
 * A file that starts with `size` papers of this corpus: the same seed gives the same papers in the same order
 * at any size, so a larger file's first lines serve too. Its name carries a fingerprint of what the generator
 * makes now, so a change to the generator or to the fixtures its vocabulary comes from writes a new file
 * (and removes the other files of this seed) even where CORPUS_VERSION was not raised.
 */
export function corpusFile(dir: string, { size, seed }: CorpusOptions, log: (line: string) => void = () => {}): string {
  const kind = `seed${seed}-v${CORPUS_VERSION}-${fingerprint(seed)}`;
  mkdirSync(dir, { recursive: true });
  const pattern = new RegExp(`^corpus-(\\d+)-${kind}\\.ndjson$`);
  const larger = readdirSync(dir)
    .map((f) => Number(pattern.exec(f)?.[1] ?? -1))
    .filter((n) => n >= size)
    .sort((a, b) => a - b)[0];
  if (larger !== undefined) return join(dir, `corpus-${larger}-${kind}.ndjson`);
  for (const file of readdirSync(dir)) if (file.startsWith('corpus-') && file.includes(`-seed${seed}-`)) rmSync(join(dir, file));
  const name = `corpus-${size}-${kind}.ndjson`;
  log(`  generating ${size.toLocaleString('en')} papers into ${name}`);
  const path = join(dir, name);
  writeCorpus(`${path}.building`, { size, seed });
  renameSync(`${path}.building`, path);
  return path;
}

/** The first thousand papers' hash: any change to how papers are made changes them. */
function fingerprint(seed: number): string {
  const hash = createHash('sha256');
  for (const paper of generatePapers({ size: 1000, seed })) hash.update(`${JSON.stringify(paper)}\n`);
  return hash.digest('hex').slice(0, 12);
}

function writeCorpus(path: string, corpus: CorpusOptions): void {
  const fd = openSync(path, 'w');
  try {
    let lines: string[] = [];
    const flush = () => {
      const bytes = Buffer.from(`${lines.join('\n')}\n`);
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
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
