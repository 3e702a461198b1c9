/**
 * The ingest bench alone, into a store file of your choosing (the cached bench stores stay untouched):
 * `npx tsx test/bench/ingest.ts --size 1000000 --out /tmp/ingest/papers.db`. The snapshot file is the cached
 * one under data/bench/ (written first when missing); the store is built by `paperboy ingest` of it.
 */
import { parseArgs } from 'node:util';
import { BENCH_DIR, buildStore } from './stores.ts';

const { values } = parseArgs({ options: { size: { type: 'string' }, out: { type: 'string' } } });
if (!values.out) throw new Error('--out <path of the store file to build> is required');
const size = Number(values.size ?? 1_000_000);
if (!Number.isInteger(size) || size < 1) throw new Error(`--size takes a whole number of papers, not ${values.size}`);
const stats = await buildStore(values.out, { size, seed: 1 }, BENCH_DIR, (line) => process.stderr.write(`${line}\n`));
process.stdout.write(`${JSON.stringify(stats)}\n`);
