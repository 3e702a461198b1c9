import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulkRow } from '../../src/store/bulk.ts';
import { PapersFileLoader, TextLoader } from '../../src/store/bulk-split.ts';
import type { Db } from '../../src/store/db.ts';
import { Store } from '../../src/store/store.ts';
import { generatePapers } from '../bench/corpus.ts';
import { listing, parsed } from '../helpers/papers.ts';
import { ftsContent, rowsOf } from '../helpers/store-content.ts';

const ranked = (db: Db, match: string) =>
  db.prepare('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY bm25(papers_fts), rowid').pluck().all(match);
const weighted = (db: Db, match: string) =>
  db
    .prepare('SELECT rowid, bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0) AS score FROM papers_fts WHERE papers_fts MATCH ? ORDER BY 2, 1')
    .raw()
    .all(match);
const schemaOf = (db: Db) =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name").all();
const configOf = (db: Db) => db.prepare('SELECT k, v FROM papers_fts_config ORDER BY k').raw().all();
const checkIndex = (db: Db) => db.exec("INSERT INTO papers_fts(papers_fts) VALUES('integrity-check')");
/** The settings a plain connection (not openDb's) finds in a file, where only the journal mode persists. */
const settingsIn = (path: string) => {
  const db = new Database(path);
  const settings = ['journal_mode', 'synchronous', 'cache_size'].map((name) => db.pragma(name, { simple: true }));
  db.close();
  return settings;
};
const QUERIES = [
  'alignment',
  '"language models"',
  'authors : wang',
  'organization : lab',
  'keywords : models',
  'title : reward',
  'diffusion OR robot*',
  'agent NOT reward',
];

describe('a new store built on two files (papers into the store, the full-text index copied in)', () => {
  const papers = [
    ...generatePapers({ size: 900, seed: 5 }),
    parsed({ title: 'Zoë and the Ångström café', arxivId: '2601.90001', authors: ['Zoë Ångström'], keywords: [] }),
  ];
  const at = '2026-06-30T00:00:00.000Z';
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-split-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const normal = Store.open(':memory:');
  normal.papers.ingestListing(listing('arxiv-atom', null, papers), 'x', 'x', new Date(at));

  /** Loads `papers` the bench's way into `name`; `indexed` picks the text rows the TextLoader gets. */
  const splitLoad = (name: string, indexed = (batch: number, texts: ReturnType<PapersFileLoader['insertBatch']>) => texts) => {
    const storeFile = join(dir, `${name}.db`);
    const textFile = join(dir, `${name}.text.db`);
    const side = new PapersFileLoader(storeFile);
    const text = new TextLoader(textFile);
    // A repeated arXiv id is skipped on the papers side, so it never reaches the index either.
    const batches = [papers.slice(0, 300), [papers[3]!, ...papers.slice(300, 600)], papers.slice(600)];
    batches.forEach((batch, i) => text.insertBatch(indexed(i, side.insertBatch(batch.map((p) => bulkRow(p, at))))));
    side.finish();
    return { storeFile, textFile, side, text };
  };

  it('GIVEN the papers loaded on two files THEN the store equals one built by plain inserts: rows, schema, config, index, bm25 order', () => {
    const { storeFile, side, text } = splitLoad('split');
    expect({ read: side.read, inserted: side.inserted, indexed: text.inserted }).toEqual({ read: 902, inserted: 901, indexed: 901 });
    text.mergeIndex();
    text.finish(storeFile);
    Store.open(join(dir, 'plain.db')).close();
    expect(settingsIn(storeFile)).toEqual(settingsIn(join(dir, 'plain.db')));
    expect(settingsIn(storeFile)[0]).toBe('wal');
    const store = Store.open(storeFile);
    expect(() => checkIndex(store.db)).not.toThrow();
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(rowsOf(store.db)).toEqual(rowsOf(normal.db));
    expect(ftsContent(store.db)).toEqual(ftsContent(normal.db));
    expect(schemaOf(store.db)).toEqual(schemaOf(normal.db));
    // FTS5's format version only: the TextLoader's bulk settings (hashsize, automerge, crisismerge) stay behind.
    expect(configOf(store.db)).toEqual(configOf(normal.db));
    expect(configOf(store.db)).toEqual([['version', 4]]);
    for (const match of QUERIES) {
      const ids = ranked(store.db, match);
      expect(ids.length, match).toBeGreaterThan(0);
      expect({ match, ids }).toEqual({ match, ids: ranked(normal.db, match) });
      expect({ match, scored: weighted(store.db, match) }).toEqual({ match, scored: weighted(normal.db, match) });
    }
    expect(ranked(store.db, 'zoe')).toEqual(ranked(normal.db, 'zoe'));
    store.close();
  });

  it('GIVEN the combined store reopened THEN later inserts, deletes and merges through the triggers keep it searchable and valid', () => {
    const store = Store.open(join(dir, 'split.db'));
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    store.papers.ingestListing(
      listing('hf-json', '2026-07-01', [parsed({ title: 'Quuxified retrieval', arxivId: '2607.00001' })]),
      'x',
      'x',
    );
    const added = store.papers.getByArxivId('2607.00001')!.id;
    expect(ranked(store.db, 'quuxified')).toEqual([added]);
    const [gone, ...kept] = ranked(store.db, 'alignment') as number[];
    store.db.prepare('DELETE FROM papers WHERE id = ?').run(gone);
    expect(ranked(store.db, 'alignment')).toEqual(kept);
    store.db.exec("INSERT INTO papers_fts(papers_fts) VALUES('optimize')");
    expect(ranked(store.db, 'alignment')).toEqual(kept);
    expect(ranked(store.db, 'quuxified')).toEqual([added]);
    expect(() => checkIndex(store.db)).not.toThrow();
    store.close();
  });

  it('GIVEN an index that does not cover the stored papers THEN finish() throws and leaves the store file without an index', () => {
    const { storeFile, text } = splitLoad('short', (batch, texts) => (batch === 1 ? texts.slice(1) : texts));
    expect(() => text.finish(storeFile)).toThrow(/holds 901 papers, 900 were indexed/);
    const store = Store.open(storeFile);
    expect(store.db.prepare('SELECT count(*) FROM papers_fts_docsize').pluck().get()).toBe(0);
    store.close();
  });

  it('GIVEN a file that already holds papers or an index THEN neither loader takes it', () => {
    expect(() => new PapersFileLoader(join(dir, 'split.db'))).toThrow(/already has papers/);
    expect(() => new TextLoader(join(dir, 'split.text.db'))).toThrow(/new, empty file/);
  });
});
