import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseQuery, toFtsExpression } from '../../src/core/query.ts';
import { search } from '../../src/core/search.ts';
import { rebuildSearchIndex } from '../../src/search/build-index.ts';
import { SearchEngine } from '../../src/search/engine.ts';
import { closeSearcher } from '../../src/search/searcher.ts';
import { SearchRepo } from '../../src/store/search.ts';
import { Store } from '../../src/store/store.ts';
import { generatePapers } from '../bench/corpus.ts';
import { benchQueries } from '../bench/queries.ts';
import { listing, parsed } from '../helpers/papers.ts';

/** bm25 over every match, with the full tie-break: the order the fast path must reproduce. */
const REFERENCE = `SELECT p.id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE papers_fts MATCH @match
  AND (@since IS NULL OR coalesce(p.published_at, substr(p.first_seen_at, 1, 10)) >= @since)
  AND (@before IS NULL OR coalesce(p.published_at, substr(p.first_seen_at, 1, 10)) < @before)
  ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0), p.upvotes DESC, p.id DESC LIMIT 10`;

describe('GIVEN 3,000 synthetic papers and impact lists only 40 deep', () => {
  let dir: string;
  let store: Store;
  const reference = (text: string) => {
    const query = parseQuery(text);
    return (
      store.db.prepare(REFERENCE).all({ match: toFtsExpression(query), since: query.since ?? null, before: query.before ?? null }) as {
        id: number;
      }[]
    ).map((r) => r.id);
  };

  /** `ids` that match the query, ordered as bm25 (with its tie-break) orders them. */
  const rankedByBm25 = (text: string, ids: readonly number[]) => {
    const query = parseQuery(text);
    const rows = store.db
      .prepare(
        REFERENCE.replace('LIMIT 10', '').replace(
          'WHERE papers_fts MATCH @match',
          'WHERE papers_fts MATCH @match AND p.id IN (SELECT value FROM json_each(@ids))',
        ),
      )
      .all({ match: toFtsExpression(query), since: query.since ?? null, before: query.before ?? null, ids: JSON.stringify(ids) }) as {
      id: number;
    }[];
    return rows.map((r) => r.id);
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-engine-'));
    store = Store.open(join(dir, 'paperboy.db'));
    store.papers.ingestBatch([...generatePapers({ size: 3000, seed: 11 })], 'arxiv-metadata', { seenAt: new Date() });
    expect(await rebuildSearchIndex(store.db, { depth: 40 })).toMatchObject({ built: true, papers: 3000 });
  });

  afterAll(async () => {
    await closeSearcher(store.db);
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("THEN every benchmark query gets plain bm25's top 10 in its order when proved, and otherwise real matches in bm25 order that mostly agree", () => {
    const engine = new SearchEngine(store.db);
    const plain = new SearchRepo(store.db);
    let proved = 0;
    let agreement = 0;
    const queries = benchQueries(7);
    for (const { text } of queries) {
      const query = parseQuery(text);
      const result = engine.search(query, 10);
      const ids = result.papers.map((p) => p.id);
      const best = reference(text);
      agreement += best.length === 0 ? (ids.length === 0 ? 1 : 0) : ids.filter((id) => best.includes(id)).length / best.length;
      if (result.path === 'exact') {
        proved += 1;
        expect({ text, ids }).toEqual({ text, ids: best });
      } else if (result.path === 'approximate') {
        // Each paper really matches, and they come in the order of their own bm25 scores.
        expect({ text, ids }).toEqual({ text, ids: rankedByBm25(text, ids) });
      } else {
        const fallback = plain.find({ match: toFtsExpression(query), ...(query.since ? { since: query.since } : {}), limit: 10 });
        expect({ text, ids }).toEqual({ text, ids: fallback.papers.map((p) => p.id) });
      }
    }
    expect(proved).toBeGreaterThan(150);
    expect(agreement / queries.length).toBeGreaterThanOrEqual(0.95);
  });

  it('THEN a query of plain words is proved exact from the postings without reading any text, OR, exclusions and field filters included', () => {
    const engine = new SearchEngine(store.db);
    for (const text of [
      'alignment',
      'language models',
      'reward model safety',
      'language OR vision models',
      'language models -reward',
      'nosuchwordanywhere models',
      'title:alignment models',
      'author:wang alignment',
      'safety -title:reward',
    ]) {
      const result = engine.search(parseQuery(text), 10);
      expect({ text, path: result.path, ids: result.papers.map((p) => p.id) }).toEqual({ text, path: 'exact', ids: reference(text) });
      expect(engine.lastStats?.settled ?? 0).toBe(0);
    }
  });

  it("THEN phrases and field filters are ranked from their words' postings, settling only the best bounds, with bm25's order and count", () => {
    const engine = new SearchEngine(store.db);
    const count = (text: string) =>
      (
        store.db.prepare('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?').get(toFtsExpression(parseQuery(text))) as {
          n: number;
        }
      ).n;
    for (const text of [
      '"language models"',
      'title:alignment',
      '"reward model" safety',
      'author:wang alignment',
      '"language models" -reward',
      'safety OR "reward model" alignment',
    ]) {
      const result = engine.search(parseQuery(text), 10);
      expect({ text, path: result.path, ids: result.papers.map((p) => p.id) }).toEqual({ text, path: 'exact', ids: reference(text) });
      // The FTS5-backed path verifies its answer with FTS5; this one never asks it about a candidate.
      expect({ text, verified: engine.lastStats?.verified }).toEqual({ text, verified: 0 });
      expect({ text, total: result.totalCapped ? 'capped' : result.total }).toEqual({
        text,
        total: count(text) > 1000 ? 'capped' : count(text),
      });
    }
  });

  it('THEN a build in two parts on worker threads writes the same lists, postings and lengths as a build in one', async () => {
    const snapshot = () => ({
      terms: store.db.prepare('SELECT term, df, entries FROM search_terms ORDER BY term').all(),
      postings: store.db.prepare('SELECT term, ids, weights FROM search_postings ORDER BY term').all(),
      lengths: store.db.prepare('SELECT lengths FROM search_index').get(),
    });
    expect(await rebuildSearchIndex(store.db, { depth: 40, parts: 1 })).toMatchObject({ built: true, papers: 3000 });
    const inOne = snapshot();
    expect(await rebuildSearchIndex(store.db, { depth: 40, parts: 2 })).toMatchObject({ built: true, papers: 3000 });
    expect(snapshot()).toEqual(inOne);
  }, 90_000);

  it('THEN a paper ingested after the build makes the lists stale: searches stay exact through plain bm25, and a rebuild restores the fast path', async () => {
    store.papers.ingestListing(
      listing('hf-json', '2026-07-01', [parsed({ title: 'Zyxquor alignment', abstract: 'Zyxquor aligns models.', arxivId: '2607.00001' })]),
      'x',
      'x',
    );
    const engine = new SearchEngine(store.db);
    const stale = engine.search(parseQuery('zyxquor'), 10);
    expect(stale.path).toBe('bm25: the search index is being rebuilt');
    expect(stale.papers.map((p) => p.arxivId)).toEqual(['2607.00001']);
    expect(await rebuildSearchIndex(store.db, { depth: 40 })).toMatchObject({ built: true });
    expect(engine.search(parseQuery('zyxquor alignment'), 10)).toMatchObject({ path: 'exact', papers: [{ arxivId: '2607.00001' }] });
  });

  it('THEN the search module answers from worker threads with the same papers as this thread', async () => {
    for (const text of ['alignment', 'reward model', '"language models"', 'author:wang', 'safety -reward', 'diffu*']) {
      const fromWorker = await search(store, text, { limit: 10 });
      expect({ text, ids: fromWorker.papers.map((p) => p.id) }).toEqual({
        text,
        ids: new SearchEngine(store.db).search(parseQuery(text), 10).papers.map((p) => p.id),
      });
    }
  });
});
