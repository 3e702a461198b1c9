import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseListing } from '../../src/sources/detect.ts';
import { Store } from '../../src/store/store.ts';
import { metadataFile, plantedPapers } from './corpus-file.ts';
import { CORPUS_VERSION, generatePapers } from './corpus.ts';
import { realPaperHalves, titleKey } from './real-papers.ts';
import { buildStore, FRESH_PAPERS } from './stores.ts';

describe('the bench snapshot file and the store built from it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const planted = plantedPapers();

  it('GIVEN a corpus THEN its snapshot file parses as arXiv metadata, holds every real paper once at spread lines, and is written once', () => {
    const file = metadataFile(dir, { size: 2_000, seed: 2 });
    const modified = statSync(file).mtimeMs;
    expect(metadataFile(dir, { size: 2_000, seed: 2 })).toBe(file);
    expect(statSync(file).mtimeMs).toBe(modified);
    const listing = parseListing(readFileSync(file, 'utf8'));
    expect(listing).toMatchObject({ source: 'arxiv-metadata', problems: [] });
    expect(planted.length).toBeGreaterThan(60);
    const lineOf = new Map(listing.papers.map((p, i) => [p.arxivId, i]));
    const lines = planted.map((p) => lineOf.get(p.arxivId)!);
    expect(lines.every((line) => line !== undefined)).toBe(true);
    expect(Math.min(...lines)).toBeLessThan(listing.papers.length * 0.05);
    expect(Math.max(...lines)).toBeGreaterThan(listing.papers.length * 0.9);
    expect(new Set(listing.papers.map((p) => p.arxivId)).size).toBe(listing.papers.length);
    // The planted papers keep what their own parsers read.
    const real = planted.find((p) => p.arxivId === '2606.13594')!;
    expect(listing.papers[lineOf.get('2606.13594')!]).toMatchObject({ title: real.title, abstract: real.abstract, authors: real.authors });
  });

  it('GIVEN the planted papers THEN no synthetic paper is made of them: none of their sentences or titles occurs in the corpus', () => {
    const { source } = realPaperHalves();
    const plantedTitles = new Set(planted.map((p) => titleKey(p.title)));
    expect(source.filter((p) => plantedTitles.has(titleKey(p.title)))).toEqual([]);
    const sentences = (text: string) => text.split(/(?<=[.!?])\s+/).filter((s) => s.split(' ').length >= 6);
    const plantedSentences = new Set(planted.flatMap((p) => sentences(p.abstract)));
    let copied = 0;
    for (const paper of generatePapers({ size: 5_000, seed: 1 })) {
      const title = titleKey(paper.title.replace(/^\w+: /, ''));
      if (plantedTitles.has(title) || plantedTitles.has(titleKey(paper.title))) copied += 1;
      copied += sentences(paper.abstract).filter((s) => plantedSentences.has(s)).length;
    }
    expect(copied).toBe(0);
  });

  it('GIVEN the snapshot THEN `paperboy ingest` builds the store with every paper, then ingests 1,000 new ones, timing both; no scratch file is left', async () => {
    const path = join(dir, 'bench.db');
    const stats = await buildStore(path, { size: 2_000, seed: 2 }, dir);
    const store = Store.open(path);
    const inFile = parseListing(readFileSync(metadataFile(dir, { size: 2_000, seed: 2 }), 'utf8')).papers.length;
    expect(stats.papers).toBe(inFile);
    expect(stats.fresh?.papers).toBe(FRESH_PAPERS);
    expect(stats.papersPerSecond).toBeGreaterThan(0);
    expect(store.papers.count()).toBe(inFile + FRESH_PAPERS);
    for (const paper of planted) expect(store.papers.getByArxivId(paper.arxivId!)?.title).toBe(paper.title);
    store.close();
    expect(readdirSync(dir).filter((name) => name.startsWith('bench.db'))).toEqual(['bench.db']);
  }, 120_000);

  it('GIVEN a snapshot that fails to load THEN the store it was to replace is left as it was', async () => {
    const path = join(dir, 'kept.db');
    writeFileSync(path, 'not a store, but what was there');
    const bad = join(dir, `arxiv-metadata-10-seed9-v${CORPUS_VERSION}-planted${planted.length}.jsonl`);
    writeFileSync(bad, '');
    await expect(buildStore(path, { size: 10, seed: 9 }, dir)).rejects.toThrow(/exited 1/);
    expect(readFileSync(path, 'utf8')).toBe('not a store, but what was there');
    expect(readdirSync(dir).filter((name) => name.startsWith('kept.db'))).toEqual(['kept.db']);
  }, 60_000);
});
