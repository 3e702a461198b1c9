/** Start-up: median wall time of `paperboy --help` and of one `ask` on the sample store, as a user runs them. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'cli', 'bin.mjs');

export interface StartResult {
  readonly helpMs: number;
  readonly askMs: number;
  readonly compiled: boolean;
}

export function benchStart(runs = 7): StartResult {
  if (!existsSync(join(ROOT, 'dist', '.built'))) spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
  const db = join(mkdtempSync(join(tmpdir(), 'paperboy-start-')), 'sample.db');
  const env = { ...process.env, LOG_LEVEL: 'silent', PAPERBOY_DB: db, PAPERBOY_SAMPLE_LISTINGS: join(ROOT, 'data', 'listings') };
  const run = (args: string[]) => {
    const started = performance.now();
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: 'ignore' });
    if (result.status !== 0) throw new Error(`paperboy ${args.join(' ')} exited ${result.status}`);
    return performance.now() - started;
  };
  run(['ask', 'help']); // loads the sample listings into the store once
  const median = (args: string[]) => {
    const times = Array.from({ length: runs }, () => run(args)).sort((a, b) => a - b);
    return times[Math.floor(runs / 2)]!;
  };
  return { helpMs: median(['--help']), askMs: median(['ask', 'search reward model']), compiled: existsSync(join(ROOT, 'dist', '.built')) };
}
