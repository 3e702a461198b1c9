/**
 * `npm run bench`: builds the corpora it needs (cached under data/bench/), runs every bench and prints one
 * table of figure, value and goal. `-- --only search,slack` runs some (ingest, search, digest, slack);
 * `-- --size 200000` makes the big store smaller for a quick run; `-- --rebuild` regenerates the stores.
 */
import { parseArgs } from 'node:util';
import { inChildProcess } from './child.ts';
import { benchSearch, type Latency } from './search-bench.ts';
import type { SlackFloorRequest, SlackFloorResult } from './slack-floor.ts';
import type { SlackBenchRequest } from './slack-process.ts';
import type { SlackLoadResult } from './slack-load.ts';
import { benchStore } from './stores.ts';

type Row = readonly [figure: string, value: string, goal: string];

const { values } = parseArgs({ options: { only: { type: 'string' }, size: { type: 'string' }, rebuild: { type: 'boolean' } } });
const only = new Set((values.only ?? 'ingest,search,digest,slack').split(',').map((s) => s.trim()));
const big = Number(values.size ?? 1_000_000);
const small = Math.min(100_000, big);
const label = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${Math.round(n / 1000)}k`);
const ms = (value: number) => `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
const triple = (l: Latency) => `${ms(l.p50)} / ${ms(l.p95)} / ${ms(l.p99)}`;
const log = (line: string) => process.stderr.write(`${line}\n`);
const rows: Row[] = [];
const started = performance.now();

if (only.has('ingest') || only.has('search') || only.has('slack')) {
  log(`bench: the ${label(big)} store (built and cached on first use)`);
  const store = await benchStore({ size: big, seed: 1 }, { rebuild: !!values.rebuild, log });
  if (only.has('ingest')) {
    const load = store.load;
    const when = store.cached ? ' (when the cached store was built)' : '';
    // Wall time moves with whatever else runs on the machine; papers per CPU-second of the command does not.
    const rate = (run: { papers: number; papersPerSecond: number; seconds: number; cpuSeconds?: number } | undefined) =>
      run
        ? `${Math.round(run.papersPerSecond).toLocaleString('en')} papers/s (${run.seconds.toFixed(1)} s` +
          (run.cpuSeconds ? `; ${Math.round(run.papers / run.cpuSeconds).toLocaleString('en')} per CPU-second)` : ')')
        : 'not recorded';
    rows.push([`ingest: \`paperboy ingest\` of a ${label(big)}-line arXiv metadata file${when}`, rate(load), '≥ 10,000 papers/s']);
    rows.push([
      'ingest: peak RSS of that command',
      load ? `${Math.round(load.peakRssMb)} MB` : 'not recorded',
      'bounded (streamed in batches)',
    ]);
    rows.push([
      `ingest: \`paperboy ingest\` of 1,000 new papers into the ${label(big)} store, start-up included${when}`,
      rate(load?.fresh),
      'report',
    ]);
  }
}

if (only.has('search')) {
  for (const size of [...new Set([small, big])]) {
    log(`bench: search at ${label(size)}`);
    const { path } = await benchStore({ size, seed: 1 }, { log });
    const result = await benchSearch(path);
    const goal = size === big && big >= 1_000_000 ? 'p95 ≤ 20 ms, p99 ≤ 50 ms' : 'report (issue 4)';
    if (result.indexSeconds !== undefined)
      rows.push([`search index build (impact lists), ${label(size)}`, `${result.indexSeconds.toFixed(1)} s`, 'after ingest, on a worker']);
    rows.push([`search p50 / p95 / p99, ${label(size)}, 200 queries`, triple(result.fast), goal]);
    rows.push([
      `plain FTS5 bm25 p50 / p95 / p99, ${label(size)} (two queries at a time, one per thread)`,
      triple(result.plain),
      'comparison',
    ]);
    rows.push([
      `top-10 agreement with plain bm25, ${label(size)}`,
      `${(result.agreement * 100).toFixed(2)} %, same order ${result.sameOrder}/${result.queries}`,
      '≥ 95 %',
    ]);
    const paths = [...result.paths]
      .sort((a, b) => b[1] - a[1])
      .map(([path, n]) => `${n} ${path}`)
      .join('; ');
    rows.push([`how the ${label(size)} queries were answered`, paths, 'exact: proved equal to bm25']);
  }
}

if (only.has('digest')) {
  log(`bench: digest fan-out, 1,000 channels over ${label(small)}`);
  const fanout = await import('./digest-fanout.ts').catch(() => undefined);
  if (!fanout) rows.push(['digest: 1,000 channels', 'test/bench/digest-fanout.ts is missing', '< 1 s']);
  else {
    const result = await fanout.benchDigestFanout({ papers: small, channels: 1000 });
    rows.push([
      `digest: compose + render 1,000 channels, ${label(small)} store`,
      `${result.seconds.toFixed(2)} s (${result.perChannelMs.toFixed(2)} ms each)`,
      '< 1 s',
    ]);
    rows.push(['digest: same, every channel querying on its own', `${result.naiveSeconds.toFixed(2)} s`, 'comparison']);
    rows.push([
      'digest: whole scheduler tick (claim, compose, post, record)',
      `${result.tickSeconds.toFixed(2)} s, ${result.tickPosted} posted`,
      `${result.channels} posted once`,
    ]);
  }
}

if (only.has('slack')) {
  // One burst's p99 moves by ±20 % with this machine's state: the figure is the median of several bursts,
  // each against a bot process of its own, with the spread beside it.
  const bursts = 3;
  log(`bench: 200 concurrent signed /papers search commands, ${label(big)} store, ${bursts} bursts`);
  const results: SlackLoadResult[] = [];
  for (let i = 0; i < bursts; i++)
    results.push(await inChildProcess<SlackBenchRequest, SlackLoadResult>(new URL('./slack-process.ts', import.meta.url), { size: big }));
  const floors: SlackFloorResult[] = [];
  for (let i = 0; i < bursts; i++)
    floors.push(await inChildProcess<SlackFloorRequest, SlackFloorResult>(new URL('./slack-floor.ts', import.meta.url), { count: 200 }));
  rows.push([
    `slack: 200 concurrent commands, ack p50 / p99, ${label(big)}, median of ${bursts} bursts`,
    medianBurst(results),
    'p99 < 100 ms',
  ]);
  rows.push([`slack: the same bursts against a bare node:http server (this machine's floor)`, medianBurst(floors), 'comparison']);
  rows.push(['slack: acks later than 3 s, all bursts', String(results.reduce((n, r) => n + r.late, 0)), '0']);
  rows.push(['slack: every command answered exactly once, all bursts', results.every((r) => r.answeredOnce) ? 'yes' : 'NO', 'yes']);
}

rows.push(['bench wall time', `${((performance.now() - started) / 1000).toFixed(0)} s`, '< 10 min on a clean clone']);
printTable(rows);

/** "p50 / p99 (p99 lowest to highest)" of the median burst, by each figure's median. */
function medianBurst(bursts: readonly { readonly p50: number; readonly p99: number }[]): string {
  const sorted = (pick: (b: { p50: number; p99: number }) => number) => bursts.map(pick).sort((a, b) => a - b);
  const [p50s, p99s] = [sorted((b) => b.p50), sorted((b) => b.p99)];
  const middle = Math.floor(bursts.length / 2);
  return `${ms(p50s[middle]!)} / ${ms(p99s[middle]!)} (p99 ${ms(p99s[0]!)} to ${ms(p99s.at(-1)!)})`;
}

function printTable(table: readonly Row[]): void {
  const header: Row = ['figure', 'value', 'goal'];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...table].map((row) => row[i]!.length)));
  const line = (row: Row) => row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  process.stdout.write(`${[line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...table.map(line)].join('\n')}\n`);
}
