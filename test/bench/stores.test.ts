import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bulkInsertPapers } from '../../src/store/bulk.ts';
import { Store } from '../../src/store/store.ts';
import { ftsContent, rowsOf } from '../helpers/store-content.ts';
import { generatePapers } from './corpus.ts';
import { corpusFile } from './corpus-file.ts';
import { loadCorpus } from './stores.ts';

const count = (path: string) => {
  const store = Store.open(path);
  const papers = (store.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  store.close();
  return papers;
};

describe('the bench corpus file and its load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-corpus-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('GIVEN a corpus file WHEN the bench loads its first papers THEN the store equals those papers bulk-loaded in one thread, and no scratch file is left', async () => {
    const file = corpusFile(dir, { size: 700, seed: 2 });
    expect(corpusFile(dir, { size: 500, seed: 2 })).toBe(file);
    const stats = await loadCorpus(join(dir, 'bench.db'), file, 500);
    expect(stats.papers).toBe(500);
    expect(readdirSync(dir).sort()).toEqual(['bench.db', basename(file)]);
    const bench = Store.open(join(dir, 'bench.db'));
    const reference = Store.open(':memory:');
    bulkInsertPapers(reference.db, generatePapers({ size: 500, seed: 2 }), { seenAt: new Date('2026-06-30T00:00:00.000Z') });
    expect(rowsOf(bench.db)).toEqual(rowsOf(reference.db));
    expect(ftsContent(bench.db)).toEqual(ftsContent(reference.db));
    bench.close();
  });

  it('GIVEN corpus files of this seed from another generator THEN none is used, and the new file replaces them', () => {
    const stale = [
      'corpus-900-seed3-v1-000000000000.ndjson',
      'corpus-900-seed3-v0.ndjson',
      'corpus-900-seed3-v1-000000000000.ndjson.building',
    ];
    for (const name of stale) writeFileSync(join(dir, name), 'not papers\n');
    writeFileSync(join(dir, 'corpus-900-seed33-v0.ndjson'), 'another seed\n');
    const file = corpusFile(dir, { size: 20, seed: 3 });
    expect(readdirSync(dir).filter((name) => name.includes('-seed3'))).toEqual([basename(file), 'corpus-900-seed33-v0.ndjson'].sort());
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line))).toEqual([...generatePapers({ size: 20, seed: 3 })]);
  });

  it('GIVEN a bad or missing line in the corpus file THEN the load fails naming the file and line, and the store it was to replace is left as it was', async () => {
    const path = join(dir, 'kept.db');
    const good = [...generatePapers({ size: 3, seed: 4 })].map((paper) => JSON.stringify(paper));
    const file = join(dir, 'bad.ndjson');
    writeFileSync(file, `${good.join('\n')}\n`);
    await loadCorpus(path, file, 2);
    const cases: [lines: string[], size: number, error: string][] = [
      [[good[0]!, good[1]!, '{"title": "cut off', good[2]!], 4, `${file}:3: `],
      [[good[0]!, '{"title": "no abstract", "authors": [], "upvotes": 0}'], 2, `${file}:2: not a paper`],
      [[good[0]!, ''], 2, `${file}:2: `],
      [good, 5, `${file} holds 3 papers, not 5`],
    ];
    for (const [lines, size, error] of cases) {
      writeFileSync(file, `${lines.join('\n')}\n`);
      await expect(loadCorpus(path, file, size)).rejects.toThrow(error);
      expect(readdirSync(dir).filter((name) => name.startsWith('kept.db'))).toEqual(['kept.db']);
      expect(count(path)).toBe(2);
    }
  });
});
