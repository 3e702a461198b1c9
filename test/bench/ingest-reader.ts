/**
 * The reading thread of a bench load (src/store/bulk-split.ts): reads a corpus file (corpus-file.ts), parses
 * each batch of papers, writes them into the new store file with a PapersFileLoader and replies with their
 * full-text rows, which the main thread indexes meanwhile. Replies go by structured clone: cheaper for the
 * receiving thread than one JSON string it would have to parse.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { bulkRow, type TextRow } from '../../src/store/bulk.ts';
import { PapersFileLoader } from '../../src/store/bulk-split.ts';

export interface ReadRequest {
  readonly path: string;
  /** Papers to read: the file's first `size` lines. */
  readonly size: number;
  readonly batch: number;
  readonly seenAt: string;
  /** The new store file the papers go into (its full-text index is copied in after). */
  readonly storeFile: string;
}

/** 'next' asks for a batch (`done` after the last); 'finish' builds the store file's indexes and closes it. */
export type ReadMessage = 'next' | 'finish';
export type ReadReply = { readonly texts: TextRow[] } | { readonly done: true } | { readonly finished: true };

/** The file's lines, read in large chunks and decoded one line at a time (decoding a whole chunk to split it costs twice as much). */
function* lines(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  let chunk = Buffer.allocUnsafe(8 << 20);
  let filled = 0;
  try {
    for (
      let n = readSync(fd, chunk, filled, chunk.length - filled, null);
      n > 0;
      n = readSync(fd, chunk, filled, chunk.length - filled, null)
    ) {
      filled += n;
      const data = chunk.subarray(0, filled);
      let start = 0;
      for (let end = data.indexOf(10); end !== -1; end = data.indexOf(10, start)) {
        yield data.toString('utf8', start, end);
        start = end + 1;
      }
      chunk.copy(chunk, 0, start, filled);
      filled -= start;
      if (filled === chunk.length) chunk = Buffer.concat([chunk, Buffer.allocUnsafe(chunk.length)]);
    }
    if (filled > 0) yield chunk.toString('utf8', 0, filled);
  } finally {
    closeSync(fd);
  }
}

const { path, size, batch, seenAt, storeFile } = (workerData as { data: ReadRequest }).data;
const input = lines(path);
const loader = new PapersFileLoader(storeFile);

parentPort!.on('message', (message: ReadMessage) => {
  if (message === 'finish') {
    input.return(undefined);
    loader.finish();
    return reply({ finished: true });
  }
  const rows: unknown[][] = [];
  while (rows.length < batch && loader.read + rows.length < size) {
    const next = input.next();
    if (next.done) throw new Error(`${path} holds ${loader.read + rows.length} papers, not ${size}`);
    rows.push(bulkRow(paperOn(loader.read + rows.length + 1, next.value), seenAt));
  }
  reply(rows.length > 0 ? { texts: loader.insertBatch(rows) } : { done: true });
});

/** The paper on a line of the corpus file, or an error that names the file and line. */
function paperOn(lineNumber: number, line: string): ParsedPaper {
  try {
    const paper = JSON.parse(line) as Partial<ParsedPaper> | null;
    if (
      typeof paper?.title !== 'string' ||
      typeof paper.abstract !== 'string' ||
      !Array.isArray(paper.authors) ||
      typeof paper.upvotes !== 'number'
    ) {
      throw new Error('not a paper: a title, an abstract, authors and upvotes are required');
    }
    return paper as ParsedPaper;
  } catch (error) {
    throw new Error(`${path}:${lineNumber}: ${(error as Error).message}`);
  }
}

function reply(message: ReadReply): void {
  parentPort!.postMessage(message);
}
