import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseArxivAtom } from '../../src/sources/arxiv-atom.ts';
import { parseArxivRss, printedDate, splitAuthors } from '../../src/sources/arxiv-rss.ts';
import { ParseError } from '../../src/sources/types.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

const ATOM = fixture('arxiv/sotawhat_arxiv_api_transformer.xml');
const RSS = fixture('arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml');

const atomFeed = (entries: string, updated = '<updated>2026-06-14T02:30:47Z</updated>'): string =>
  `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  ${updated}
${entries}
</feed>`;

const OLD_STYLE_ENTRY = `  <entry>
    <id>http://arxiv.org/abs/hep-th/9901001v2</id>
    <title>Black Holes &amp; Strings: a   Review
      of &#8220;Old&#8221; Results</title>
    <summary><![CDATA[We review <b>old</b> results & keep the markup.]]></summary>
    <published>1999-01-04T12:00:00Z</published>
    <author><name>Jos&#233; Garc&#xED;a</name></author>
    <author><name>Zo&#235; Müller</name></author>
    <arxiv:comment>12 pages, 3 figures</arxiv:comment>
    <arxiv:journal_ref>Phys.Rev. D59 (1999) 104001</arxiv:journal_ref>
    <arxiv:doi>10.1103/PhysRevD.59.104001</arxiv:doi>
    <link title="doi" href="https://doi.org/10.1103/PhysRevD.59.104001" rel="related"/>
    <arxiv:primary_category term="hep-th"/>
    <category term="hep-th" scheme="http://arxiv.org/schemas/atom"/>
    <category term="gr-qc" scheme="http://arxiv.org/schemas/atom"/>
  </entry>`;

describe('parseArxivAtom', () => {
  const listing = parseArxivAtom(ATOM);

  it('reads ids, versions, categories and the feed date', () => {
    expect(listing.source).toBe('arxiv-atom');
    expect(listing.problems).toEqual([]);
    expect(listing.listingDate).toBe('2026-06-14');
    expect(listing.papers.map((p) => [p.arxivId, p.version])).toEqual([
      ['2606.13677', 'v1'],
      ['2606.13591', 'v1'],
      ['2606.13568', 'v1'],
      ['2606.13515', 'v1'],
      ['2606.13501', 'v1'],
    ]);
    expect(listing.papers[0]).toMatchObject({
      title: 'Mana: Dexterous Manipulation of Articulated Tools',
      authors: ['Zhao-Heng Yin', 'Guanya Shi', 'Pieter Abbeel', 'C. Karen Liu'],
      authorCount: 4,
      categories: ['cs.RO', 'cs.AI', 'cs.CV', 'cs.LG'],
      primaryCategory: 'cs.RO',
      comment: 'Project Page: https://zhaohengyin.github.io/mana',
      journalRef: null,
      doi: null,
      url: 'https://arxiv.org/abs/2606.13677',
      pdfUrl: 'https://arxiv.org/pdf/2606.13677',
      publishedAt: '2026-06-11',
      upvotes: 0,
      organization: null,
    });
    expect(listing.papers[2]?.comment).toBeNull();
    expect(listing.papers[4]?.authorCount).toBe(9);
  });

  it('decodes entities, folds hard wraps and keeps non-ASCII', () => {
    const mana = listing.papers[0]?.abstract ?? '';
    expect(mana).toContain('(<1 minute per tool)');
    expect(mana).not.toContain('&lt;');
    const all = listing.papers.map((p) => p.abstract).join(' ');
    expect(all).toContain('μ');
    expect(all).toContain('6.01$\\times$');
    expect(listing.papers.every((p) => !p.abstract.includes('\n') && !p.abstract.includes('  '))).toBe(true);
  });

  it('reads old-style ids, journal_ref, doi, CDATA and numeric entities', () => {
    const paper = parseArxivAtom(atomFeed(OLD_STYLE_ENTRY)).papers[0];
    expect(paper).toMatchObject({
      arxivId: 'hep-th/9901001',
      version: 'v2',
      title: 'Black Holes & Strings: a Review of “Old” Results',
      abstract: 'We review <b>old</b> results & keep the markup.',
      authors: ['José García', 'Zoë Müller'],
      journalRef: 'Phys.Rev. D59 (1999) 104001',
      doi: '10.1103/PhysRevD.59.104001',
      primaryCategory: 'hep-th',
      categories: ['hep-th', 'gr-qc'],
      url: 'https://arxiv.org/abs/hep-th/9901001',
      publishedAt: '1999-01-04',
    });
  });

  it('treats a feed with no entries as an empty listing', () => {
    expect(parseArxivAtom(atomFeed(''))).toEqual({ listingDate: '2026-06-14', source: 'arxiv-atom', papers: [], problems: [] });
    expect(parseArxivAtom(atomFeed('', ''), { date: '2026-01-02' }).listingDate).toBe('2026-01-02');
    expect(parseArxivAtom(atomFeed('', '')).listingDate).toBeNull();
  });

  it('reports an entry without an id and keeps the rest', () => {
    const broken = '  <entry>\n    <title>No id here</title>\n  </entry>';
    const result = parseArxivAtom(atomFeed(`${broken}\n${OLD_STYLE_ENTRY}`));
    expect(result.papers.map((p) => p.arxivId)).toEqual(['hep-th/9901001']);
    expect(result.problems).toEqual([{ line: 4, message: 'entry at line 4: no <id>' }]);
  });

  it('turns an arXiv API error entry into a ParseError', () => {
    const error = `<entry><id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id><title>Error</title>
      <summary>incorrect id format for 1234</summary></entry>`;
    expect(() => parseArxivAtom(atomFeed(error))).toThrow(/arXiv API answered with an error: incorrect id format for 1234/);
  });

  it('reports malformed XML with a line', () => {
    const text = atomFeed('  <entry>\n    <id>http://arxiv.org/abs/2606.00001v1</id>\n');
    expect(() => parseArxivAtom(text)).toThrow(ParseError);
    try {
      parseArxivAtom(text);
    } catch (error) {
      expect((error as ParseError).message).toMatch(/malformed XML: expected <\/entry>/);
      expect((error as ParseError).line).toBe(7);
    }
  });
});

describe('parseArxivRss', () => {
  const listing = parseArxivRss(RSS);

  it('reads every item, keeping all announce types', () => {
    expect(listing.source).toBe('arxiv-rss');
    expect(listing.problems).toEqual([]);
    expect(listing.listingDate).toBe('2026-09-24');
    expect(listing.papers.map((p) => [p.arxivId, p.version, p.announceType])).toEqual([
      ['2609.26811', 'v1', 'new'],
      ['2609.26820', 'v1', 'new'],
      ['2205.06398', 'v2', 'cross'],
      ['2009.13987', 'v3', 'replace'],
    ]);
  });

  it('maps the item fields', () => {
    expect(listing.papers[2]).toMatchObject({
      title: 'Outlier Detection for Multi-Network Data',
      authors: ['Pritam Dey', 'Zhengwu Zhang', 'David B. Dunson'],
      authorCount: 3,
      categories: ['stat.ME', 'stat.AP', 'stat.ML'],
      doi: '10.1093/bioinformatics/btac431',
      url: 'https://arxiv.org/abs/2205.06398',
      // A 2022 paper cross-listed in a later version: the feed's day is not when it was first announced.
      publishedAt: null,
      primaryCategory: 'stat.ME',
      upvotes: 0,
    });
    expect(listing.papers[0]?.publishedAt).toBe('2026-09-24');
    expect(listing.papers[2]?.abstract).toMatch(/^It has become routine in neuroscience studies/);
    expect(listing.papers[0]?.authors).toEqual(['Fabien Polly']);
    expect(listing.papers[0]?.doi).toBeNull();
    expect(listing.papers.every((p) => !p.abstract.includes('Announce Type'))).toBe(true);
  });

  it('lets options.date override the channel date', () => {
    expect(parseArxivRss(RSS, { date: '2026-09-25' }).listingDate).toBe('2026-09-25');
  });

  it('falls back to the description for the announce type and to the guid for the id', () => {
    const text = `<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
      <item><title>T &amp; U</title><guid>oai:arXiv.org:2601.00002v4</guid>
      <description>arXiv:2601.00002v4 Announce Type: replace-cross 
Abstract: An &lt;em&gt;escaped&lt;/em&gt; abstract.</description>
      <dc:creator>Ann Lee and Bo Chen</dc:creator></item></channel></rss>`;
    expect(parseArxivRss(text).papers[0]).toMatchObject({
      title: 'T & U',
      arxivId: '2601.00002',
      version: 'v4',
      announceType: 'replace-cross',
      abstract: 'An <em>escaped</em> abstract.',
      authors: ['Ann Lee', 'Bo Chen'],
      publishedAt: null,
    });
  });

  it('rejects a document that is not RSS', () => {
    expect(() => parseArxivRss(ATOM)).toThrow(/expected an RSS <rss><channel> feed/);
  });
});

describe('splitAuthors and printedDate', () => {
  it('splits one comma-joined creator string', () => {
    expect(splitAuthors('A. One, B. Two, and C. Three')).toEqual(['A. One', 'B. Two', 'C. Three']);
    expect(splitAuthors('A. One and B. Two')).toEqual(['A. One', 'B. Two']);
    expect(splitAuthors('Alexander Anderson, Randy Sand')).toEqual(['Alexander Anderson', 'Randy Sand']);
    expect(splitAuthors('John Smith, Jr., Jane Doe')).toEqual(['John Smith Jr.', 'Jane Doe']);
    expect(splitAuthors('X Y (MIT, Harvard and Yale), Z W')).toEqual(['X Y (MIT, Harvard and Yale)', 'Z W']);
    expect(splitAuthors('  ')).toEqual([]);
  });

  it('keeps the date as printed, in the feed offset', () => {
    expect(printedDate('Thu, 24 Sep 2026 00:00:00 -0400')).toBe('2026-09-24');
    expect(printedDate('Fri, 1 Jan 2027 23:30:00 -0500')).toBe('2027-01-01');
    expect(printedDate('2026-09-24T04:00:00Z')).toBe('2026-09-24');
    expect(printedDate('someday')).toBeNull();
    expect(printedDate(null)).toBeNull();
  });
});
