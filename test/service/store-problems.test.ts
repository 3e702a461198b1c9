import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { storeProblem } from '../../src/cli/store-problems.ts';
import { Store } from '../../src/store/store.ts';

describe('store problems said plainly', () => {
  it('a read-only store: a clear message that says read-only commands still answer', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'paperboy-ro-')), 'p.db');
    Store.open(path).close();
    const readOnly = new Database(path, { readonly: true });
    let error: unknown;
    try {
      readOnly.prepare("INSERT INTO seen_events (platform, event_id, seen_at) VALUES ('slack', 'x', 'now')").run();
    } catch (caught) {
      error = caught;
    } finally {
      readOnly.close();
    }
    expect(storeProblem(error, path)).toMatch(/is read-only .* Read-only commands such as ask "search …" still answer/);
  });

  it('a full disk, and anything else left as it is', () => {
    expect(storeProblem(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }), 'd.db')).toMatch(
      /the disk holding the store \(d\.db\) is full/,
    );
    expect(storeProblem(new Error('boom'), 'd.db')).toBeUndefined();
  });
});
