/**
 * Plain FTS5 bm25's top 10 for the benchmark queries, each timed, on a read-only connection of its own
 * (search-bench.ts): every match scored, as a search without paperboy's ranking would.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openReadOnlyDb } from '../../src/store/read-only.ts';

export interface ReferenceRequest {
  readonly dbPath: string;
  readonly sql: string;
  readonly queries: readonly { readonly match: string; readonly since: string | null; readonly before: string | null }[];
}

export interface ReferenceAnswer {
  readonly ids: number[];
  readonly ms: number;
}

const { dbPath, sql, queries } = (workerData as { data: ReferenceRequest }).data;
const db = openReadOnlyDb(dbPath);
try {
  const statement = db.prepare<ReferenceRequest['queries'][number], { id: number }>(sql);
  const answers: ReferenceAnswer[] = queries.map((query) => {
    const started = performance.now();
    const ids = statement.all(query).map((r) => r.id);
    return { ids, ms: performance.now() - started };
  });
  parentPort!.postMessage(answers);
} finally {
  db.close();
}
