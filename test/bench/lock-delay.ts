/**
 * `npx tsx test/bench/lock-delay.ts`: the bot's event loop while another process (`paperboy ingest` of a
 * 25 MB listing) holds the store's write lock. The bot answers a search and a subscribe every 100 ms
 * through its real dispatcher on its own connection (busy_timeout 0, as app/core.ts opens it); printed:
 * the worst event-loop delay, the slowest answer, and how many writes waited for the lock.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { commands } from '../../commands/index.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { Store } from '../../src/store/store.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LISTING = join(ROOT, 'test', 'fixtures', 'listings', '000_72b6e51614c0c197.txt');

/** The sample page's header, then distinct cards until the file is about `bytes` long. */
function bigListing(bytes: number): string {
  const text = readFileSync(LISTING, 'utf8');
  const header = text.slice(0, text.indexOf('StyleDrive'));
  const card = (i: number) =>
    `Paper number ${i} on robust diffusion policies\n\nWe study diffusion policies for robot manipulation number ${i} and report gains on standard benchmarks.\n\n  • 4 authors\n·\nDec 1\n\n`;
  const cards: string[] = [];
  let size = header.length;
  for (let i = 0; size < bytes; i++) size += (cards[cards.push(card(i)) - 1] ?? '').length;
  return header + cards.join('');
}

const dir = mkdtempSync(join(tmpdir(), 'paperboy-lock-'));
const db = join(dir, 'paperboy.db');
const big = join(dir, 'big.txt');
writeFileSync(big, bigListing(25_000_000));
const store = Store.open(db, { busyTimeoutMs: 0 });
store.papers.ingestListing({ source: 'hf-text', listingDate: '2025-12-18', papers: [], problems: [] }, 'seed', 'seed');
const dispatcher = createDispatcher({
  services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
  commands,
  log: silentLogger,
});
const channel = { platform: 'slack' as const, id: 'C1', name: 'research' };
const ask = async (text: string) => {
  const started = performance.now();
  const { command, text: rest } = dispatcher.parseText(text);
  const reply = await dispatcher.run({ command, input: { text: rest }, channel, user: { id: 'U1', name: 'ada' } });
  return { ms: performance.now() - started, failed: reply.tone === 'error' };
};

const child = spawn(process.execPath, [join(ROOT, 'src/cli/bin.mjs'), '--db', db, 'ingest', big], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
let running = true;
void exited.then(() => (running = false));
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
let slowest = 0;
let answers = 0;
let failures = 0;
let hour = 0;
while (running) {
  const results = await Promise.all([ask('search diffusion'), ask(`subscribe 0${hour++ % 10}:00`)]);
  for (const r of results) {
    slowest = Math.max(slowest, r.ms);
    answers += 1;
    if (r.failed) failures += 1;
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
delay.disable();
const code = await exited;
console.log(
  `25 MB listing (${(statSync(big).size / 1e6).toFixed(1)} MB) ingested by another process (exit ${code}), ${store.papers.count()} papers`,
);
console.log(`bot meanwhile: ${answers} answers (search + subscribe), ${failures} failed, slowest ${slowest.toFixed(0)} ms`);
console.log(`event loop worst delay: ${(delay.max / 1e6).toFixed(1)} ms (p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms)`);
store.close();
rmSync(dir, { recursive: true, force: true });
