/**
 * Builds the impact lists and postings from every paper's text, for a big store in parts on worker threads
 * (one per core, up to two: each part reads its own run of ids in a read snapshot), merges the parts, then swaps the
 * result in at once, unless the full-text index changed meanwhile (the next build will catch up). Until a
 * build matches the current index, searches take the plain bm25 path: stale lists cost speed, never
 * correctness.
 */
import { availableParallelism } from 'node:os';
import type { Db } from '../store/db.ts';
import { SearchIndexRepo } from '../store/search-index.ts';
import { ImpactListBuilder } from './impact-lists.ts';
import { mergeLengths, mergePartials, packPartial, type PartialIndex } from './partial-index.ts';
import { startTsWorker } from './ts-worker.ts';

/** Entries per frequent term. Deeper lists prove more queries without the full query, and cost more to build. */
export const DEFAULT_DEPTH = 1000;

export type BuildOutcome =
  | { readonly built: true; readonly papers: number; readonly terms: number; readonly seconds: number }
  | { readonly built: false; readonly reason: string };

export interface PartRequest {
  readonly dbPath: string;
  readonly from: number;
  readonly to: number;
  readonly depth: number;
}

const CHANGED = 'the full-text index changed during the build';
/** Below this many papers a build takes seconds in one thread, less than starting more would cost. */
const PARALLEL_FROM = 100_000;

export async function rebuildSearchIndex(db: Db, options: { depth?: number; parts?: number } = {}): Promise<BuildOutcome> {
  const depth = options.depth ?? DEFAULT_DEPTH;
  const repo = new SearchIndexRepo(db);
  const started = performance.now();
  const count = db.memory ? 1 : (options.parts ?? (repo.totals().rows >= PARALLEL_FROM ? Math.min(2, availableParallelism()) : 1));
  const bounds = repo.idBounds(count);
  const ranges = bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1]! }));
  const parts =
    count === 1
      ? [buildPart(db, { dbPath: db.name, depth, ...ranges[0]! })]
      : await Promise.all(ranges.map((range) => partOnWorker({ dbPath: db.name, depth, ...range })));
  const version = parts[0]!.version;
  if (parts.some((part) => !part.version.equals(version))) return { built: false, reason: CHANGED };
  // Same version, same snapshot of the index: every part scored its entries with this average length.
  const { averageLength } = parts[0]!;
  const papers = parts.reduce((n, part) => n + part.papers, 0);
  let terms = 0;
  const lists = (function* () {
    for (const merged of mergePartials(parts, depth, averageLength)) {
      terms += 1;
      yield merged;
    }
  })();
  if (!repo.replace({ ftsVersion: version, depth, papers }, mergeLengths(parts), lists)) return { built: false, reason: CHANGED };
  return { built: true, papers, terms, seconds: (performance.now() - started) / 1000 };
}

/** One part: the lists of the papers with ids in [from, to), from one read snapshot. */
export function buildPart(db: Db, request: PartRequest): PartialIndex {
  return new SearchIndexRepo(db).scan(request, (snapshot, texts) => {
    const builder = new ImpactListBuilder({ depth: request.depth, averageLength: snapshot.averageLength });
    let papers = 0;
    for (const paper of texts) {
      builder.add(paper);
      papers += 1;
    }
    return packPartial(builder, papers, snapshot);
  });
}

function partOnWorker(request: PartRequest): Promise<PartialIndex> {
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(new URL('./build-worker.ts', import.meta.url), { data: request });
    worker.once('message', (part: PartialIndex) => {
      resolve({ ...part, version: Buffer.from(part.version) });
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`search index build worker stopped (exit code ${code})`)));
  });
}
