import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const LISTING = join(ROOT, 'test', 'fixtures', 'listings', '000_72b6e51614c0c197.txt');

/** A large HF text page: the sample's cards repeated with distinct titles, so every card is a new paper. */
function bigListing(cards: number): string {
  const text = readFileSync(LISTING, 'utf8');
  const start = text.indexOf('StyleDrive');
  const header = text.slice(0, start);
  const card =
    'Paper number NUM on robust diffusion policies\n\nWe study diffusion policies for robot manipulation and report gains on standard benchmarks.\n\n  • 4 authors\n·\nDec 1\n\n';
  return header + Array.from({ length: cards }, (_, i) => card.replace('NUM', String(i))).join('');
}

describe('a crash mid-ingest', () => {
  it('GIVEN paperboy is killed while a 50 MB file is being written THEN the store is exactly as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-crash-'));
    const db = join(dir, 'paperboy.db');
    const big = join(dir, 'big.txt');
    writeFileSync(big, bigListing(300_000));
    expect(statSync(big).size).toBeGreaterThan(50_000_000);
    const seed = Store.open(db);
    const seeded = seed.papers.ingestListing(
      {
        source: 'hf-text',
        listingDate: '2025-12-01',
        papers: [
          {
            title: 'Seed paper',
            abstract: 'Known before the crash.',
            authorCount: 1,
            authors: [],
            organization: null,
            publishedAt: null,
            upvotes: 1,
            arxivId: null,
            url: null,
          },
        ],
        problems: [],
      },
      'seed',
      'seed',
    );
    expect(seeded.new).toBe(1);
    seed.close();

    const child = spawn(process.execPath, [join(ROOT, 'src', 'cli', 'bin.mjs'), 'ingest', big, '--db', db], { cwd: ROOT, stdio: 'ignore' });
    const wal = `${db}-wal`;
    const killedWhileWriting = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => {
        if (existsSync(wal) && statSync(wal).size > 1_000_000) {
          clearInterval(timer);
          child.kill('SIGKILL');
          resolve(true);
        }
      }, 5);
      child.on('exit', () => {
        clearInterval(timer);
        resolve(false);
      });
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.on('exit', resolve)));
    expect(killedWhileWriting).toBe(true);

    const after = Store.open(db);
    expect(after.papers.count()).toBe(1);
    expect(after.db.prepare('SELECT origin FROM listings').all()).toEqual([{ origin: 'seed' }]);
    expect(after.db.prepare("SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH 'diffusion'").get()).toEqual({ n: 0 });
    after.close();
  }, 60_000);
});
