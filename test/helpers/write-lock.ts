import { spawn, type ChildProcess } from 'node:child_process';

/** Another process (think `paperboy ingest` of a 25 MB listing) takes the store's write lock with BEGIN IMMEDIATE. */
const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.argv[2]));
db.exec('COMMIT');
process.stdout.write('released\\n');
`;

/** Holds the write lock of the store at `path` for `ms` in a child process; `kill()` ends it early. */
export function holdWriteLock(
  path: string,
  ms: number,
): { child: ChildProcess; locked: Promise<void>; released: Promise<number>; kill(): void } {
  const child = spawn(process.execPath, ['-e', HOLDER, path, String(ms)], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const seen = (word: string) =>
    new Promise<number>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes(word)) resolve(Date.now());
      });
      child.on('exit', (code) => (out.includes(word) ? resolve(Date.now()) : reject(new Error(`lock holder exited ${code}`))));
    });
  return { child, locked: seen('locked').then(() => undefined), released: seen('released'), kill: () => child.kill() };
}
