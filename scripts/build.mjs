// `npm run build` (and `prepare`, so `npm install` builds): compiles src/ and commands/ into dist/ and
// stamps it, so src/cli/bin.mjs can tell a fresh build from a stale one. Skipped quietly where the
// compiler is not installed (an install without dev dependencies uses the dist/ it was given).
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  if (!existsSync(join(root, 'dist', '.built')))
    console.warn('paperboy: typescript is not installed, so nothing was compiled; paperboy runs its sources through tsx.');
  process.exit(0);
}
rmSync(join(root, 'dist'), { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(result.status ?? 1);
writeFileSync(join(root, 'dist', '.built'), `${new Date().toISOString()}\n`);
