/**
 * Bench stores: a synthetic corpus bulk-loaded into a real store file under data/bench/, cached by
 * size, seed, corpus version and schema version, so a second `npm run bench` starts at once.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startTsWorker } from '../../src/search/ts-worker.ts';
import { BulkLoader } from '../../src/store/bulk.ts';
import { openDb } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations.ts';
import { CORPUS_VERSION, type CorpusOptions } from './corpus.ts';
import type { GeneratedBatch, GenerateRequest } from './generate-worker.ts';

export const BENCH_DIR = fileURLToPath(new URL('../../data/bench/', import.meta.url));

export interface LoadStats {
  readonly papers: number;
  readonly seconds: number;
  readonly papersPerSecond: number;
  /** Highest resident set size of this process seen during the load, MB. */
  readonly peakRssMb: number;
}

export interface BenchStore {
  readonly path: string;
  /** How its bulk load went (recorded beside the cached store when it was built). */
  readonly load?: LoadStats;
  /** The store came from the cache: `load` describes an earlier run. */
  readonly cached: boolean;
}

const SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version));

export function benchStorePath({ size, seed }: CorpusOptions): string {
  return `${BENCH_DIR}papers-${size}-seed${seed}-corpus${CORPUS_VERSION}-schema${SCHEMA_VERSION}.db`;
}

/** The cached store for this corpus, built first when missing (or when `rebuild` is set). */
export async function benchStore(corpus: CorpusOptions, options: { rebuild?: boolean; log?: (line: string) => void } = {}): Promise<BenchStore> {
  const path = benchStorePath(corpus);
  const statsPath = `${path}.load.json`;
  if (existsSync(path) && !options.rebuild) {
    return { path, cached: true, ...(existsSync(statsPath) ? { load: JSON.parse(readFileSync(statsPath, 'utf8')) as LoadStats } : {}) };
  }
  mkdirSync(BENCH_DIR, { recursive: true });
  const building = `${path}.building`;
  removeDb(building);
  const load = await loadCorpus(building, corpus, options.log ?? (() => {}));
  removeDb(path);
  renameSync(building, path);
  writeFileSync(statsPath, JSON.stringify(load));
  return { path, load, cached: false };
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/** Generation runs on a worker thread, one batch ahead of the inserts on this one. */
async function loadCorpus(path: string, corpus: CorpusOptions, log: (line: string) => void): Promise<LoadStats> {
  const db = openDb(path);
  const request: GenerateRequest = { ...corpus, batch: 25_000, seenAt: '2026-06-30T00:00:00.000Z' };
  const worker = startTsWorker(new URL('./generate-worker.ts', import.meta.url), { data: request });
  let fail: (error: unknown) => void = () => {};
  worker.on('error', (error) => fail(error));
  // At most one request is outstanding: the next batch is asked for while the current one is inserted.
  const nextBatch = () =>
    new Promise<GeneratedBatch>((resolve, reject) => {
      fail = reject;
      worker.once('message', resolve);
      worker.postMessage('next');
    });
  let peakRss = process.memoryUsage().rss;
  const started = performance.now();
  const loader = new BulkLoader(db, { newFile: true });
  try {
    let pending = nextBatch();
    for (let batch = await pending; !('done' in batch); batch = await pending) {
      pending = nextBatch();
      loader.insertBatch(JSON.parse(batch.json) as unknown[][]);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (loader.read % 100_000 === 0) log(`  loaded ${loader.read.toLocaleString('en')} papers`);
    }
  } finally {
    await worker.terminate();
    loader.finish();
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const seconds = (performance.now() - started) / 1000;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { papers: loader.inserted, seconds, papersPerSecond: loader.inserted / seconds, peakRssMb: peakRss / 1e6 };
}
