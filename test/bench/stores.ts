/**
 * Bench stores: a synthetic arXiv metadata snapshot (corpus-file.ts, the real papers of the fixtures and
 * sample listings planted in it) loaded by `paperboy ingest` into a store file under data/bench/, then 1,000
 * papers new to it ingested the same way; both timed. Cached by size, seed, corpus and schema version, so a
 * second `npm run bench` starts at once.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrations } from '../../src/store/migrations.ts';
import { CORPUS_VERSION, generatePapers, prng, type CorpusOptions } from './corpus.ts';
import { metadataFile, metadataLine, plantedPapers } from './corpus-file.ts';

export const BENCH_DIR = fileURLToPath(new URL('../../data/bench/', import.meta.url));
const BIN = fileURLToPath(new URL('../../src/cli/bin.mjs', import.meta.url));

export interface IngestRun {
  readonly papers: number;
  /** Wall time of the whole `paperboy ingest` command, start-up included. */
  readonly seconds: number;
  readonly papersPerSecond: number;
  /** Highest resident set size of the ingest process, MB (0 where /proc is missing). */
  readonly peakRssMb: number;
  /** Its CPU time (user + system, sampled from /proc until it exits): the rate a machine of its own would see. */
  readonly cpuSeconds?: number;
}

export interface LoadStats extends IngestRun {
  /** What the timed part covered. */
  readonly covers?: string;
  /** The 1,000 papers new to the store ingested right after the snapshot. */
  readonly fresh?: IngestRun;
}

export interface BenchStore {
  readonly path: string;
  /** How its load went (recorded beside the cached store when it was built). */
  readonly load?: LoadStats;
  /** The store came from the cache: `load` describes an earlier run. */
  readonly cached: boolean;
}

const SCHEMA_VERSION = Math.max(...migrations.map((m) => m.version));
const COVERS = '`paperboy ingest` of a metadata snapshot file: read, parse, merge, rows + FTS';
export const FRESH_PAPERS = 1_000;

export function benchStorePath({ size, seed }: CorpusOptions): string {
  return `${BENCH_DIR}papers-${size}-seed${seed}-corpus${CORPUS_VERSION}-planted${plantedPapers().length}-schema${SCHEMA_VERSION}.db`;
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
  const load = await buildStore(path, corpus, BENCH_DIR, options.log);
  writeFileSync(statsPath, JSON.stringify(load));
  return { path, load, cached: false };
}

function removeDb(path: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Builds the store at `path` (replacing any) under a temporary name, renamed into place once complete: a load
 * that fails or is killed leaves no store at `path` that could pass for a loaded one. The snapshot file is
 * written into `dir` first when missing.
 */
export async function buildStore(
  path: string,
  corpus: CorpusOptions,
  dir: string,
  log: (line: string) => void = () => {},
): Promise<LoadStats> {
  mkdirSync(dirname(path), { recursive: true });
  const file = metadataFile(dir, corpus, log);
  const building = `${path}.building`;
  removeDb(building);
  try {
    log(`  paperboy ingest ${file.split('/').pop()}`);
    const load = await paperboyIngest(file, building);
    const fresh = await paperboyIngest(freshFile(dir, corpus.seed), building);
    removeDb(path);
    renameSync(building, path);
    return { ...load, covers: COVERS, fresh };
  } catch (error) {
    removeDb(building);
    throw error;
  }
}

/**
 * FRESH_PAPERS papers of another seed, under ids of a month neither the corpus nor the planted papers use
 * (9902), published before the digest bench's "yesterday", so they are new to the store but not to a digest.
 */
function freshFile(dir: string, seed: number): string {
  const path = join(dir, `arxiv-metadata-fresh-${FRESH_PAPERS}-seed${seed + 1}-v${CORPUS_VERSION}.jsonl`);
  if (existsSync(path)) return path;
  const random = prng(seed + 2000);
  const lines = [...generatePapers({ size: FRESH_PAPERS, seed: seed + 1 })].map((paper, i) => {
    const arxivId = `9902.${String(i + 1).padStart(5, '0')}`;
    return metadataLine({ ...paper, arxivId, publishedAt: '2026-06-29' }, random);
  });
  writeFileSync(`${path}.building`, `${lines.join('\n')}\n`);
  renameSync(`${path}.building`, path);
  return path;
}

/** Runs `paperboy ingest <file> --db <db>` as a user would, timed, with its peak memory sampled from /proc. */
export function paperboyIngest(file: string, db: string): Promise<IngestRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [BIN, 'ingest', file, '--db', db], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peakKb = 0;
    let ticks = 0;
    const sample = () => {
      try {
        const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0);
        peakKb = Math.max(peakKb, kb);
        // Fields 14 and 15 of /proc/<pid>/stat (after the parenthesised name): user and system time in ticks.
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks = Math.max(ticks, Number(fields[11]) + Number(fields[12]));
      } catch {
        // Gone already, or no /proc.
      }
    };
    const timer = setInterval(sample, 250);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      sample();
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      clearInterval(timer);
      const seconds = (performance.now() - started) / 1000;
      const match = /: (\d+) papers, (\d+) new/.exec(out);
      if (code !== 0 || !match) return reject(new Error(`paperboy ingest ${file} exited ${code}:\n${out}`));
      const papers = Number(match[1]);
      resolve({ papers, seconds, papersPerSecond: papers / seconds, peakRssMb: (peakKb * 1024) / 1e6, cpuSeconds: ticks / 100 });
    });
  });
}
