import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/sources/arxiv-atom.ts';
import { parseArxivRss } from '../../src/sources/arxiv-rss.ts';
import { splitAuthors, texToUnicode } from '../../src/sources/authors.ts';
import { detectFormat, parseListing } from '../../src/sources/detect.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** A real rss.arxiv.org/atom/cs.AI feed (2025-08-20), 7 of its entries. */
const ATOM_DAILY = fixture('arxiv/rss-atom_cs.AI.xml');
/** The Atom form of the RSS sample below: the same four items. */
const ATOM_OF_RSS = fixture('arxiv/rss-atom_cs.LG+cs.AI+cs.CL+stat.ML.xml');
const RSS = fixture('arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml');

describe('rss.arxiv.org/atom, the daily feed in Atom form', () => {
  const listing = parseListing(ATOM_DAILY, { file: 'cs.AI.xml' });

  it('is detected as the daily feed, and --format arxiv-rss and arxiv-atom both read it fully', () => {
    expect(detectFormat(ATOM_DAILY)).toBe('arxiv-rss');
    expect(listing.source).toBe('arxiv-rss');
    expect(parseListing(ATOM_DAILY, { format: 'arxiv-rss' })).toEqual(listing);
    expect(parseListing(ATOM_DAILY, { format: 'arxiv-atom' })).toEqual(listing);
    expect(listing.problems).toEqual([]);
    expect(listing.listingDate).toBe('2025-08-20');
  });

  it('reads ids, versions and announce types', () => {
    expect(listing.papers.map((p) => [p.arxivId, p.version, p.announceType])).toEqual([
      ['2508.13167', 'v1', 'new'],
      ['2508.13177', 'v1', 'new'],
      ['2508.13675', 'v1', 'new'],
      ['2508.00875', 'v1', 'cross'],
      ['2508.13197', 'v1', 'cross'],
      ['2508.13303', 'v1', 'cross'],
      ['2508.13429', 'v1', 'cross'],
    ]);
  });

  it('keeps only the abstract of the summary', () => {
    expect(listing.papers[0]?.abstract).toMatch(/^Recent advances in large language models \(LLMs\) and multi-agent systems/);
    expect(listing.papers.every((p) => !/arXiv:|Announce Type|Abstract:/.test(p.abstract))).toBe(true);
    expect(listing.papers.find((p) => p.arxivId === '2508.13303')?.abstract).toMatch(/^High-fidelity personalized human/);
  });

  it('reads every author from dc:creator, TeX accents as letters', () => {
    const first = listing.papers[0];
    expect(first?.authors).toHaveLength(30);
    expect(first?.authorCount).toBe(30);
    expect(first?.authors.slice(0, 2)).toEqual(['Weizhen Li', 'Jianbo Lin']);
    const byId = (id: string) => listing.papers.find((p) => p.arxivId === id);
    expect(byId('2508.13177')?.authors.slice(0, 3)).toEqual(['Nikola Pižurica', 'Nikola Milović', 'Igor Jovančević']);
    expect(byId('2508.13675')?.authors).toEqual(['Mariam Arustashvili', 'Jörg Deigmöller', 'Heiko Paulheim']);
    expect(byId('2508.13429')?.authors).toEqual(['Paulo André Lima de Castro']);
    expect(byId('2508.13197')?.authors).toContain('Hendrik Kraß');
  });

  it('reads the upper-case arxiv:DOI, the journal reference, categories with the primary first, and the day', () => {
    const byId = (id: string) => listing.papers.find((p) => p.arxivId === id);
    expect(byId('2508.00875')).toMatchObject({
      doi: '10.7249/PEA3971-1',
      categories: ['cs.CY', 'cs.AI'],
      primaryCategory: 'cs.CY',
      publishedAt: '2025-08-20',
      url: 'https://arxiv.org/abs/2508.00875',
      pdfUrl: 'https://arxiv.org/pdf/2508.00875',
      upvotes: 0,
    });
    expect(byId('2508.13303')?.journalRef).toBe('2025 IEEE/RSJ international conference on intelligent robots and systems (IROS)');
    expect(byId('2508.13167')).toMatchObject({ primaryCategory: 'cs.AI', doi: null, journalRef: null, publishedAt: '2025-08-20' });
  });

  it('reads the Atom form of a feed exactly like its RSS form', () => {
    expect(detectFormat(ATOM_OF_RSS)).toBe('arxiv-rss');
    expect(parseListing(ATOM_OF_RSS)).toEqual(parseListing(RSS));
    expect(parseArxivAtom(ATOM_OF_RSS)).toEqual(parseArxivRss(RSS));
  });

  it('reads an empty (weekend) feed as an empty listing of its day', () => {
    const empty = ATOM_DAILY.slice(0, ATOM_DAILY.indexOf('  <entry>')) + '</feed>\n';
    expect(parseListing(empty)).toEqual({ listingDate: '2025-08-20', source: 'arxiv-rss', papers: [], problems: [] });
  });
});

describe('announce types and first-announcement dates', () => {
  const rss = parseArxivRss(RSS);

  it('gives a replacement, or a cross-list of a later version, no first-announcement date', () => {
    expect(rss.papers.map((p) => [p.arxivId, p.announceType, p.publishedAt])).toEqual([
      ['2609.26811', 'new', '2026-09-24'],
      ['2609.26820', 'new', '2026-09-24'],
      ['2205.06398', 'cross', null],
      ['2009.13987', 'replace', null],
    ]);
  });

  it('fills the primary category of RSS items, listed first by arXiv', () => {
    expect(rss.papers.map((p) => p.primaryCategory)).toEqual(['cs.LG', 'cs.LG', 'stat.ME', 'cs.LG']);
  });

  it('says the author count is unknown, not zero, when an entry names no author', () => {
    const atom = ATOM_DAILY.replace(/<dc:creator>[^<]*<\/dc:creator>/g, '');
    expect(parseListing(atom).papers.every((p) => p.authorCount === null && p.authors.length === 0)).toBe(true);
    const rssWithout = RSS.replace(/<dc:creator>[^<]*<\/dc:creator>/g, '');
    expect(parseArxivRss(rssWithout).papers.every((p) => p.authorCount === null)).toBe(true);
    const api = fixture('arxiv/sotawhat_arxiv_api_transformer.xml').replace(/<author>[\s\S]*?<\/author>/g, '');
    expect(parseArxivAtom(api).papers.every((p) => p.authorCount === null)).toBe(true);
  });
});

describe('TeX accents in author names', () => {
  it.each([
    ["Paulo Andr\\'e Lima de Castro", 'Paulo André Lima de Castro'],
    ['Jan Jakub\\r{u}v', 'Jan Jakubův'],
    ["Mikol\\'a\\v{s} Janota", 'Mikoláš Janota'],
    ['Anders S{\\o}gaard', 'Anders Søgaard'],
    ['In\\`es Blin', 'Inès Blin'],
    ["Alexander Rodr\\'iguez", 'Alexander Rodríguez'],
    ["Jos\\'{e} Mu\\~{n}oz", 'José Muñoz'],
    ['\\c{C}a\\u{g}lar', 'Çağlar'],
    ["Pawe{\\l} \\'{\\i}", 'Paweł í'],
    ['$\\alpha$-Team', '$\\alpha$-Team'],
  ])('%s → %s', (tex, text) => {
    expect(texToUnicode(tex)).toBe(text);
  });

  it('are converted as dc:creator is split', () => {
    expect(splitAuthors('J\\"org Hoffmann, Daniel Fi\\v{s}er')).toEqual(['Jörg Hoffmann', 'Daniel Fišer']);
  });
});
