/**
 * Bench stores: a synthetic corpus bulk-loaded into a real store file under data/bench/, cached by
 * size, seed, corpus version and schema version, so a second `npm run bench` starts at once. The corpus
 * is generated once into an NDJSON file beside them (corpus-file.ts); the timed load reads that file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTsWorker } from '../../src/search/ts-worker.ts';
import { TextLoader } from '../../src/store/bulk-split.ts';
import { migrations } from '../../src/store/migrations.ts';
import { CORPUS_VERSION, type CorpusOptions } from './corpus.ts';
import { corpusFile } from './corpus-file.ts';
import type { ReadMessage, ReadReply, ReadRequest } from './ingest-reader.ts';

export const BENCH_DIR = fileURLToPath(new URL('../../data/bench/', import.meta.url));

export interface LoadStats {
  /** What the timed part covered; absent in stats of stores built before the corpus file (generation was timed). */
  readonly covers?: string;
  readonly papers: number;
  readonly seconds: number;
  readonly papersPerSecond: number;
  /** Highest resident set size of this process during the load (threads included), MB. */
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
export async function benchStore(
  corpus: CorpusOptions,
  options: { rebuild?: boolean; log?: (line: string) => void } = {},
): Promise<BenchStore> {
  const path = benchStorePath(corpus);
  const statsPath = `${path}.load.json`;
  if (existsSync(path) && !options.rebuild) {
    return { path, cached: true, ...(existsSync(statsPath) ? { load: JSON.parse(readFileSync(statsPath, 'utf8')) as LoadStats } : {}) };
  }
  const log = options.log ?? (() => {});
  const load = await loadCorpus(path, corpusFile(BENCH_DIR, corpus, log), corpus.size, log);
  writeFileSync(statsPath, JSON.stringify(load));
  return { path, load, cached: false };
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

const COVERS = 'NDJSON read + parse, rows + FTS insert, index merge + build';

/**
 * Bulk-loads the first `size` papers of a corpus file into a new store file at `path` (replacing any),
 * built under a temporary name and renamed into place once complete: a load that fails or is killed
 * leaves no store at `path` that could pass for a loaded one, and its scratch files go with the next load.
 */
export async function loadCorpus(path: string, input: string, size: number, log: (line: string) => void = () => {}): Promise<LoadStats> {
  mkdirSync(dirname(path), { recursive: true });
  const building = `${path}.building`;
  const textFile = `${path}.text`;
  for (const scratch of [building, textFile]) removeDb(scratch);
  try {
    const load = await loadInto(building, textFile, input, size, log);
    removeDb(path);
    renameSync(building, path);
    return load;
  } catch (error) {
    removeDb(building);
    throw error;
  }
}

/**
 * The load itself, timed from start to close, on two threads (src/store/bulk-split.ts): a worker reads,
 * parses and writes the papers into the new store file, one batch ahead of this thread, which indexes their
 * text into a scratch file and at the end copies that index into the store.
 */
async function loadInto(path: string, textFile: string, input: string, size: number, log: (line: string) => void): Promise<LoadStats> {
  const loader = new TextLoader(textFile);
  let peakRss = process.memoryUsage().rss;
  const maxRssBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(0);
  const request: ReadRequest = { path: input, size, batch: 25_000, seenAt: '2026-06-30T00:00:00.000Z', storeFile: path };
  const worker = startTsWorker(new URL('./ingest-reader.ts', import.meta.url), { data: request });
  // At most one request is outstanding (a Promise.race with one long-lived promise would keep every reply alive).
  let failure: unknown;
  let rejectRequest = (_: unknown) => {};
  worker.once('error', (error) => rejectRequest((failure = error)));
  const ask = (message: ReadMessage) =>
    new Promise<ReadReply>((resolve, reject) => {
      if (failure !== undefined) return reject(failure);
      rejectRequest = reject;
      worker.once('message', resolve);
      worker.postMessage(message);
    });
  let loaded = false;
  try {
    // The next batch is read and written while this one is indexed.
    let pending = ask('next');
    for (let reply = await pending; 'texts' in reply; reply = await pending) {
      pending = ask('next');
      loader.insertBatch(reply.texts);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (loader.inserted % 100_000 === 0) log(`  loaded ${loader.inserted.toLocaleString('en')} papers`);
    }
    const finished = ask('finish');
    log(`  merging the full-text index into one segment (${seconds()} s in)`);
    loader.mergeIndex();
    await finished;
    loaded = true;
  } finally {
    await worker.terminate();
    try {
      if (loaded) log(`  copying the full-text index into the store (${seconds()} s in)`);
      loader.finish(loaded ? path : undefined);
    } finally {
      removeDb(textFile);
    }
  }
  // The process's high-water mark is exact when this load raised it; otherwise the samples after each batch stand.
  const maxRss = process.resourceUsage().maxRSS;
  peakRss = Math.max(peakRss, process.memoryUsage().rss, maxRss > maxRssBefore ? maxRss * 1024 : 0);
  const elapsed = (performance.now() - started) / 1000;
  return {
    covers: COVERS,
    papers: loader.inserted,
    seconds: elapsed,
    papersPerSecond: loader.inserted / elapsed,
    peakRssMb: peakRss / 1e6,
  };
}
