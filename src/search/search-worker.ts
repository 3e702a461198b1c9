/** A search worker (pool.ts): a read-only connection to the store file, so a slow query never holds up the main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.ts';
import { openReadOnlyDb } from '../store/read-only.ts';
import { SearchRepo } from '../store/search.ts';
import { findPapers } from './find.ts';
import type { WorkerReply, WorkerRequest } from './pool.ts';

const { dbPath } = (workerData as { data: { dbPath: string } }).data;
const repo = new SearchRepo(openReadOnlyDb(dbPath));

parentPort!.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, result: findPapers(repo, request.query, request.limit) };
  } catch (error) {
    reply = { id: request.id, error: errorMessage(error) };
  }
  parentPort!.postMessage(reply);
});
