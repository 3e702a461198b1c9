/**
 * Search latency and ranking agreement on a bench store: the 200 benchmark queries through the searcher
 * src/core/search.ts uses (worker pool, impact lists), parse included, one at a time after a warm-up with
 * other queries; plain FTS5 bm25 (same weights, full tie-break) on the same queries as the reference and for
 * comparison, two at a time on worker threads of their own once the timed searches are done.
 * Prints nothing, asserts nothing.
 */
import { parseQuery, toFtsExpression } from '../../src/core/query.ts';
import { rebuildSearchIndex } from '../../src/search/build-index.ts';
import { closeSearcher, searcherFor } from '../../src/search/searcher.ts';
import { SearchIndexRepo } from '../../src/store/search-index.ts';
import { startTsWorker } from '../../src/search/ts-worker.ts';
import type { ReferenceAnswer, ReferenceRequest } from './reference-worker.ts';
import { Store } from '../../src/store/store.ts';
import { benchQueries, type BenchQuery } from './queries.ts';

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface SearchBenchResult {
  readonly papers: number;
  readonly fast: Latency;
  /** Plain bm25 over `plainQueries` of the queries (all of them unless limited). */
  readonly plain: Latency;
  readonly plainQueries: number;
  /** Mean over queries of |fast top 10 ∩ bm25 top 10| / |bm25 top 10|. */
  readonly agreement: number;
  /** Queries whose top 10 is bm25's, in the same order. */
  readonly sameOrder: number;
  readonly queries: number;
  /** How each query was answered: 'exact' (proved on the fast path) or why plain bm25 ran. */
  readonly paths: ReadonlyMap<string, number>;
  /** Set when the impact lists had to be (re)built first. */
  readonly indexSeconds?: number;
}

export const percentiles = (values: readonly number[]): Latency => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  return { p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? 0 };
};

const REFERENCE = `SELECT p.id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid
  WHERE papers_fts MATCH @match AND (@since IS NULL OR coalesce(p.published_at, substr(p.first_seen_at, 1, 10)) >= @since)
    AND (@before IS NULL OR coalesce(p.published_at, substr(p.first_seen_at, 1, 10)) < @before)
  ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0), p.upvotes DESC, p.id DESC LIMIT 10`;

/** Builds the impact lists when they do not match the store's full-text index; the seconds it took, if it did. */
export async function ensureSearchIndex(store: Store): Promise<number | undefined> {
  const repo = new SearchIndexRepo(store.db);
  if (repo.meta()?.ftsVersion.equals(repo.ftsVersion())) return undefined;
  const outcome = await rebuildSearchIndex(store.db);
  if (!outcome.built) throw new Error(`search index: ${outcome.reason}`);
  return outcome.seconds;
}

export async function benchSearch(
  path: string,
  options: { plainQueries?: number; queries?: readonly BenchQuery[] } = {},
): Promise<SearchBenchResult> {
  const store = Store.open(path);
  try {
    const indexSeconds = await ensureSearchIndex(store);
    const queries = options.queries ?? benchQueries();
    const searcher = searcherFor(store.db);
    for (const warmUp of benchQueries(8).slice(0, 60)) await searcher.search(parseQuery(warmUp.text), 10);
    const times: number[] = [];
    const found: number[][] = [];
    const paths = new Map<string, number>();
    for (const query of queries) {
      const started = performance.now();
      const result = await searcher.search(parseQuery(query.text), 10);
      times.push(performance.now() - started);
      found.push(result.papers.map((p) => p.id));
      paths.set(result.path, (paths.get(result.path) ?? 0) + 1);
    }
    const plainCount = Math.min(queries.length, options.plainQueries ?? queries.length);
    const parsed = queries.slice(0, plainCount).map((query) => parseQuery(query.text));
    const answers = await referenceAnswers(
      path,
      parsed.map((p) => ({ match: toFtsExpression(p), since: p.since ?? null, before: p.before ?? null })),
    );
    const plainTimes = answers.map((a) => a.ms);
    let agreement = 0;
    let sameOrder = 0;
    answers.forEach(({ ids: best }, i) => {
      const fast = found[i]!;
      agreement += best.length === 0 ? (fast.length === 0 ? 1 : 0) : fast.filter((id) => best.includes(id)).length / best.length;
      if (JSON.stringify(fast) === JSON.stringify(best)) sameOrder += 1;
    });
    return {
      papers: store.papers.count(),
      fast: percentiles(times),
      plain: percentiles(plainTimes),
      plainQueries: plainCount,
      agreement: agreement / plainCount,
      sameOrder,
      queries: queries.length,
      paths,
      ...(indexSeconds !== undefined ? { indexSeconds } : {}),
    };
  } finally {
    await closeSearcher(store.db);
    store.close();
  }
}

/**
 * Plain bm25's answers, in query order, from two worker threads taking every other query: each query still
 * runs alone on its thread and is timed there, and the reference costs half the wall time.
 */
async function referenceAnswers(dbPath: string, queries: ReferenceRequest['queries']): Promise<ReferenceAnswer[]> {
  const halves = [0, 1].map((half) => queries.filter((_, i) => i % 2 === half));
  const answered = await Promise.all(
    halves.map(
      (half) =>
        new Promise<ReferenceAnswer[]>((resolve, reject) => {
          const worker = startTsWorker(new URL('./reference-worker.ts', import.meta.url), {
            data: { dbPath, sql: REFERENCE, queries: half } satisfies ReferenceRequest,
          });
          worker.once('message', (answers: ReferenceAnswer[]) => (resolve(answers), void worker.terminate()));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`bm25 reference worker stopped (exit code ${code})`)));
        }),
    ),
  );
  return queries.map((_, i) => answered[i % 2]![Math.floor(i / 2)]!);
}
