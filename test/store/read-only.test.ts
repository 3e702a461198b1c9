import { spawnSync } from 'node:child_process';
import { chmodSync, constants, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations.ts';
import { openDb } from '../../src/store/db.ts';
import { openUnwritable, storeAccess } from '../../src/store/read-only.ts';
import { Store } from '../../src/store/store.ts';
import { harness, seedStore, textOf } from '../commands/harness.ts';
import { Clock, seedListing, startInstance, subscribe } from '../scheduler/harness.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'src', 'cli', 'bin.mjs');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A seeded store in a fresh folder that another user can enter. */
function seededFile(): { dir: string; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-ro-'));
  dirs.push(dir);
  chmodSync(dir, 0o755);
  const path = join(dir, 'p.db');
  seedStore(Store.open(path)).close();
  return { dir, path };
}

/**
 * `paperboy ask` as a user who cannot write the store. Root may write anything, so as root the command runs as
 * `nobody` (setpriv) on a root-owned store; anyone else gets the file and folder made read-only.
 */
function askUnwritable(path: string, text: string, dirMode: number) {
  return runUnwritable(path, ['ask', text], dirMode);
}

function runUnwritable(path: string, command: string[], dirMode: number, input?: string) {
  const asRoot = process.getuid?.() === 0;
  chmodSync(path, asRoot ? 0o644 : 0o444);
  chmodSync(join(path, '..'), asRoot ? dirMode : dirMode & 0o555);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|DISCORD_|OPENAI_|PAPERBOY_|HF_|ARXIV_)/.test(k)));
  const node = [process.execPath, BIN, '--db', path, ...command];
  const [cmd, ...args] = asRoot ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', ...node] : node;
  const run = spawnSync(cmd!, args, {
    cwd: ROOT,
    env: { ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
    ...(input ? { input } : {}),
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

describe('a store this process cannot write', () => {
  it('is detected with fs.accessSync semantics: read in place when the folder or a running writer allows, else a snapshot', () => {
    const { path } = seededFile();
    const denyWrite = (target: string) => (p: string, mode: number) => {
      if (p === target && mode & constants.W_OK) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(storeAccess(path)).toBe('write');
    expect(storeAccess(path, denyWrite(path))).toBe('read');
    expect(storeAccess(path, denyWrite(join(path, '..')))).toBe('snapshot');
    expect(storeAccess(join(path, '..', 'new.db'), denyWrite(path))).toBe('write');
  });

  it('a snapshot reads the WAL store from memory and refuses writes', () => {
    const { path } = seededFile();
    const store = new Store(openUnwritable(path, 'snapshot'));
    expect(store.readOnly).toBe(true);
    expect(store.papers.count()).toBe(7);
    store.close();
    expect(() => openUnwritable(path, 'snapshot', 1024)).toThrow(
      /folder .* is read-only and no running paperboy has the store open.* too large to read from memory\. Make the folder writable, or copy the store/,
    );
  });

  it('read-only commands answer, a write fails with one clear line (folder and file not writable)', { timeout: 120_000 }, () => {
    const { path } = seededFile();
    const search = askUnwritable(path, 'search diffusion', 0o755);
    expect(search.err).toMatch(/store .* is read-only \(file, folder or disk\): searches answer, changes cannot be saved/);
    expect(search.out).toMatch(/Diffusion Transformers for Video Generation/);
    expect(search.status).toBe(0);
    for (const [text, shows] of [
      ['top all 3', /Agents That Plan/],
      ['paper 2512.00001', /12\.3 FVD/],
      ['digest 2025-12-18', /Agents That Plan/],
      ['summarize 2512.00003', /WebArena|tool calls/],
    ] as const) {
      const reply = askUnwritable(path, text, 0o755);
      expect(reply.out, text).toMatch(shows);
      expect(reply.status, text).toBe(0);
    }
    const subscribe = askUnwritable(path, 'subscribe 09:00', 0o755);
    expect(subscribe.out).toMatch(/^The store is read-only \(file, folder or disk\), so this could not be saved\./);
    expect(subscribe.out).not.toMatch(/Something went wrong/);
    expect(subscribe.status).toBe(1);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });

  it('the terminal bot starts, shows the digest and answers; a write says why it cannot', { timeout: 60_000 }, () => {
    const { path } = seededFile();
    const run = runUnwritable(path, ['start'], 0o755, 'search diffusion\nsubscribe 09:00\nquit\n');
    expect(run.err).toMatch(/no scheduled digests until it can be written/);
    expect(run.out).toMatch(/Search: diffusion[\s\S]*Diffusion Transformers for Video Generation/);
    expect(run.out).toMatch(/The store is read-only \(file, folder or disk\), so this could not be saved\./);
    expect(run.status).toBe(0);
  });

  it('a file that is not writable in a writable folder is read in place', { timeout: 60_000 }, () => {
    const { path } = seededFile();
    const search = askUnwritable(path, 'search diffusion', 0o777);
    expect(search.out).toMatch(/Diffusion Transformers for Video Generation/);
    expect(search.err).toMatch(/is read-only/);
  });

  it('pending migrations on a read-only store are refused clearly, the store untouched', { timeout: 60_000 }, () => {
    const { path } = seededFile();
    const db = openDb(path);
    const latest = migrations.at(-1)!.version;
    db.pragma(`user_version = ${latest - 1}`);
    db.close();
    const refused = askUnwritable(path, 'search diffusion', 0o755);
    expect(refused.status).toBe(1);
    expect(refused.err).toMatch(
      new RegExp(`is read-only \\(file, folder or disk\\) and its schema \\(version ${latest - 1}\\) must first be upgraded`),
    );
  });
});

describe('the scheduler on a read-only store', () => {
  it('does not lead (it could record no claim) and its start and ticks resolve', async () => {
    const { path } = seededFile();
    const seed = Store.open(path);
    seedListing(seed, '2026-03-26', ['Sparse Attention at Scale'], '2026-03-26T04:00:00Z');
    subscribe(seed, 'C1', {}, '2026-03-20T00:00:00Z');
    seed.close();
    const clock = new Clock(new Date('2026-03-26T08:00:00Z'));
    const a = startInstance({ open: () => new Store(openUnwritable(path, 'read')) }, clock, [], 'A');
    try {
      await a.scheduler.start();
      expect(await a.scheduler.tick()).toMatchObject({ leader: false, deliveries: [] });
      await a.scheduler.stop();
    } finally {
      a.store.close();
    }
  });
});

describe('a full disk', () => {
  it('searches answer; subscribe says the disk is full in one line', async () => {
    const store = seedStore();
    // SQLite's own SQLITE_FULL, as on a full disk: no page may be added, and other channels filled the last ones.
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    const other = (i: number) => ({ platform: 'slack' as const, id: `C-other-${i}`, name: 'a'.repeat(200) });
    expect(() => {
      for (let i = 0; ; i++) store.subscriptions.upsert(other(i), { topics: ['x'.repeat(80)] });
    }).toThrow(expect.objectContaining({ code: 'SQLITE_FULL' }));
    const { run } = harness({ store });
    const search = await run('search diffusion');
    expect(textOf(search)).toMatch(/Diffusion Transformers/);
    const subscribe = await run('subscribe 09:00 diffusion');
    expect(subscribe.tone).toBe('error');
    expect(textOf(subscribe)).toMatch(/^The disk holding the store is full, so this could not be saved\./);
  });
});
