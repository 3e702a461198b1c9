import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { isPostgresUrl } from '../store/contract.ts';
import { storeLocation, withDb } from '../store/open.ts';
import { Store } from '../store/store.ts';

export const BACKUP_HELP = `Usage: paperboy backup FILE [--db PATH]
Writes a consistent copy of the store to FILE through SQLite's online backup: safe while the bot runs and
writes. To restore, stop paperboy, copy FILE over the store (PAPERBOY_DB) and delete any PATH-wal and
PATH-shm files beside it, then start paperboy again.`;

export async function runBackup(argv: string[], config: Config): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return (void process.stdout.write(`${BACKUP_HELP}\n`), 0);
  const file = positionals[0];
  if (!file || positionals.length > 1) return (void process.stderr.write(`${BACKUP_HELP}\n`), 2);
  const location = storeLocation(withDb(config, values.db));
  if (isPostgresUrl(location)) {
    process.stderr.write(
      'paperboy backup: the store is a PostgreSQL database (DATABASE_URL): back it up with pg_dump, e.g. pg_dump --format=custom "$DATABASE_URL" > paperboy.dump\n',
    );
    return 2;
  }
  const dbPath = location;
  if (!existsSync(dbPath)) return (void process.stderr.write(`paperboy backup: there is no store at ${dbPath}\n`), 1);
  if (resolve(file) === resolve(dbPath)) return (void process.stderr.write('paperboy backup: FILE must not be the store itself\n'), 2);
  if (existsSync(file)) return (void process.stderr.write(`paperboy backup: ${file} exists; choose a new file name\n`), 2);
  const store = Store.open(dbPath);
  try {
    await store.backup(file);
  } finally {
    store.close();
  }
  const copy = Store.open(file);
  try {
    process.stdout.write(`Backed up ${dbPath} to ${file} (${copy.papers.count()} papers).\n`);
  } finally {
    copy.close();
  }
  return 0;
}
