/**
 * The slowest benchmark queries at one store size, each with its time and count: where the tail comes from.
 * `npx tsx test/bench/slowest.ts [size]` (the store must already be cached by `npm run bench`).
 */
import { parseQuery } from '../../src/core/query.ts';
import { searcherFor } from '../../src/search/searcher.ts';
import { Store } from '../../src/store/store.ts';
import { benchQueries } from './queries.ts';
import { benchStore } from './stores.ts';

const size = Number(process.argv[2] ?? 1_000_000);
const store = Store.open((await benchStore({ size, seed: 1 })).path);
const searcher = searcherFor(store);
for (const warmUp of benchQueries(8).slice(0, 60)) await searcher.search(parseQuery(warmUp.text), 10);
const rows: { ms: number; kind: string; text: string; total: string }[] = [];
for (const query of benchQueries()) {
  const started = performance.now();
  const result = await searcher.search(parseQuery(query.text), 10);
  rows.push({
    ms: performance.now() - started,
    kind: query.kind,
    text: query.text,
    total: `${result.totalCapped ? '>' : ''}${result.total}`,
  });
}
rows.sort((a, b) => b.ms - a.ms);
for (const r of rows.slice(0, 40))
  console.log(`${r.ms.toFixed(1).padStart(8)} ms  ${r.kind.padEnd(20)} ${r.total.padStart(6)} matches  ${r.text}`);
store.close();
