import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { tokenizePaper } from '../../src/search/phrases.ts';
import { tokenize } from '../../src/search/tokenize.ts';
import { parseListing } from '../../src/sources/detect.ts';
import { SearchIndexRepo } from '../../src/store/search-index.ts';
import { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';

const fixtures = new URL('../fixtures/', import.meta.url);
const UNUSUAL = [
  'Zoë Ångström, naïve café',
  'İstanbul Straße',
  'ǅemal and ﬁne ligatures',
  '日本語 テキスト 123',
  'emoji 🎉 and e\u0301 decomposed',
  'x²+y₂ − α-β_γ',
];

describe('the FTS5 tokenizer, replayed in JavaScript', () => {
  it('GIVEN the sample listings and unusual Unicode THEN each paper has as many tokens as papers_fts_docsize says', () => {
    const store = Store.open(':memory:');
    for (const dir of ['listings', 'hf']) {
      for (const file of readdirSync(new URL(dir, fixtures))) {
        const text = readFileSync(new URL(`${dir}/${file}`, fixtures), 'utf8');
        store.papers.ingestListing(parseListing(text, { file, date: '2025-01-01' }), file, file);
      }
    }
    store.papers.ingestListing(
      listing(
        'hf-json',
        '2025-01-02',
        UNUSUAL.map((title, i) =>
          parsed({ title, abstract: `${title}. ${UNUSUAL.join(' ')}`, authors: [title], keywords: [title], arxivId: `2501.0000${i}` }),
        ),
      ),
      'x',
      'x',
    );
    const repo = new SearchIndexRepo(store.db);
    const ids = (store.db.prepare('SELECT id FROM papers').all() as { id: number }[]).map((r) => r.id);
    const fts = repo.lengths(ids);
    const ours = new Map(repo.candidates(ids).map((p) => [p.id, tokenizePaper(p.columns).length]));
    expect(ids.length).toBeGreaterThan(150);
    expect(ours).toEqual(fts);
  });

  it('folds case and Latin diacritics the way unicode61 remove_diacritics 2 does', () => {
    expect(tokenize('Zoë ÅNGSTRÖM naïve-café x2')).toEqual(['zoe', 'angstrom', 'naive', 'cafe', 'x2']);
  });
});
