/**
 * Search at 100k papers on PostgreSQL against SQLite, in the same run: the same synthetic papers (corpus.ts)
 * ingested into both through the store contract (src/store/contract.ts), then test/bench/queries.ts's 200
 * queries one at a time on each, after a warm-up pass: p50/p95/p99 per store, and how much their top 10s agree.
 * SQLite searches on its worker threads (a file store), PostgreSQL on a throw-away cluster started here
 * (test/helpers/pg-cluster.ts) or the server DATABASE_URL names (its database is emptied of paperboy's tables first).
 *
 *   npx tsx test/bench/pg-search.ts [--size 100000] [--seed 1]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { parseQuery } from '../../src/core/query.ts';
import type { SharedStore } from '../../src/store/contract.ts';
import { PgStore } from '../../src/store/pg/store.ts';
import { SqliteSharedStore } from '../../src/store/sqlite-papers.ts';
import { startPgCluster } from '../helpers/pg-cluster.ts';
import { generatePapers } from './corpus.ts';
import { benchQueries } from './queries.ts';
import { percentiles } from './search-bench.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } } });
const size = Number(values.size);
const seed = Number(values.seed);
const BATCH = 2_000;

const dir = mkdtempSync(join(tmpdir(), 'paperboy-pg-bench-'));
const given = /^postgres(?:ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL : undefined;
const cluster = given ? undefined : await startPgCluster({ shared_buffers: '512MB', work_mem: '16MB' });
const url = given ?? cluster!.url;
// Ctrl-C stops the throw-away server too (the helper's own clean-up runs on a normal exit only).
process.once('SIGINT', () => {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(130);
});
if (given) {
  const admin = new pg.Client({ connectionString: given });
  await admin.connect();
  await admin.query('DROP TABLE IF EXISTS listing_papers, listings, papers, paperboy_migrations');
  await admin.end();
}

const log = (line: string) => console.log(line);
try {
  const sqlite = SqliteSharedStore.open(join(dir, 'bench.db'));
  const postgres = await PgStore.open(url);
  for (const [name, store] of [
    ['SQLite', sqlite],
    ['PostgreSQL', postgres],
  ] as const) {
    const started = performance.now();
    await load(store);
    if (store === sqlite) while (sqlite.store.papers.mergeIndexStep());
    else await postgres.pool.query('VACUUM ANALYZE papers');
    log(`${name}: ${await store.papers.count()} papers loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  const queries = benchQueries();
  const run = async (store: SharedStore) => {
    const times: number[] = [];
    const tops: (string | null)[][] = [];
    for (const query of queries) {
      const started = performance.now();
      const hits = await store.search.find(parseQuery(query.text), 10);
      times.push(performance.now() - started);
      tops.push(hits.papers.map((p) => p.arxivId));
    }
    return { times, tops };
  };
  await run(sqlite);
  await run(postgres);
  const onSqlite = await run(sqlite);
  const onPg = await run(postgres);
  const row = (name: string, times: number[]) => {
    const { p50, p95, p99, max } = percentiles(times);
    return `${name.padEnd(11)} p50 ${p50.toFixed(2)} ms   p95 ${p95.toFixed(2)} ms   p99 ${p99.toFixed(2)} ms   max ${max.toFixed(1)} ms`;
  };
  log(`\nSearch, ${size} papers, ${queries.length} queries one at a time (parse, match, rank, read the top 10):`);
  log(row('SQLite', onSqlite.times));
  log(row('PostgreSQL', onPg.times));
  const overlap = onSqlite.tops.map((top, i) => {
    const other = new Set(onPg.tops[i]);
    return top.length === 0 ? (other.size === 0 ? 1 : 0) : top.filter((id) => other.has(id)).length / top.length;
  });
  log(`Top-10 agreement (share of SQLite's top 10 also in PostgreSQL's), mean over queries: ${(mean(overlap) * 100).toFixed(0)}%`);
  log('\nBy kind of query, p50 / p95 ms (SQLite | PostgreSQL):');
  for (const kind of [...new Set(queries.map((q) => q.kind))]) {
    const pick = (times: number[]) => percentiles(times.filter((_, i) => queries[i]!.kind === kind));
    const [s, p] = [pick(onSqlite.times), pick(onPg.times)];
    log(`  ${kind.padEnd(20)} ${s.p50.toFixed(2)} / ${s.p95.toFixed(2)}  |  ${p.p50.toFixed(2)} / ${p.p95.toFixed(2)}`);
  }
  await sqlite.close();
  await postgres.close();
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function load(store: SharedStore): Promise<void> {
  let batch = [];
  let n = 0;
  const at = new Date('2026-07-01T00:00:00Z');
  for (const paper of generatePapers({ size, seed })) {
    batch.push(paper);
    if (batch.length === BATCH) {
      await store.papers.ingestListing(
        { source: 'arxiv-metadata', listingDate: null, papers: batch, problems: [] },
        `bench-${n++}`,
        'h',
        at,
      );
      batch = [];
    }
  }
  if (batch.length > 0)
    await store.papers.ingestListing({ source: 'arxiv-metadata', listingDate: null, papers: batch, problems: [] }, `bench-${n++}`, 'h', at);
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}
