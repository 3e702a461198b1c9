import Database from 'better-sqlite3';
import type { Db } from './db.ts';

/** A read-only connection to an existing store (search workers): it never writes, never migrates. */
export function openReadOnlyDb(path: string, options: { cacheMb?: number } = {}): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${(options.cacheMb ?? 64) * 1024}`);
  return db;
}
