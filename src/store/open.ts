/** The one place a store is opened from configuration: a postgres:// URL (DATABASE_URL) or a SQLite file. */
import type { Config } from '../config.ts';
import type { StoreApi } from './api.ts';
import { isPostgresUrl } from './contract.ts';
import type { OpenOptions } from './db.ts';
import { PgAppStore } from './pg/app-store.ts';
import { Store } from './store.ts';

/** Where the store lives: DATABASE_URL when set, else the SQLite file (PAPERBOY_DB or --db). */
export const storeLocation = (config: Pick<Config, 'dbPath' | 'databaseUrl'>): string => config.databaseUrl ?? config.dbPath;

/** `--db` given on the command line names the store, whatever DATABASE_URL says. */
export function withDb<C extends Pick<Config, 'dbPath' | 'databaseUrl'>>(config: C, db: string | undefined): C {
  if (db === undefined) return config;
  const { databaseUrl: _unused, ...rest } = config;
  return { ...rest, dbPath: db } as C;
}

/** `sqlite`: options for a SQLite file (ignored for PostgreSQL, where migrations run under an advisory lock). */
export async function openStore(location: string, sqlite: OpenOptions = {}): Promise<StoreApi> {
  return isPostgresUrl(location) ? PgAppStore.open(location) : Store.open(location, sqlite);
}
