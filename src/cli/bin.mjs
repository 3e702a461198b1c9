#!/usr/bin/env node
// Runs the JavaScript that `npm install` compiled into dist/ (see `npm run build`), which starts in a
// fraction of the time; falls back to the TypeScript sources through tsx when dist/ is missing or older
// than a source file, so an edited checkout never runs stale code.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stamp = join(root, 'dist', '.built');

function newestSource() {
  let newest = 0;
  for (const dir of ['src', 'commands']) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      newest = Math.max(newest, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
    }
  }
  return newest;
}

const compiled = process.env.PAPERBOY_FROM_SOURCE !== '1' && existsSync(stamp) && statSync(stamp).mtimeMs >= newestSource();
let main;
if (compiled) ({ main } = await import('../../dist/src/cli/main.js'));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
