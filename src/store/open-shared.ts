/** The papers-and-search store named by a location: a postgres:// URL (DATABASE_URL) or a SQLite file path. */
import { isPostgresUrl, type SharedStore } from './contract.ts';
import { PgStore } from './pg/store.ts';
import { SqliteSharedStore } from './sqlite-papers.ts';

export async function openSharedStore(location: string): Promise<SharedStore> {
  return isPostgresUrl(location) ? PgStore.open(location) : SqliteSharedStore.open(location);
}
