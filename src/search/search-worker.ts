/**
 * A search worker (pool.ts): a read-only connection to the store file, so a slow query never holds up
 * the main thread, and the same engine the in-thread path uses. A `rebuild` request rebuilds the impact
 * lists on a connection of its own that may write.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../errors.ts';
import { openDb } from '../store/db.ts';
import { openReadOnlyDb } from '../store/read-only.ts';
import { rebuildSearchIndex } from './build-index.ts';
import { SearchEngine } from './engine.ts';
import type { WorkerReply, WorkerRequest } from './pool.ts';

const { dbPath } = (workerData as { data: { dbPath: string } }).data;
const engine = new SearchEngine(openReadOnlyDb(dbPath));

parentPort!.on('message', (request: WorkerRequest) => {
  void answer(request).then((reply) => parentPort!.postMessage(reply));
});

async function answer(request: WorkerRequest): Promise<WorkerReply> {
  try {
    if (request.kind === 'search') return { id: request.id, result: engine.search(request.query, request.limit) };
    const writer = openDb(dbPath);
    try {
      return { id: request.id, rebuilt: await rebuildSearchIndex(writer) };
    } finally {
      writer.close();
    }
  } catch (error) {
    return { id: request.id, error: errorMessage(error) };
  }
}
