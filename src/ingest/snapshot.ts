/**
 * A bulk file (arXiv's metadata snapshot: millions of JSON lines) streamed into the store in one pass:
 * read in chunks, parsed line by line, committed in batches, each batch with a checkpoint of how far the
 * file is done. Memory stays flat however large the file; an interrupted run loses at most the batch in
 * flight, and running the same command again continues after the last committed line.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { parseArxivMetadataLine } from '../sources/arxiv-metadata.ts';
import type { ParsedPaper, ParseProblem } from '../sources/types.ts';
import type { Checkpoint, Trimmed } from '../store/papers.ts';
import type { StoreApi } from '../store/api.ts';

export interface SnapshotOptions {
  /** Papers per transaction. */
  readonly batch?: number;
  readonly now?: () => Date;
  /** Bytes of the file done so far, its size, and a short label (papers so far). */
  readonly onProgress?: (done: number, total: number, label: string) => void;
}

export interface SnapshotReport {
  papers: number;
  new: number;
  updated: number;
  unchanged: number;
  problems: ParseProblem[];
  /** Bad lines beyond the ones listed in `problems`. */
  moreProblems: number;
  trimmed: Trimmed[];
  /** Set when this run continued an interrupted one: the line it started after and the papers stored before. */
  resumed?: { readonly line: number; readonly papers: number };
}

const CHUNK = 4 << 20;
const HEAD = 1 << 20;
const LISTED_PROBLEMS = 100;

/** The file's identity for checkpoints: its size and a hash of its first MiB. */
async function identityOf(file: FileHandle, size: number): Promise<string> {
  const head = Buffer.alloc(Math.min(HEAD, size));
  await file.read(head, 0, head.length, 0);
  return `${size}:${createHash('sha256').update(head).digest('hex').slice(0, 32)}`;
}

export async function ingestSnapshot(store: StoreApi, path: string, options: SnapshotOptions = {}): Promise<SnapshotReport> {
  const batchSize = options.batch ?? 5_000;
  const now = options.now ?? (() => new Date());
  const file = await open(path, 'r');
  const endSession = await store.papers.bulkSession();
  try {
    const size = (await file.stat()).size;
    const identity = await identityOf(file, size);
    const saved = await store.papers.checkpoint(identity);
    const before = (await store.papers.count()) - (saved?.papers ?? 0);
    const report: SnapshotReport = { papers: 0, new: 0, updated: 0, unchanged: 0, problems: [], moreProblems: 0, trimmed: [] };
    if (saved) report.resumed = { line: saved.line, papers: saved.papers };
    let offset = saved?.offset ?? 0;
    let line = saved?.line ?? 0;
    let stored = saved?.papers ?? 0;
    let batch: ParsedPaper[] = [];
    const commit = async (finished: boolean) => {
      stored += batch.length;
      const checkpoint: Checkpoint = { identity, origin: path, offset, line, papers: stored };
      const counts = await store.papers.ingestBatch(batch, 'arxiv-metadata', {
        seenAt: now(),
        firstSeen: 'published',
        ...(finished ? { finished: { identity, origin: path, papers: stored } } : { checkpoint }),
      });
      report.papers += batch.length;
      report.new += counts.new;
      report.updated += counts.updated;
      report.unchanged += counts.unchanged;
      if (counts.trimmed && report.trimmed.length < LISTED_PROBLEMS) report.trimmed.push(...counts.trimmed);
      batch = [];
      options.onProgress?.(offset, size, `${report.papers.toLocaleString('en')} papers`);
    };
    const take = (text: string) => {
      line += 1;
      const result = parseArxivMetadataLine(text, line);
      if (result === null) return;
      if ('title' in result) batch.push(result);
      else if (report.problems.length < LISTED_PROBLEMS) report.problems.push(result);
      else report.moreProblems += 1;
    };
    for await (const lines of linesFrom(file, offset, size)) {
      for (const [text, end] of lines) {
        take(line === 0 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
        offset = end;
        if (batch.length >= batchSize) await commit(false);
      }
      // Lets signals, timers and the progress bar through between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await commit(true);
    // A load that at least doubled the store leaves many index segments: merged, step by step, searches stay fast.
    if (report.new > 0 && report.new >= before) {
      options.onProgress?.(size - 1, size, 'merging the full-text index');
      while (await store.papers.mergeIndexStep()) await new Promise((resolve) => setImmediate(resolve));
    }
    options.onProgress?.(size, size, '');
    return report;
  } finally {
    endSession();
    await file.close();
  }
}

/** The file's lines from `start`, a chunk's worth at a time, each with the byte offset just after it; a last line without "\n" counts. */
async function* linesFrom(file: FileHandle, start: number, size: number): AsyncGenerator<[text: string, end: number][]> {
  let chunk = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let position = start;
  while (position < size) {
    if (filled === chunk.length) chunk = Buffer.concat([chunk, Buffer.allocUnsafe(chunk.length)]);
    const { bytesRead } = await file.read(chunk, filled, chunk.length - filled, position);
    if (bytesRead === 0) break;
    const base = position - filled;
    position += bytesRead;
    filled += bytesRead;
    const lines: [string, number][] = [];
    const data = chunk.subarray(0, filled);
    let from = 0;
    for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10, from)) {
      lines.push([data.toString('utf8', from, nl), base + nl + 1]);
      from = nl + 1;
    }
    chunk.copy(chunk, 0, from, filled);
    filled -= from;
    yield lines;
  }
  if (filled > 0) yield [[chunk.toString('utf8', 0, filled), position]];
}
