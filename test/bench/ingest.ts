/**
 * The ingest bench alone, into a store file of your choosing (the cached bench stores stay untouched):
 * `npx tsx test/bench/ingest.ts --size 1000000 --out /tmp/ingest/papers.db [--input corpus.ndjson]`.
 * Without --input the cached corpus file under data/bench/ is used (generated first when missing).
 */
import { parseArgs } from 'node:util';
import { corpusFile } from './corpus-file.ts';
import { BENCH_DIR, loadCorpus } from './stores.ts';

const { values } = parseArgs({ options: { size: { type: 'string' }, out: { type: 'string' }, input: { type: 'string' } } });
if (!values.out) throw new Error('--out <path of the store file to build> is required');
const size = Number(values.size ?? 1_000_000);
if (!Number.isInteger(size) || size < 1) throw new Error(`--size takes a whole number of papers, not ${values.size}`);
const log = (line: string) => process.stderr.write(`${line}\n`);
const input = values.input ?? corpusFile(BENCH_DIR, { size, seed: 1 }, log);
const stats = await loadCorpus(values.out, input, size, log);
process.stdout.write(
  `${JSON.stringify({ ...stats, seconds: +stats.seconds.toFixed(1), papersPerSecond: Math.round(stats.papersPerSecond), peakRssMb: Math.round(stats.peakRssMb) })}\n`,
);
