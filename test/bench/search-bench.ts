/**
 * Search on a bench store, in a process of its own (run.ts forks it, as a deployed bot runs alone): on a copy
 * of the store with every real paper planted through the real ingest (relevance.ts), the 200 benchmark
 * queries one at a time through src/core/search.ts's searcher (worker pool), parse included, after a warm-up;
 * the bot's memory over 1,000 searches; known-item top-3 of the relevance set; 1,000 new papers through
 * ingestTargets and the 200 queries again at once; then plain full FTS5 bm25 (same weights, every match
 * ranked) one query at a time on each of two workers, and the median age of the broad queries' top 10 by each.
 * Prints nothing, asserts nothing.
 */
import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { parseQuery, toFtsExpression } from '../../src/core/query.ts';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { searcherFor } from '../../src/search/searcher.ts';
import { startTsWorker } from '../../src/search/ts-worker.ts';
import { Store } from '../../src/store/store.ts';
import type { Paper } from '../../src/store/types.ts';
import { serveParent } from './child.ts';
import { generatePapers } from './corpus.ts';
import { benchQueries, type BenchQuery } from './queries.ts';
import type { ReferenceAnswer, ReferenceRequest } from './reference-worker.ts';
import { holds, realPaperFiles, relevanceSet } from './relevance.ts';

export interface Latency {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
}

export interface SearchBenchResult {
  readonly papers: number;
  /** Real papers the planting added (0 once bench stores hold them). */
  readonly planted: number;
  readonly search: Latency;
  readonly plain: Latency;
  /** The same queries right after `ingested` new papers went in through ingestTargets, and how long that took. */
  readonly afterIngest: Latency;
  readonly ingested: number;
  readonly ingestSeconds: number;
  /** Resident memory of this process (search workers included), MiB: after 1,000 searches, and the most until the reference ran. */
  readonly rssAfterMib: number;
  readonly rssPeakMib: number;
  readonly searches: number;
  /** Known-item top-3 per kind of query: [found, asked] over the planted real papers. */
  readonly knownItem: Readonly<Record<string, readonly [number, number]>>;
  /** Median age in days of the broad-word queries' top 10, for search and for plain bm25. */
  readonly broadAgeDays: { readonly search: number; readonly plain: number };
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
const SEARCHES = 1000;
const NEW_PAPERS = 1000;
const mib = (bytes: number) => bytes / 2 ** 20;

export async function benchSearch({ path }: { path: string }): Promise<SearchBenchResult> {
  const copy = `${path}.search-bench`;
  const scratch = [copy, `${copy}-wal`, `${copy}-shm`, `${copy}.new-papers.json`];
  scratch.forEach((file) => rmSync(file, { force: true }));
  copyFileSync(path, copy);
  const store = Store.open(copy);
  try {
    const planted = (await ingestTargets(store, realPaperFiles())).totals.new;
    const searcher = searcherFor(store);
    let rssPeak = process.memoryUsage().rss;
    const timed = async (queries: readonly BenchQuery[], limit = 10) => {
      const times: number[] = [];
      const results: Paper[][] = [];
      for (const query of queries) {
        const started = performance.now();
        results.push([...(await searcher.search(parseQuery(query.text), limit)).papers]);
        times.push(performance.now() - started);
        rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
      }
      return { times, results };
    };
    await timed(benchQueries(8).slice(0, 60));
    const queries = benchQueries();
    const { times, results } = await timed(queries);
    // The rest of 1,000 searches, other queries of the same mix: what a running bot's memory settles at.
    for (let seed = 9; seed < 9 + Math.ceil((SEARCHES - queries.length) / queries.length); seed++) await timed(benchQueries(seed));
    const rssAfter = process.memoryUsage().rss;

    const knownItem: Record<string, [number, number]> = {};
    for (const item of relevanceSet()) {
      const tally = (knownItem[item.kind] ??= [0, 0]);
      tally[0] += holds((await searcher.search(parseQuery(item.text), 3)).papers, item) ? 1 : 0;
      tally[1] += 1;
    }

    const newPapers = `${copy}.new-papers.json`;
    writeFileSync(newPapers, hfJson(NEW_PAPERS));
    const started = performance.now();
    const ingested = (await ingestTargets(store, [newPapers])).totals.new;
    const ingestSeconds = (performance.now() - started) / 1000;
    const afterIngest = await timed(queries);

    // The bot's part ends here: what follows is the bench's own reference, on a worker of its own.
    const rssPeakMib = mib(Math.max(rssPeak, process.resourceUsage().maxRSS * 1024));
    const plain = await referenceAnswers(copy, queries);
    const broad = queries.flatMap((q, i) => (q.kind === 'broad word' ? [i] : []));
    const now = Date.now();
    const ages = (papers: readonly Paper[]) => papers.map((p) => (now - Date.parse(p.publishedAt ?? p.firstSeenAt)) / 86_400_000);
    const broadAgeDays = {
      // Search's before the 1,000 new papers (all dated this month), which would otherwise fill its top 10.
      search: median(broad.flatMap((i) => ages(results[i]!))),
      plain: median(broad.flatMap((i) => ages(store.search.papers(plain[i]!.ids)))),
    };

    return {
      papers: store.papers.count(),
      planted,
      search: percentiles(times),
      plain: percentiles(plain.map((a) => a.ms)),
      afterIngest: percentiles(afterIngest.times),
      ingested,
      ingestSeconds,
      rssAfterMib: mib(rssAfter),
      rssPeakMib,
      searches: 60 + queries.length * (1 + Math.ceil((SEARCHES - queries.length) / queries.length)),
      knownItem,
      broadAgeDays,
    };
  } finally {
    store.close();
    scratch.forEach((file) => rmSync(file, { force: true }));
  }
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/** `count` new papers as a Hugging Face daily_papers file, with arXiv ids no bench corpus uses (Dec 2026). */
function hfJson(count: number): string {
  const papers = [...generatePapers({ size: count, seed: 1234 })].map((p, i) => ({
    paper: {
      id: `2612.${String(90_000 + i).padStart(5, '0')}`,
      title: p.title,
      summary: p.abstract,
      authors: p.authors.map((name) => ({ name })),
      publishedAt: '2026-12-01T00:00:00.000Z',
      upvotes: p.upvotes,
      ai_keywords: p.keywords ?? [],
    },
  }));
  return JSON.stringify(papers);
}

/**
 * Plain bm25's top 10 for each query, in query order, from two worker threads taking every other query (each
 * with a connection of its own): each query still runs alone on its thread and is timed there, and the
 * reference (seconds a query at a million papers) costs half the wall time.
 */
async function referenceAnswers(dbPath: string, queries: readonly BenchQuery[]): Promise<ReferenceAnswer[]> {
  const requests = queries
    .map((q) => parseQuery(q.text))
    .map((p) => ({ match: toFtsExpression(p), since: p.since ?? null, before: p.before ?? null }));
  const halves = [0, 1].map((half) => requests.filter((_, i) => i % 2 === half));
  const answered = await Promise.all(
    halves.map(
      (half) =>
        new Promise<ReferenceAnswer[]>((resolve, reject) => {
          const data: ReferenceRequest = { dbPath, sql: REFERENCE, queries: half };
          const worker = startTsWorker(new URL('./reference-worker.ts', import.meta.url), { data });
          worker.once('message', (answers: ReferenceAnswer[]) => (resolve(answers), void worker.terminate()));
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new Error(`bm25 reference worker stopped (exit code ${code})`)));
        }),
    ),
  );
  return queries.map((_, i) => answered[i % 2]![Math.floor(i / 2)]!);
}

serveParent(benchSearch);
