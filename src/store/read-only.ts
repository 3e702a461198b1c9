import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from './db.ts';

/** A read-only connection to an existing store (search workers): it never writes, never migrates. */
export function openReadOnlyDb(path: string, options: { cacheMb?: number } = {}): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma(`cache_size = -${(options.cacheMb ?? 64) * 1024}`);
  return db;
}

/**
 * How this process can open the store at `path`: `write` (or create it); `read`, the file or its folder is not
 * writable but SQLite can still read it in place (the folder takes its -wal/-shm files, or a running paperboy
 * made them); `snapshot`, nothing next to the file can be created (read-only folder or disk, no writer running),
 * so a WAL store can only be read from a copy in memory. `access` has fs.accessSync's semantics (throws when denied).
 */
export function storeAccess(path: string, access: (path: string, mode: number) => void = accessSync): 'write' | 'read' | 'snapshot' {
  const can = (p: string, mode: number) => {
    try {
      access(p, mode);
      return true;
    } catch {
      return false;
    }
  };
  if (!existsSync(path)) return 'write';
  const folderWritable = can(dirname(path), constants.W_OK);
  if (folderWritable && can(path, constants.W_OK)) return 'write';
  if (folderWritable || (existsSync(`${path}-wal`) && existsSync(`${path}-shm`))) return 'read';
  return 'snapshot';
}

/** Beyond this a store in a read-only folder is not copied into memory: the message says what to do instead. */
export const SNAPSHOT_MAX_BYTES = 512 * 1024 * 1024;

/** The store opened without writing: in place, or (`snapshot`) from a copy in memory of at most `maxBytes`. */
export function openUnwritable(path: string, how: 'read' | 'snapshot', maxBytes = SNAPSHOT_MAX_BYTES): Db {
  if (how === 'read') return new Database(path, { readonly: true, fileMustExist: true });
  const size = statSync(path).size;
  if (size > maxBytes)
    throw new Error(
      `the store's folder (${dirname(path)}) is read-only and no running paperboy has the store open, so SQLite cannot read it ` +
        `in place (it needs its -wal and -shm files beside it), and at ${Math.round(size / 2 ** 20)} MB it is too large to read ` +
        'from memory. Make the folder writable, or copy the store to a writable folder and use --db.',
    );
  const image = readFileSync(path);
  // A WAL store's header says so (bytes 18-19 = 2); an in-memory copy has no -wal file, so it reads as a plain one.
  if (image.length >= 20) image[18] = image[19] = 1;
  return new Database(image, { readonly: true });
}
