/**
 * A throw-away PostgreSQL cluster for tests and benchmarks: Debian's binaries (/usr/lib/postgresql/<n>/bin),
 * `initdb` into a temporary folder, a free port, the unix socket in that folder, trust authentication (the
 * socket is reachable only through the private folder). The server refuses to run as root, so as root it
 * runs as the `postgres` user (runuser), otherwise as ourselves. stop() removes everything.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  /** postgres://… for the cluster's `postgres` database, over the unix socket. */
  readonly url: string;
  /** A connection string for another database of the cluster. */
  urlFor(database: string): string;
  stop(): void;
}

/** PAPERBOY_PG_BIN (a folder with initdb and pg_ctl), else the newest installed Debian server's bin folder, or undefined. */
export function findPgBin(): string | undefined {
  const given = process.env.PAPERBOY_PG_BIN;
  if (given) return existsSync(join(given, 'initdb')) && existsSync(join(given, 'pg_ctl')) ? given : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Why no cluster can be started here, or undefined when one can. */
export function pgUnavailable(): string | undefined {
  if (!findPgBin())
    return process.env.PAPERBOY_PG_BIN
      ? `PAPERBOY_PG_BIN (${process.env.PAPERBOY_PG_BIN}) holds no initdb and pg_ctl`
      : 'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb): apt-get install postgresql';
  if (isRoot() && spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root, but there is no `postgres` user to run the server';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary as the user the server accepts; throws with its output when it fails. */
function runAsServerUser(bin: string, args: readonly string[]): void {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, [...args]];
  execFileSync(file, argv, { stdio: 'pipe', timeout: 60_000 });
}

/** `settings`: more server settings (-c name=value), e.g. shared_buffers for a benchmark. */
export async function startPgCluster(settings: Readonly<Record<string, string>> = {}): Promise<PgCluster> {
  const why = pgUnavailable();
  if (why) throw new Error(why);
  const bin = findPgBin()!;
  // As root the server runs as `postgres`, which must reach the folder: /tmp, whatever TMPDIR says.
  const dir = mkdtempSync(join(isRoot() ? '/tmp' : tmpdir(), 'paperboy-pg-'));
  if (isRoot()) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();
  const ctl = (...args: string[]) => runAsServerUser(join(bin, 'pg_ctl'), ['-D', data, ...args]);
  let started = false;
  const stop = () => {
    if (started) {
      started = false;
      try {
        ctl('-m', 'immediate', 'stop');
      } catch {
        // Already gone: the folder is removed either way.
      }
    }
    process.removeListener('exit', stop);
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  try {
    runAsServerUser(join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ]);
    // fsync off: a throw-away cluster need not survive a power cut, and tests then write at memory speed.
    const options = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off${Object.entries(
      settings,
    )
      .map(([k, v]) => ` -c ${k}=${v}`)
      .join('')}`;
    started = true;
    ctl('-w', '-t', '30', '-l', log, '-o', options, 'start');
  } catch (error) {
    const detail = existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ') : '';
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim() ?? '';
    stop();
    throw new Error(`could not start a PostgreSQL cluster: ${[stderr, detail].filter(Boolean).join(' | ') || String(error)}`);
  }
  const urlFor = (database: string) => `postgres://postgres@localhost:${port}/${database}?host=${encodeURIComponent(dir)}`;
  return { url: urlFor('postgres'), urlFor, stop };
}
