import { describe, expect, it } from 'vitest';
import { bulkInsertPapers, bulkRow, textRow } from '../../src/store/bulk.ts';
import { Store } from '../../src/store/store.ts';
import { generatePapers } from '../bench/corpus.ts';
import { listing, parsed } from '../helpers/papers.ts';
import { ftsContent, rowsOf } from '../helpers/store-content.ts';

const ranked = (store: Store, match: string) =>
  (
    store.db
      .prepare(
        `SELECT p.arxiv_id AS id FROM papers_fts JOIN papers p ON p.id = papers_fts.rowid WHERE papers_fts MATCH ?
    ORDER BY bm25(papers_fts, 10.0, 1.0, 3.0, 3.0, 4.0), p.arxiv_id`,
      )
      .all(match) as { id: string }[]
  ).map((r) => r.id);

/** Values the insert trigger's expressions treat in their own ways: empty lists, non-ASCII, quotes, padding. */
const awkward = [
  parsed({
    title: 'Zoë and the Ångström café',
    arxivId: '2601.90001',
    authors: ['Zoë Ångström', 'José "Pepe" Núñez', "O'Brien, Jr.", '李 雷', ''],
    keywords: ['naïve, Bayes', '🤖 agents'],
  }),
  parsed({ title: 'Padded organisation', arxivId: '2601.90002', organization: { slug: '  lab ', name: '\tTab Org  ' }, keywords: [] }),
  parsed({ title: 'Slug only', arxivId: '2601.90003', organization: { slug: 'solo', name: '' }, authors: ['Only One'] }),
  parsed({ title: 'Name only', arxivId: '2601.90004', organization: { slug: '', name: '\tNamed Institute\n' }, authors: ['a\\b', 'c/d'] }),
];
/** SQLite's JSON functions decode an unpaired surrogate to bytes no JS string binds to, so textRow()'s text differs from the trigger's; unicode61 reads both as U+FFFD, a separator, so the index may not. */
const unpaired = parsed({
  title: 'Unpaired surrogates',
  arxivId: '2601.90005',
  authors: ['x\ud800y', 'lone \udc00'],
  keywords: ['\udbff\udbfftail'],
});

describe('bulk loading fresh papers', () => {
  const papers = [...generatePapers({ size: 600, seed: 2 }), ...awkward, unpaired];
  const at = '2026-06-30T00:00:00.000Z';
  const normal = Store.open(':memory:');
  normal.papers.ingestListing(listing('arxiv-atom', null, papers), 'x', 'x', new Date(at));

  it('GIVEN awkward author, organisation and keyword values THEN textRow() gives exactly what the insert trigger computes', () => {
    const trigger = normal.db.prepare(`SELECT (SELECT group_concat(value, ', ') FROM json_each(@authors)) AS authors,
      trim(coalesce(@slug, '') || ' ' || coalesce(@name, '')) AS organization, (SELECT group_concat(value, ', ') FROM json_each(@keywords)) AS keywords`);
    for (const paper of [...awkward, ...papers.slice(0, 50)]) {
      const row = bulkRow(paper, at);
      const [, title, abstract, authors, organization, keywords] = textRow(7, row);
      expect({ title, abstract }).toEqual({ title: paper.title, abstract: paper.abstract });
      expect({ authors, organization, keywords }).toEqual(trigger.get({ authors: row[4], slug: row[6], name: row[7], keywords: row[15] }));
    }
  });

  it('GIVEN the same papers bulk-loaded and ingested as a listing THEN both stores hold the same rows and the same full-text index', () => {
    const bulk = Store.open(':memory:');
    expect(bulkInsertPapers(bulk.db, papers, { batch: 250, seenAt: new Date(at) })).toEqual({ read: 605, inserted: 605, skipped: 0 });
    for (const match of [
      'alignment',
      '"language models"',
      'authors : wang',
      'organization : lab',
      'keywords : learning',
      'title : reward',
      'zoe',
      'authors : brien',
      'authors : y',
      'keywords : tail',
    ]) {
      expect({ match, ids: ranked(bulk, match) }).toEqual({ match, ids: ranked(normal, match) });
    }
    expect(rowsOf(bulk.db)).toEqual(rowsOf(normal.db));
    expect(ftsContent(bulk.db)).toEqual(ftsContent(normal.db));
  });

  it('GIVEN papers already stored THEN they are skipped untouched, and the insert trigger still indexes later ingests', () => {
    const store = Store.open(':memory:');
    bulkInsertPapers(store.db, papers.slice(0, 100));
    const again = [{ ...papers[0]!, title: 'A different title' }, ...papers.slice(100, 150)];
    expect(bulkInsertPapers(store.db, again)).toEqual({ read: 51, inserted: 50, skipped: 1 });
    expect(store.papers.getByArxivId(papers[0]!.arxivId!)?.title).toBe(papers[0]!.title);
    store.papers.ingestListing(
      listing('hf-json', '2026-07-01', [parsed({ title: 'Quuxified retrieval', arxivId: '2607.00001' })]),
      'x',
      'x',
    );
    expect(ranked(store, 'quuxified')).toEqual(['2607.00001']);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'papers_fts_insert'").get()).toEqual({ n: 1 });
  });
});
