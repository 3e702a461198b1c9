import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/store/db.ts';
import { migrations } from '../../src/store/migrations.ts';

const tables = (db: Database.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'search%' ORDER BY name")
    .all()
    .map((r) => r.name);

describe('the search side index', () => {
  it('is dropped from a store that had it (FTS5 alone serves search)', () => {
    const db = new Database(':memory:');
    for (const m of migrations.filter((m) => m.version <= 7)) db.exec(m.sql);
    db.pragma('user_version = 7');
    expect(tables(db)).toEqual(['search_index', 'search_postings', 'search_terms']);
    migrate(db);
    expect(tables(db)).toEqual([]);
  });
});
