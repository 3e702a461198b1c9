import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat, parseListing } from '../../src/sources/detect.ts';
import { ParseError, type SourceKind } from '../../src/sources/types.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

const FIXTURES: Array<[string, SourceKind]> = [
  ['listings/000_72b6e51614c0c197.txt', 'hf-text'],
  ['listings/001_58bd4a3da03c2e5d.txt', 'hf-text'],
  ['listings/002_169a7864d0712ba8.txt', 'hf-text'],
  ['bad/truncated-card.txt', 'hf-text'],
  ['hf/sotawhat_hf_daily_papers.json', 'hf-json'],
  ['hf/old-schema-2024.json', 'hf-json'],
  ['arxiv/sotawhat_arxiv_api_transformer.xml', 'arxiv-atom'],
  ['arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml', 'arxiv-rss'],
];

/** The ParseError `fn` throws. */
function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParseError) return error;
    throw error;
  }
  throw new Error('expected a ParseError');
}

describe('detectFormat', () => {
  for (const [path, kind] of FIXTURES) {
    it(`detects ${path} as ${kind}`, () => {
      const text = fixture(path);
      expect(detectFormat(text)).toBe(kind);
      expect(detectFormat(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toBe(kind);
      expect(parseListing(text).source).toBe(kind);
    });
  }

  it('detects a text listing without its header from the card footers', () => {
    const cards = fixture('listings/001_58bd4a3da03c2e5d.txt').split('\n').slice(12).join('\n');
    expect(detectFormat(cards)).toBe('hf-text');
    const listing = parseListing(cards, { date: '2026-06-19' });
    expect(listing.papers).toHaveLength(61);
    expect(listing.papers[0]?.publishedAt).toBe('2026-06-17');
  });

  it('returns null for inputs that are not listings', () => {
    for (const path of ['bad/empty.txt', 'bad/whitespace.txt', 'bad/html-error.html', 'bad/rate-limited.json', 'bad/numbers.json']) {
      expect(detectFormat(fixture(path))).toBeNull();
    }
    expect(detectFormat(readFileSync(new URL('../fixtures/bad/binary.png', import.meta.url)).toString('utf8'))).toBeNull();
    expect(detectFormat('Just some notes.\nNothing to see.')).toBeNull();
    expect(detectFormat('<?xml version="1.0"?><catalog><book/></catalog>')).toBeNull();
  });
});

describe('parseListing with a forced format', () => {
  it('uses the format it is given', () => {
    const pairs = 'A Title\n\nAn abstract that is long enough to be one.\n\nAnother Title\n\nAnother abstract.';
    expect(detectFormat(pairs)).toBeNull();
    const listing = parseListing(pairs, { format: 'hf-text', date: '2026-01-02' });
    expect(listing.papers.map((p) => [p.title, p.authorCount, p.publishedAt])).toEqual([
      ['A Title', null, null],
      ['Another Title', null, null],
    ]);
    expect(listing.listingDate).toBe('2026-01-02');
  });

  it('fails clearly when the forced format does not fit', () => {
    const error = parseError(() =>
      parseListing(fixture('arxiv/sotawhat_arxiv_api_transformer.xml'), { format: 'arxiv-rss', file: 'feed.xml' }),
    );
    expect(error.message).toMatch(/^feed\.xml(:\d+)?: expected an RSS <rss><channel> feed from arXiv, found <feed>/);
  });

  it('lists the accepted formats for an unknown one', () => {
    const error = parseError(() => parseListing('x', { format: 'csv' as SourceKind }));
    expect(error.message).toBe('unknown format "csv"; --format accepts hf-text, hf-json, arxiv-atom, arxiv-rss, arxiv-metadata');
  });
});

describe('parseListing on bad input', () => {
  const cases: Array<[string, RegExp]> = [
    ['bad/empty.txt', /^bad\/empty\.txt: file is empty$/],
    ['bad/whitespace.txt', /^bad\/whitespace\.txt: file is empty \(only whitespace\)$/],
    ['bad/html-error.html', /looks like an HTML page \(perhaps an error page\), not a listing/],
    ['bad/rate-limited.json', /expected the HF daily_papers JSON array .*got an object with keys "error"/],
    ['bad/numbers.json', /expected the HF daily_papers JSON array .*got an array of numbers/],
  ];
  for (const [path, message] of cases) {
    it(`explains ${path}`, () => {
      const error = parseError(() => parseListing(fixture(path), { file: path }));
      expect(error.file).toBe(path);
      expect(error.message).toMatch(message);
    });
  }

  it('refuses binary bytes', () => {
    const bytes = readFileSync(new URL('../fixtures/bad/binary.png', import.meta.url)).toString('utf8');
    expect(parseError(() => parseListing(bytes)).message).toMatch(/binary file \(it contains NUL bytes\)/);
    const noisy = Array.from({ length: 400 }, (_, i) => String.fromCharCode(1 + (i % 8))).join('');
    expect(parseError(() => parseListing(noisy)).message).toMatch(/binary file \(mostly non-printable bytes\)/);
  });

  it('names the formats for text it does not know', () => {
    const error = parseError(() => parseListing('Just some notes.\nNothing to see.', { file: 'notes.txt' }));
    expect(error.message).toBe(
      'notes.txt: unknown format: not an HF Daily Papers text page, HF JSON, arXiv Atom, arXiv RSS or arXiv metadata (JSON lines); --format accepts hf-text, hf-json, arxiv-atom, arxiv-rss, arxiv-metadata',
    );
  });

  it('keeps good cards of a truncated listing and reports the cut one', () => {
    const listing = parseListing(fixture('bad/truncated-card.txt'), { file: 'bad/truncated-card.txt' });
    expect(listing.papers).toHaveLength(2);
    expect(listing.problems).toEqual([{ line: 29, message: expect.stringMatching(/^truncated at end of file/) }]);
  });

  it('puts the file and the first bad line in the error when no card can be read', () => {
    const text = 'Daily Papers\n\nJun 19\n\nA title with nothing after it';
    const error = parseError(() => parseListing(text, { file: 'today.txt' }));
    expect(error.file).toBe('today.txt');
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/^today\.txt:5: no card could be read/);
  });

  it('reads CRLF and a BOM like the clean file for every format', () => {
    for (const [path] of FIXTURES) {
      const clean = fixture(path);
      expect(parseListing(`\uFEFF${clean.replace(/\n/g, '\r\n')}`)).toEqual(parseListing(clean));
    }
  });

  it('reports a malformed options.date', () => {
    expect(parseError(() => parseListing(fixture('hf/old-schema-2024.json'), { date: 'tomorrow', file: 'f.json' })).message).toBe(
      'f.json: invalid date "tomorrow": expected YYYY-MM-DD',
    );
  });
});
