import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';
import { ROOT, runPaperboy } from '../e2e/process.ts';

const LISTINGS = join(ROOT, 'test', 'fixtures', 'listings');

describe('paperboy backup', () => {
  it('copies a store that opens and holds the same papers while another connection keeps writing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-backup-'));
    const db = join(dir, 'live.db');
    expect((await runPaperboy(['ingest', LISTINGS, '--db', db], {})).code).toBe(0);
    // The bot's side: a second connection writing all through the backup.
    const bot = Store.open(db);
    let writes = 0;
    const writer = setInterval(() => {
      for (let i = 0; i < 20; i++) bot.events.firstSighting('slack', `event-${writes++}`);
    }, 1);
    try {
      const { code, stdout, stderr } = await runPaperboy(['backup', join(dir, 'copy.db'), '--db', db], {});
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(stdout).toMatch(/Backed up .* \(133 papers\)/);
    } finally {
      clearInterval(writer);
    }
    expect(writes).toBeGreaterThan(0);
    const copy = new Database(join(dir, 'copy.db'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const titles = (conn: { prepare(sql: string): { all(): unknown[] } }) =>
      conn.prepare('SELECT arxiv_id, title FROM papers ORDER BY id').all();
    expect(titles(copy)).toEqual(titles(bot.db));
    copy.close();
    bot.close();
    const again = await runPaperboy(['backup', join(dir, 'copy.db'), '--db', db], {});
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/copy\.db exists/);
  }, 30_000);
});
