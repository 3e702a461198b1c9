import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIB_BUDGET, bibReply, bibtexEntries, escapeBibtex } from '../../src/core/bibtex.ts';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { Store } from '../../src/store/store.ts';
import type { Paper } from '../../src/store/types.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'arxiv');
let store: Store;
const paper = (arxivId: string): Paper => store.papers.getByArxivId(arxivId)!;

beforeAll(async () => {
  store = Store.open(':memory:');
  await ingestTargets(store, [join(FIXTURES, 'metadata-sample.jsonl'), join(FIXTURES, 'rss-atom_cs.AI.xml')], {
    now: () => new Date('2026-07-01T00:00:00Z'),
  });
});

/** Reads entries the way BibTeX does: a field value ends at the brace that balances its opening one, escaped or not. */
function parseBibtex(text: string): { type: string; key: string; fields: Record<string, string> }[] {
  const entries = [];
  const head = /@(\w+)\{([^,\s]+),/g;
  for (let match = head.exec(text); match; match = head.exec(text)) {
    const fields: Record<string, string> = {};
    let i = head.lastIndex;
    for (;;) {
      const field = /^\s*(\w+)\s*=\s*\{/.exec(text.slice(i));
      if (!field) break;
      i += field[0].length;
      let depth = 1;
      const start = i;
      for (; depth > 0; i++) {
        if (i >= text.length) throw new Error(`unbalanced braces in ${match[2]}.${field[1]}`);
        if (text[i] === '{') depth++;
        if (text[i] === '}') depth--;
      }
      fields[field[1]!.toLowerCase()] = text.slice(start, i - 1);
      const after = /^\s*(,?)/.exec(text.slice(i))!;
      i += after[0].length;
      if (!after[1]) break;
    }
    expect(text.slice(i).trimStart().startsWith('}'), `entry ${match[2]} closes`).toBe(true);
    entries.push({ type: match[1]!, key: match[2]!, fields });
    head.lastIndex = i;
  }
  return entries;
}

describe('bibtexEntries on real papers', () => {
  it('GIVEN a published arXiv paper THEN an @article with journal, DOI, eprint, archivePrefix, primaryClass and the accented author', () => {
    const [entry] = parseBibtex(bibtexEntries([paper('0704.0001')])[0]!.text);
    expect(entry).toEqual({
      type: 'article',
      key: 'balazs2007calculation',
      fields: {
        title: 'Calculation of prompt diphoton production cross sections at Tevatron and LHC energies',
        author: 'C. Balázs and E. L. Berger and P. M. Nadolsky and C. -P. Yuan',
        year: '2007',
        journal: 'Phys.Rev.D76:013009,2007',
        eprint: '0704.0001',
        archiveprefix: 'arXiv',
        primaryclass: 'hep-ph',
        doi: '10.1103/PhysRevD.76.013009',
        url: 'https://arxiv.org/abs/0704.0001',
      },
    });
  });

  it('GIVEN an arXiv-only paper THEN @misc without journal or DOI, primaryClass from its first category, UTF-8 names kept', () => {
    const [entry] = parseBibtex(bibtexEntries([paper('2508.13177')])[0]!.text);
    expect(entry!.type).toBe('misc');
    expect(entry!.key).toBe('pizurica2025hardwareoriented');
    expect(entry!.fields).toMatchObject({ eprint: '2508.13177', archiveprefix: 'arXiv', primaryclass: 'cs.AI', year: '2025' });
    expect(entry!.fields.author).toBe('Nikola Pižurica and Nikola Milović and Igor Jovančević and Conor Heins and Miguel de Prado');
    expect(entry!.fields).not.toHaveProperty('journal');
    expect(entry!.fields).not.toHaveProperty('doi');
  });

  it('GIVEN old-style ids and the same key twice THEN keys stay unique in order and every entry parses', () => {
    const maldacena = paper('hep-th/9711200');
    const entries = bibtexEntries([maldacena, { ...maldacena, id: 999 }, { ...maldacena, id: 1000 }]);
    expect(entries.map((e) => e.key)).toEqual(['maldacena1997large', 'maldacena1997largeb', 'maldacena1997largec']);
    expect(parseBibtex(entries.map((e) => e.text).join('\n\n')).map((e) => e.fields.eprint)).toEqual(Array(3).fill('hep-th/9711200'));
  });

  it('GIVEN a title and author with every BibTeX special THEN they are escaped and the braces still balance', () => {
    const tricky = {
      ...paper('2508.13177'),
      title: 'Cut {cost} by 50% & $x_1$ #1 \\o/ }\n  again',
      authors: ['Barnes and Noble', 'A_B'],
      authorCount: 5,
    };
    const [entry] = parseBibtex(bibtexEntries([tricky])[0]!.text);
    expect(entry!.fields.title).toBe(
      'Cut \\textbraceleft{}cost\\textbraceright{} by 50\\% \\& \\$x\\_1\\$ \\#1 \\textbackslash{}o/ \\textbraceright{} again',
    );
    expect(entry!.fields.author).toBe('{Barnes and Noble} and A\\_B and others');
    expect(escapeBibtex('plain Ångström')).toBe('plain Ångström');
  });
});

describe('bibReply', () => {
  it('GIVEN more entries than one message holds THEN it shows what fits and names the rest by arXiv id', () => {
    const papers = ['0704.0001', 'hep-th/9711200', '2508.13177', '2508.13167', '2508.13675'].map(paper);
    const reply = bibReply(papers, 'these papers');
    const text = reply.blocks.find((b) => b.type === 'code')!;
    expect('text' in text && text.text.length).toBeLessThanOrEqual(BIB_BUDGET);
    const shown = parseBibtex('text' in text ? text.text : '');
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length).toBeLessThan(5);
    const left = papers.slice(shown.length).map((p) => p.arxivId);
    expect(reply.blocks.at(-1)).toEqual({
      type: 'note',
      text: `${left.length} more entr${left.length === 1 ? 'y' : 'ies'} did not fit in one message. Ask for them with: bib ${left.join(' ')}`,
    });
  });
});
