/**
 * Generates corpus batches on its own thread while the main thread inserts the previous one.
 * Each reply is a JSON array of bulkRow() rows (one string crosses threads faster than many small arrays).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { bulkRow } from '../../src/store/bulk.ts';
import { generatePapers, type CorpusOptions } from './corpus.ts';

export interface GenerateRequest extends CorpusOptions {
  readonly batch: number;
  readonly seenAt: string;
}

export type GeneratedBatch = { readonly json: string } | { readonly done: true };

const { batch, seenAt, ...corpus } = (workerData as { data: GenerateRequest }).data;
const papers = generatePapers(corpus);

parentPort!.on('message', () => {
  const rows: unknown[][] = [];
  while (rows.length < batch) {
    const next = papers.next();
    if (next.done) break;
    rows.push(bulkRow(next.value, seenAt));
  }
  const reply: GeneratedBatch = rows.length > 0 ? { json: JSON.stringify(rows) } : { done: true };
  parentPort!.postMessage(reply);
});
