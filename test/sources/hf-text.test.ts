import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHfText } from '../../src/sources/hf-text.ts';
import { ParseError } from '../../src/sources/types.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

interface ExpectedCard {
  title: string;
  authorCount: number | null;
  organization: { slug: string; name: string } | null;
  publishedAt: string | null;
  upvotes: number;
}

interface Expected {
  listingDate: string;
  count: number;
  papers: ExpectedCard[];
}

const LISTINGS = ['000_72b6e51614c0c197', '001_58bd4a3da03c2e5d', '002_169a7864d0712ba8'];

const HEADER = ['new', 'Get trending papers in your email inbox!', 'Subscribe', 'Daily Papers', 'byAK and the research community'];
const ABSTRACT = 'We study a problem. '.repeat(20).trim();

/** Builds a page from blank-line separated lines, the way the saved pages look. */
const page = (...lines: string[]): string => lines.join('\n\n');
const card = (title: string, footer: string[] = ['  • 3 authors', '·', 'Jun 1']): string[] => [title, ABSTRACT, ...footer];

describe('parseHfText on the saved Daily Papers pages', () => {
  for (const name of LISTINGS) {
    it(`reads every card of ${name} as transcribed by hand`, () => {
      const expected = JSON.parse(fixture(`expected/${name}.json`)) as Expected;
      const listing = parseHfText(fixture(`listings/${name}.txt`));
      expect(listing.source).toBe('hf-text');
      expect(listing.problems).toEqual([]);
      expect(listing.listingDate).toBe(expected.listingDate);
      expect(listing.papers).toHaveLength(expected.count);
      expect(expected.papers).toHaveLength(expected.count);
      listing.papers.forEach((paper, index) => {
        const want = expected.papers[index];
        expect({ index, ...pick(paper) }).toEqual({ index, ...want });
        expect(paper.abstract.length).toBeGreaterThan(100);
        expect(paper.authors).toEqual([]);
        expect(paper.arxivId).toBeNull();
        expect(paper.url).toBeNull();
      });
    });
  }

  it('gives the counts and listing dates of the issue', () => {
    const results = LISTINGS.map((name) => parseHfText(fixture(`listings/${name}.txt`)));
    expect(results.map((l) => l.papers.length)).toEqual([55, 61, 50]);
    expect(results.map((l) => l.listingDate)).toEqual(['2025-12-18', '2026-06-19', '2025-12-25']);
  });

  it('keeps abstracts whole, on one line', () => {
    const listing = parseHfText(fixture('listings/000_72b6e51614c0c197.txt'));
    const first = listing.papers[0];
    expect(first?.abstract.startsWith('While personalization has been explored')).toBe(true);
    expect(first?.abstract.endsWith('catalyzing future research in human-centric autonomy.')).toBe(true);
    expect(listing.papers.every((p) => !p.abstract.includes('\n'))).toBe(true);
  });
});

function pick(paper: ExpectedCard): ExpectedCard {
  const { title, authorCount, organization, publishedAt, upvotes } = paper;
  return { title, authorCount, organization, publishedAt, upvotes };
}

describe('parseHfText dates', () => {
  it('puts a year-less card date after the listing date in the year before', () => {
    const text = page(
      ...HEADER,
      'Jan 5',
      ...card('Late Paper', ['  • 2 authors', '·', 'Dec 30']),
      ...card('Early Paper', ['  • 2 authors', '·', 'Jan 3 7']),
      ...card('Old Paper', ['  • 2 authors', '·', 'Mar 1, 2024']),
    );
    const listing = parseHfText(text);
    expect(listing.listingDate).toBe('2025-01-05');
    expect(listing.papers.map((p) => p.publishedAt)).toEqual(['2024-12-30', '2025-01-03', '2024-03-01']);
    expect(listing.papers[1]?.upvotes).toBe(7);
  });

  it('uses the year of options.today when no card prints a year', () => {
    const text = page(...HEADER, 'Mar 3', ...card('A Paper', ['  • 1 authors', '·', 'Mar 2']));
    const listing = parseHfText(text, { today: new Date('2031-07-01T12:00:00Z') });
    expect(listing.listingDate).toBe('2031-03-03');
    expect(listing.papers[0]?.publishedAt).toBe('2031-03-02');
  });

  it('lets options.date override the listing date and the year of year-less dates', () => {
    const listing = parseHfText(fixture('listings/000_72b6e51614c0c197.txt'), { date: '2030-06-20' });
    expect(listing.listingDate).toBe('2030-06-20');
    expect(listing.papers[0]?.publishedAt).toBe('2029-06-30');
    expect(listing.papers[1]?.publishedAt).toBe('2024-12-14');
    expect(listing.papers[3]?.publishedAt).toBe('2029-10-29');
  });

  it('rejects an options.date that is not YYYY-MM-DD', () => {
    expect(() => parseHfText(fixture('listings/000_72b6e51614c0c197.txt'), { date: '18/12/2025' })).toThrow(/YYYY-MM-DD/);
  });

  it('reads a title that looks like a date as a title', () => {
    const text = page(...HEADER, 'Jun 19', ...card('May 4'), ...card('Jun 30 2', ['  • 3 authors', '·', 'Jun 2 9']));
    const listing = parseHfText(text);
    expect(listing.papers.map((p) => [p.title, p.publishedAt, p.upvotes])).toEqual([
      ['May 4', `${listing.listingDate?.slice(0, 4)}-06-01`, 0],
      ['Jun 30 2', `${listing.listingDate?.slice(0, 4)}-06-02`, 9],
    ]);
  });

  it('reads a page without the header, with no listing date', () => {
    const text = page(...card('First', ['  • 3 authors', '·', 'Jun 1, 2024']), ...card('Second', ['acme Acme Labs', '·', 'Feb 2']));
    const listing = parseHfText(text);
    expect(listing.listingDate).toBeNull();
    expect(listing.papers.map((p) => p.publishedAt)).toEqual(['2024-06-01', '2025-02-02']);
    expect(listing.papers[1]?.organization).toEqual({ slug: 'acme', name: 'Acme Labs' });
  });
});

describe('parseHfText with bad cards', () => {
  it('keeps the good cards of a listing truncated at the end and reports the cut card with its line', () => {
    const listing = parseHfText(fixture('bad/truncated-card.txt'));
    expect(listing.papers.map((p) => p.title)).toEqual([
      'StyleDrive: Towards Driving-Style Aware Benchmarking of End-To-End Autonomous Driving',
      'RAT: Adversarial Attacks on Deep Reinforcement Agents for Targeted Behaviors',
    ]);
    expect(listing.problems).toHaveLength(1);
    expect(listing.problems[0]?.line).toBe(29);
    expect(listing.problems[0]?.message).toMatch(/truncated at end of file/);
  });

  it('reports a card cut after its title at the end of the file', () => {
    const listing = parseHfText(`${fixture('listings/002_169a7864d0712ba8.txt')}\n\nA Last Title`);
    expect(listing.papers).toHaveLength(50);
    expect(listing.problems).toEqual([{ line: 401, message: 'truncated at end of file: title without abstract' }]);
  });

  it('reports a card without an abstract in the middle and keeps its neighbours', () => {
    const text = page(...HEADER, 'Jun 19', ...card('Good One'), 'Lonely Title', ...card('Good Two'));
    const listing = parseHfText(text);
    expect(listing.papers.map((p) => p.title)).toEqual(['Good One', 'Good Two']);
    expect(listing.problems).toEqual([{ line: 23, message: 'title without abstract' }]);
  });

  it('reports an abstract without a title', () => {
    const text = page(...HEADER, 'Jun 19', ...card('Good One'), ABSTRACT, '  • 2 authors', '·', 'Jun 3', ...card('Good Two'));
    const listing = parseHfText(text);
    expect(listing.papers.map((p) => p.title)).toEqual(['Good One', 'Good Two']);
    expect(listing.problems[0]?.line).toBe(23);
    expect(listing.problems[0]?.message).toMatch(/no title/);
  });

  it('reports an unreadable footer and a stray dot', () => {
    const text = page(...HEADER, 'Jun 19', ...card('Bad Footer', ['  • many authors', '·', 'Jun 2']), '·', ...card('Good'));
    const listing = parseHfText(text);
    expect(listing.papers.map((p) => p.title)).toEqual(['Good']);
    expect(listing.problems.map((p) => p.line)).toEqual([13, 23]);
    expect(listing.problems[0]?.message).toMatch(/unreadable author count "• many authors" on line 17/);
    expect(listing.problems[1]?.message).toMatch(/stray "·"/);
  });

  it('reports an impossible card date', () => {
    const text = page(...HEADER, 'Jun 19', ...card('Bad Date', ['  • 2 authors', '·', 'Feb 30']), ...card('Good'));
    const listing = parseHfText(text);
    expect(listing.papers.map((p) => p.title)).toEqual(['Good']);
    expect(listing.problems[0]).toEqual({ line: 13, message: 'line 21 is not a valid date' });
  });

  it('throws naming the first bad line when no card can be read', () => {
    const text = page(...HEADER, 'Jun 19', 'Only A Title');
    expect(() => parseHfText(text)).toThrow(ParseError);
    try {
      parseHfText(text);
    } catch (error) {
      expect((error as ParseError).line).toBe(13);
      expect((error as ParseError).message).toMatch(/no card could be read.*line 13/);
    }
  });

  it('reads CRLF line ends and a BOM exactly like the clean file', () => {
    for (const name of LISTINGS) {
      const clean = fixture(`listings/${name}.txt`);
      const windows = `\uFEFF${clean.replace(/\n/g, '\r\n')}`;
      expect(parseHfText(windows)).toEqual(parseHfText(clean));
      expect(parseHfText(clean.replace(/\n/g, '\r'))).toEqual(parseHfText(clean));
    }
    const truncated = fixture('bad/truncated-card.txt');
    expect(parseHfText(`\uFEFF${truncated.replace(/\n/g, '\r\n')}`).problems).toEqual(parseHfText(truncated).problems);
  });
});

describe('parseHfText on a 50 MB listing', () => {
  it('parses in reasonable time and memory', { timeout: 120_000 }, () => {
    const source = fixture('listings/000_72b6e51614c0c197.txt').split('\n');
    const header = source.slice(0, 12).join('\n');
    const cards = source.slice(12).join('\n');
    const copies = Math.ceil((50 * 1024 * 1024) / cards.length);
    const text = `${header}\n${Array.from({ length: copies }, () => cards).join('\n\n')}`;
    expect(text.length).toBeGreaterThanOrEqual(50 * 1024 * 1024);

    const started = performance.now();
    const listing = parseHfText(text);
    const seconds = (performance.now() - started) / 1000;

    expect(listing.papers).toHaveLength(55 * copies);
    expect(listing.problems).toEqual([]);
    expect(listing.papers.at(-1)?.title).toBe('PAL: Pluralistic Alignment Framework for Learning from Heterogeneous Preferences');
    expect(seconds).toBeLessThan(30);
    expect(process.memoryUsage().heapUsed).toBeLessThan(2 * 1024 ** 3);
  });
});
