import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { formatReport, runIngest } from '../../src/cli/ingest.ts';
import { loadConfig } from '../../src/config.ts';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { parseListing } from '../../src/sources/detect.ts';
import { Store } from '../../src/store/store.ts';
import { metadataLine } from '../bench/corpus-file.ts';
import { generatePapers, prng } from '../bench/corpus.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'test', 'fixtures', 'arxiv', 'metadata-sample.jsonl');
const HF = join(ROOT, 'test', 'fixtures', 'hf', 'sotawhat_hf_daily_papers.json');
const dir = mkdtempSync(join(tmpdir(), 'paperboy-snapshot-'));

/** A snapshot of `size` synthetic papers in the real file's shape. */
function snapshot(name: string, size: number, seed = 3): string {
  const random = prng(seed);
  const path = join(dir, name);
  writeFileSync(path, `${[...generatePapers({ size, seed })].map((p) => metadataLine(p, random)).join('\n')}\n`);
  return path;
}

describe('ingest of an arXiv metadata snapshot', () => {
  let store: Store | undefined;
  afterEach(() => store?.close());

  it('GIVEN the sample snapshot THEN every field lands where it belongs, and backfilled papers count as first seen when first published', async () => {
    store = Store.open(':memory:');
    const report = await ingestTargets(store, [SAMPLE], { now: () => new Date('2026-07-01T00:00:00Z') });
    expect(report.targets[0]).toMatchObject({ source: 'arxiv-metadata', papers: 4, new: 4, problems: [] });
    const paper = store.papers.getByArxivId('0704.0001')!;
    expect(paper).toMatchObject({
      title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
      authors: ['C. Balázs', 'E. L. Berger', 'P. M. Nadolsky', 'C. -P. Yuan'],
      authorCount: 4,
      publishedAt: '2007-04-02',
      categories: ['hep-ph'],
      comment: '37 pages, 15 figures; published version',
      journalRef: 'Phys.Rev.D76:013009,2007',
      doi: '10.1103/PhysRevD.76.013009',
      url: 'https://arxiv.org/abs/0704.0001',
      firstSeenAt: '2007-04-02T00:00:00.000Z',
    });
    expect(paper.abstract).toMatch(/^A fully differential calculation in perturbative quantum chromodynamics is presented for/);
    expect(paper.abstract).toMatch(/judicious selection of events\.$/);
    expect(store.papers.getByArxivId('hep-th/9711200')!.title).toBe('The Large N Limit of Superconformal Field Theories and Supergravity');
    const parsed = parseListing(readFileSync(SAMPLE, 'utf8'));
    expect(parsed.papers.map((p) => p.version)).toEqual(['v2', 'v1', 'v3', 'v1']);
    expect(parsed.papers[1]!.primaryCategory).toBe('cs.LG');
  });

  it('GIVEN an HF listing of a paper THEN the snapshot adds what it knows (categories, arXiv date) and keeps the upvotes', async () => {
    store = Store.open(':memory:');
    await ingestTargets(store, [HF]);
    const before = store.papers.getByArxivId('2606.00467')!;
    const report = await ingestTargets(store, [SAMPLE]);
    expect(report.targets[0]).toMatchObject({ new: 3, updated: 1 });
    const after = store.papers.getByArxivId('2606.00467')!;
    expect(after).toMatchObject({ upvotes: before.upvotes, categories: ['cs.CL', 'cs.AI'], firstSeenAt: before.firstSeenAt });
    expect(store.papers.count()).toBe(30 + 3);
  });

  it('GIVEN bad lines and a 5 MB line THEN the good papers are stored, each bad line is reported with its number, and the long abstract is trimmed', async () => {
    store = Store.open(':memory:');
    const [good, second] = readFileSync(SAMPLE, 'utf8').split('\n');
    const huge = JSON.stringify({ ...JSON.parse(second!), abstract: 'long '.repeat(1_000_000) });
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, [good, '{"id": "0704.0002", "title": "cut', '', '{"id": "0704.0003", "abstract": "no title"}', huge].join('\n'));
    const report = await ingestTargets(store, [path]);
    const [target] = report.targets;
    expect(target).toMatchObject({ papers: 2, new: 2 });
    expect(target!.problems.map((p) => p.line)).toEqual([2, 4]);
    expect(target!.problems[1]!.message).toBe('0704.0003 has no title');
    expect(target!.trimmed).toEqual([{ paper: '1912.00466', field: 'abstract', length: 4_999_999 }]);
    expect(store.papers.getByArxivId('1912.00466')!.abstract.length).toBeLessThanOrEqual(10_000);
    const text = formatReport(report, store.papers.count());
    expect(text).toContain(`skipped ${path}:2: not valid JSON`);
    expect(text).toContain('trimmed 1912.00466: abstract of 4999999 characters cut to 10000');
  });

  it('GIVEN `paperboy ingest` of a snapshot is killed part-way THEN running it again continues after the last committed batch, says so, and stores every paper once', async () => {
    const file = snapshot('big.jsonl', 20_000);
    const db = join(dir, 'resume.db');
    const child = spawn(process.execPath, [join(ROOT, 'src', 'cli', 'bin.mjs'), 'ingest', file, '--db', db], {
      cwd: ROOT,
      stdio: 'ignore',
    });
    const checkpointed = await new Promise<number>((resolve) => {
      const timer = setInterval(() => {
        try {
          const reader = new Database(db, { readonly: true, fileMustExist: true });
          const row = reader.prepare('SELECT line FROM ingest_checkpoints').get() as { line: number } | undefined;
          reader.close();
          if (row) {
            clearInterval(timer);
            child.kill('SIGKILL');
            resolve(row.line);
          }
        } catch {
          // Not created or not migrated yet.
        }
      }, 20);
    });
    await new Promise((resolve) => child.once('exit', resolve));
    expect(checkpointed).toBeLessThan(20_000);

    store = Store.open(db);
    const stored = store.papers.count();
    expect(stored).toBeGreaterThanOrEqual(checkpointed);
    const out: string[] = [];
    const code = await runIngest([file, '--db', db], loadConfig({}), { write: (s: string) => out.push(s) } as never);
    expect(code).toBe(0);
    const text = out.join('');
    expect(text).toMatch(/continued after line \d+ \(\d+ papers were stored by the interrupted run\)/);
    const resumedAt = Number(/continued after line (\d+)/.exec(text)![1]);
    expect(resumedAt).toBeGreaterThanOrEqual(checkpointed);
    expect(text).toContain(`${20_000 - resumedAt} papers, ${20_000 - stored} new`);
    expect(store.papers.count()).toBe(20_000);
    expect(store.db.prepare('SELECT count(*) FROM ingest_checkpoints').pluck().get()).toBe(0);
    // The load made the store: its full-text index was merged into one segment at the end.
    expect(store.papers.mergeIndexStep()).toBe(false);
    expect(store.db.prepare('SELECT count(DISTINCT arxiv_id) FROM papers').pluck().get()).toBe(20_000);

    // Done: the next run reads the file again from the start, and changes nothing.
    const again = await ingestTargets(store, [file]);
    expect(again.targets[0]).toMatchObject({ papers: 20_000, new: 0, updated: 0, unchanged: 20_000 });
    expect(again.targets[0]!.resumed).toBeUndefined();
  }, 120_000);

  it('GIVEN one target of several fails THEN `paperboy ingest` stores the others, exits 1 and names the failed one', async () => {
    const db = join(dir, 'partial.db');
    const missing = join(dir, 'missing.jsonl');
    const errors: string[] = [];
    const write = process.stderr.write;
    process.stderr.write = ((s: string) => (errors.push(s), true)) as never;
    let code: number;
    try {
      code = await runIngest([SAMPLE, missing, '--db', db], loadConfig({}), { write: () => true } as never);
    } finally {
      process.stderr.write = write;
    }
    expect(code).toBe(1);
    expect(errors.join('')).toContain(`1 of 2 failed: ${missing}`);
    store = Store.open(db);
    expect(store.papers.count()).toBe(4);
  });
});
