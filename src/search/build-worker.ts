/** One part of an impact-list build (build-index.ts): the papers with ids in [from, to), read-only. */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnlyDb } from '../store/read-only.ts';
import { buildPart, type PartRequest } from './build-index.ts';
import { transferables } from './partial-index.ts';

const request = (workerData as { data: PartRequest }).data;
const db = openReadOnlyDb(request.dbPath);
try {
  const part = buildPart(db, request);
  parentPort!.postMessage(part, transferables(part));
} finally {
  db.close();
}
