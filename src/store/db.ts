import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';
import { openUnwritable, storeAccess } from './read-only.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * How long a statement waits, blocking the thread, for another connection's lock (SQLite busy_timeout).
   * 5 s suits command-line tools; the bot uses 0, so a lock held by another process (an `ingest`) never blocks
   * its event loop: locked writes fail at once and the answering path waits for them with retryWhileBusy.
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (or creates) the store, sets pragmas and applies pending migrations. `:memory:` works for tests.
 * A store this process cannot write (file, folder or disk read-only) opens read-only (`db.readonly`) when its
 * schema is current, so searches still answer; with migrations pending it is refused with a clear message.
 */
export function openDb(path: string, options: OpenOptions = {}): Db {
  const access = path === ':memory:' ? 'write' : storeAccess(path);
  if (access !== 'write') return openReadOnly(path, access, options);
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // Migrations at start-up may wait as usual; the chosen timeout applies from then on.
  db.pragma('busy_timeout = 5000');
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
  return db;
}

function openReadOnly(path: string, access: 'read' | 'snapshot', options: OpenOptions): Db {
  const db = openUnwritable(path, access);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    const current = db.pragma('user_version', { simple: true }) as number;
    const latest = migrations.at(-1)?.version ?? 0;
    if (current > latest) migrate(db); // throws StoreVersionError, the same message as for a writable store
    if (current < latest)
      throw new StoreVersionError(
        `the store (${path}) is read-only (file, folder or disk) and its schema (version ${current}) must first be upgraded ` +
          `to version ${latest}: run paperboy once where it can write the store. Nothing was changed.`,
      );
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest)
    throw new StoreVersionError(
      `this store's schema is version ${current}, newer than this paperboy knows (${latest}): a newer paperboy wrote it. ` +
        'Upgrade paperboy (or restore a backup taken before the upgrade); the store was left unchanged.',
    );
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    applied += 1;
  }
  return applied;
}

/** The store was written by a newer paperboy: opening it with this code could damage it. */
export class StoreVersionError extends Error {
  override readonly name = 'StoreVersionError';
}
