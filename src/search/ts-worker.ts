/**
 * Worker threads that run TypeScript. paperboy has no build step: its modules are .ts files loaded through
 * tsx, and a worker does not inherit the parent's loader hooks, so each worker registers tsx itself
 * (ts-worker-entry.mjs) before it imports its module. The module reads its own data from `workerData.data`.
 */
import { Worker, type WorkerOptions } from 'node:worker_threads';

const ENTRY = new URL('./ts-worker-entry.mjs', import.meta.url);

export function startTsWorker(module: URL, options: Omit<WorkerOptions, 'workerData'> & { data?: unknown } = {}): Worker {
  const { data, ...rest } = options;
  // Compiled into dist/ (this file is .js): the module's .js sibling runs as it is, without tsx.
  if (import.meta.url.endsWith('.js')) return new Worker(new URL(module.href.replace(/\.ts$/, '.js')), { ...rest, workerData: { data } });
  return new Worker(ENTRY, { ...rest, workerData: { tsModule: module.href, data } });
}
