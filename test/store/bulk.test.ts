import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BulkLoader, bulkInsertPapers, bulkRow } from '../../src/store/bulk.ts';
import { Store } from '../../src/store/store.ts';
import { generatePapers } from '../bench/corpus.ts';
import { listing, parsed } from '../helpers/papers.ts';

const ranked = (store: Store, match: string) =>
  (store.db.prepare(`SELECT p.arxiv_id AS id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE papers_fts MATCH ?
    ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0), p.arxiv_id`).all(match) as { id: string }[]).map((r) => r.id);

describe('bulk loading fresh papers', () => {
  const papers = [...generatePapers({ size: 600, seed: 2 })];

  it('GIVEN the same papers bulk-loaded and ingested as a listing THEN both stores hold the same rows and the same full-text index', () => {
    const bulk = Store.open(':memory:');
    const normal = Store.open(':memory:');
    expect(bulkInsertPapers(bulk.db, papers, { batch: 250 })).toEqual({ read: 600, inserted: 600, skipped: 0 });
    normal.papers.ingestListing(listing('arxiv-atom', null, papers), 'x', 'x');
    for (const match of ['alignment', '"language models"', 'authors : wang', 'organization : lab', 'keywords : learning', 'title : reward']) {
      expect({ match, ids: ranked(bulk, match) }).toEqual({ match, ids: ranked(normal, match) });
    }
    const columns = 'arxiv_id, title, title_key, abstract, authors, org_slug, org_name, published_at, upvotes, keywords';
    expect(bulk.db.prepare(`SELECT ${columns} FROM papers ORDER BY arxiv_id`).all()).toEqual(normal.db.prepare(`SELECT ${columns} FROM papers ORDER BY arxiv_id`).all());
  });

  it('GIVEN papers already stored THEN they are skipped untouched, and the insert trigger still indexes later ingests', () => {
    const store = Store.open(':memory:');
    bulkInsertPapers(store.db, papers.slice(0, 100));
    const again = [{ ...papers[0]!, title: 'A different title' }, ...papers.slice(100, 150)];
    expect(bulkInsertPapers(store.db, again)).toEqual({ read: 51, inserted: 50, skipped: 1 });
    expect(store.papers.getByArxivId(papers[0]!.arxivId!)?.title).toBe(papers[0]!.title);
    store.papers.ingestListing(listing('hf-json', '2026-07-01', [parsed({ title: 'Quuxified retrieval', arxivId: '2607.00001' })]), 'x', 'x');
    expect(ranked(store, 'quuxified')).toEqual(['2607.00001']);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'papers_fts_insert'").get()).toEqual({ n: 1 });
  });

  it('GIVEN a new store file loaded with newFile THEN it holds the same rows and index as a normal load, with its indexes and WAL journal back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-bulk-'));
    try {
      const store = Store.open(join(dir, 'new.db'));
      const normal = Store.open(':memory:');
      const indexes = () => store.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'papers' ORDER BY name").all();
      const before = indexes();
      const loader = new BulkLoader(store.db, { newFile: true });
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('memory');
      loader.insertBatch(papers.slice(0, 300).map((p) => bulkRow(p, '2026-06-30T00:00:00.000Z')));
      loader.insertBatch(papers.slice(300).map((p) => bulkRow(p, '2026-06-30T00:00:00.000Z')));
      loader.finish();
      bulkInsertPapers(normal.db, papers);
      expect(indexes()).toEqual(before);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
      for (const match of ['alignment', '"language models"', 'authors : wang']) expect({ match, ids: ranked(store, match) }).toEqual({ match, ids: ranked(normal, match) });
      expect(() => new BulkLoader(store.db, { newFile: true })).toThrow(/new, empty store file/);
      store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
