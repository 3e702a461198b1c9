/** Parses one paper's HTML off the main thread (fetch.ts starts it, bounds its time and memory, then ends it). */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.ts';
import { parsePaperHtml } from './parse.ts';

const { html } = (workerData as { data: { html: string } }).data;
try {
  parentPort!.postMessage({ parsed: parsePaperHtml(html) });
} catch (error) {
  parentPort!.postMessage({ error: errorMessage(error) });
}
