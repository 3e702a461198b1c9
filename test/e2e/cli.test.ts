import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ROOT, runPaperboy } from './process.ts';

const LISTINGS = join(ROOT, 'test', 'fixtures', 'listings');
const tmp = () => mkdtempSync(join(tmpdir(), 'paperboy-cli-'));

describe('the paperboy command line', () => {
  it('--help lists the subcommands', async () => {
    const { code, stdout } = await runPaperboy(['--help'], {});
    expect(code).toBe(0);
    for (const name of ['start', 'ask', 'parse', 'ingest', 'digest post', 'discord register', 'slack manifest'])
      expect(stdout).toContain(name);
  });

  it('parse prints each sample listing as JSON with its date and every card', async () => {
    const expected = {
      '000_72b6e51614c0c197.txt': [55, '2025-12-18'],
      '001_58bd4a3da03c2e5d.txt': [61, '2026-06-19'],
      '002_169a7864d0712ba8.txt': [50, '2025-12-25'],
    };
    for (const [file, [count, date]] of Object.entries(expected)) {
      const { code, stdout } = await runPaperboy(['parse', join(LISTINGS, file)], {});
      expect(code).toBe(0);
      const parsed = JSON.parse(stdout) as { listingDate: string; source: string; papers: unknown[] };
      expect(parsed).toMatchObject({ listingDate: date, source: 'hf-text' });
      expect(parsed.papers).toHaveLength(count as number);
    }
  }, 30_000);

  it('ingest of a file with nothing readable names it, exits non-zero and stores nothing', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'page.txt'), '<!DOCTYPE html><html><body>502 Bad Gateway</body></html>');
    const db = join(dir, 'p.db');
    const { code, stdout } = await runPaperboy(['ingest', join(dir, 'page.txt'), '--db', db], {});
    expect(code).toBe(1);
    expect(stdout).toMatch(/page\.txt: looks like an HTML page/);
    expect(stdout).toMatch(/The store now holds 0 papers/);
  });

  it('ingest twice: the second run changes nothing', async () => {
    const db = join(tmp(), 'p.db');
    const first = await runPaperboy(['ingest', LISTINGS, '--db', db], {});
    expect(first.stdout).toMatch(/3 files: 133 new/);
    const second = await runPaperboy(['ingest', LISTINGS, '--db', db], {});
    expect(second.stdout).toMatch(/3 files: 0 new, 0 updated, 166 unchanged, 0 skipped\. The store now holds 133 papers/);
  }, 30_000);

  it('ask --json gives the neutral reply with papers in display order', async () => {
    const { code, stdout } = await runPaperboy(['ask', 'search diffusion limit:3', '--json', '--db', join(tmp(), 'p.db')], {});
    expect(code).toBe(0);
    const reply = JSON.parse(stdout) as { papers: { title: string; arxivId: string | null; rank: number }[] };
    expect(reply.papers.map((p) => p.rank)).toEqual([1, 2, 3]);
    for (const paper of reply.papers) expect(paper).toMatchObject({ title: expect.any(String), arxivId: null });
  }, 30_000);

  it('a bad configuration is reported in one message that lists every problem', async () => {
    const { code, stderr } = await runPaperboy(['ask', 'help'], {
      SLACK_BOT_TOKEN: 'not-a-token',
      PORT: 'eighty',
      OPENAI_BASE_URL: 'localhost:11434',
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/SLACK_BOT_TOKEN must start with xoxb-/);
    expect(stderr).toMatch(/PORT must be a whole number/);
    expect(stderr).toMatch(/OPENAI_BASE_URL must be an http\(s\) URL/);
    expect(stderr).toMatch(/SLACK_APP_TOKEN .* or SLACK_SIGNING_SECRET/);
  });

  it('npm start with no tokens shows the sample digest and answers commands from a pipe', async () => {
    const { code, stdout } = await runPaperboy(['start', '--db', join(tmp(), 'p.db')], {}, 'search "reward model"\ncompare 1 2\nquit\n');
    expect(code).toBe(0);
    expect(stdout).toMatch(/Daily papers — Fri 19 Jun 2026/);
    expect(stdout).toMatch(/Search: "reward model"/);
    expect(stdout).toMatch(/Offline comparison/);
  }, 30_000);

  it('common options go before the command too: paperboy --db PATH ingest …', async () => {
    const db = join(tmp(), 'p.db');
    const { code, stdout } = await runPaperboy(['--db', db, 'ingest', join(LISTINGS, '000_72b6e51614c0c197.txt')], {});
    expect(code).toBe(0);
    expect(stdout).toMatch(/The store now holds 55 papers/);
    const help = await runPaperboy(['--db', db, '--help', 'ingest'], {});
    expect(help.stdout).toMatch(/Usage: paperboy ingest/);
    const bad = await runPaperboy(['--verbose', 'ingest'], {});
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/unknown option “--verbose” before the command/);
  }, 30_000);

  it('a mistyped command gets “did you mean”', async () => {
    const { code, stderr } = await runPaperboy(['injest', 'x'], {});
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command “injest”\. Did you mean “ingest”\?/);
  });

  it('parse … | head: when the reader leaves early, paperboy ends quietly (no EPIPE stack)', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'src', 'cli', 'bin.mjs'), 'parse', join(LISTINGS, '001_58bd4a3da03c2e5d.txt')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);

  it('the sample listings go into a store only without Slack or Discord, or on an explicit `paperboy demo`', async () => {
    const db = join(tmp(), 'lab.db');
    const slack = { SLACK_BOT_TOKEN: 'xoxb-1-2-3', SLACK_APP_TOKEN: 'xapp-1-2-3', PAPERBOY_DB: db };
    const papers = () => {
      const conn = new Database(db, { readonly: true });
      try {
        return (conn.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
      } finally {
        conn.close();
      }
    };
    expect((await runPaperboy(['ask', 'top week'], slack)).code).toBe(0);
    expect(papers()).toBe(0);
    const demo = await runPaperboy(['demo'], slack);
    expect(demo.stdout).toMatch(/Loaded 133 new papers/);
    expect(papers()).toBe(133);
    const offline = join(tmp(), 'off.db');
    await runPaperboy(['ask', 'top week', '--db', offline], { PAPERBOY_SAMPLE_LISTINGS: '' });
    const conn = new Database(offline, { readonly: true });
    expect((conn.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n).toBe(0);
    conn.close();
  }, 30_000);

  it('refuses a store written by a newer paperboy, with a clear message, and leaves it unchanged', async () => {
    const db = join(tmp(), 'new.db');
    await runPaperboy(['ingest', join(LISTINGS, '000_72b6e51614c0c197.txt'), '--db', db], {});
    const conn = new Database(db);
    const version = conn.pragma('user_version', { simple: true }) as number;
    conn.pragma(`user_version = ${version + 5}`);
    conn.close();
    for (const args of [['ask', 'top week'], ['start']]) {
      const { code, stderr } = await runPaperboy([...args, '--db', db], {});
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`schema is version ${version + 5}, newer than this paperboy knows \\(${version}\\)`));
    }
    const after = new Database(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(version + 5);
    after.close();
  }, 30_000);
});
