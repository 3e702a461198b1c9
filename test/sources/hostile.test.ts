import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseListing } from '../../src/sources/detect.ts';
import { parseHfJson } from '../../src/sources/hf-json.ts';
import { parseHfText } from '../../src/sources/hf-text.ts';
import { findJsonError } from '../../src/sources/json-syntax.ts';
import { normalizeText } from '../../src/sources/normalize.ts';
import { ParseError } from '../../src/sources/types.ts';
import { MAX_XML_DEPTH, parseXml, textOf } from '../../src/sources/xml.ts';

const fixture = (path: string): string => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

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

/** Runs `fn` and returns how long it took, in ms. */
function timed(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

describe('deeply nested XML', () => {
  const ATOM_HEAD = '<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n<entry>\n';

  it('gets a message with the file and line, not a stack overflow, for 100,000 nested elements', () => {
    const text = `${ATOM_HEAD}${'<b>'.repeat(100_000)}x${'</b>'.repeat(100_000)}\n</entry>\n</feed>`;
    let error: ParseError | undefined;
    const ms = timed(() => (error = parseError(() => parseListing(text, { file: 'deep.xml' }))));
    expect(error?.message).toBe(`deep.xml:4: XML nested too deeply: more than ${MAX_XML_DEPTH} elements inside one another`);
    expect(error?.line).toBe(4);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses nesting in an RSS feed the same way, on the line where it goes too deep', () => {
    const text = `<rss version="2.0"><channel>\n<item>\n<description>\n${'<p>\n'.repeat(1000)}`;
    const error = parseError(() => parseListing(text, { file: 'deep.rss' }));
    expect(error.message).toMatch(/^deep\.rss:\d+: XML nested too deeply/);
    // <rss>, <channel>, <item> and <description> are four levels: the 253rd <p>, on line 3 + 253, is one too many.
    expect(error.line).toBe(3 + MAX_XML_DEPTH - 3);
  });

  it('reads text nested up to the bound without recursion', () => {
    const depth = MAX_XML_DEPTH - 1;
    const root = parseXml(`<a>${'<b>'.repeat(depth)}deep${'</b>'.repeat(depth)}</a>`);
    expect(textOf(root)).toBe('deep');
  });

  it('stays linear on long attribute-like runs and many declarations', () => {
    const attrs = `<feed xmlns="http://www.w3.org/2005/Atom" ${'a'.repeat(300_000)} x = 'y'>\n</feed>`;
    expect(timed(() => expect(parseXml(attrs).attrs).toEqual({ xmlns: 'http://www.w3.org/2005/Atom', x: 'y' }))).toBeLessThan(1000);
    const declarations = `<feed xmlns="http://www.w3.org/2005/Atom">${'<!x>'.repeat(100_000)}</feed>`;
    expect(timed(() => expect(parseXml(declarations).name).toBe('feed'))).toBeLessThan(1000);
  });
});

describe('JSON syntax errors', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    [
      'an unexpected token (V8 gives no position)',
      '[\n{"paper": {"id": "1", "title": "x"}},\nabc]',
      3,
      /expected a value, found "a" \(column 1\)/,
    ],
    ['a cut file', '[\n  {"paper": {"id": "1", "title": "x"}},\n  {"paper": \n', 4, /the file ends in the middle of the JSON/],
    ['a missing comma', '[\n{"paper": {"id": "1"\n "title": "x"}}]', 3, /expected "," or "}", found """ \(column 2\)/],
    [
      'a line break in a string',
      '[\n{"paper": {"id": "1", "title": "x}}]\n\n',
      2,
      /a control character \(such as a line break\) inside a string/,
    ],
    ['a string never closed', '[\n{"paper": {"id": "1", "title": "x}}]', 2, /a string that is never closed starts here \(column 32\)/],
    ['a trailing comma', '[{"paper": {"id": "1", "title": "x"}},\n]', 2, /expected a value, found "]"/],
  ];
  for (const [what, text, line, message] of cases) {
    it(`names the file and line of ${what}`, () => {
      const error = parseError(() => parseListing(text, { file: 'week.json' }));
      expect(error.line).toBe(line);
      expect(error.message).toMatch(new RegExp(`^week\\.json:${line}: not valid JSON: `));
      expect(error.message).toMatch(message);
      expect(parseError(() => parseHfJson(text)).message).toMatch(new RegExp(`^line ${line}: not valid JSON`));
    });
  }

  it('names the line for broken JSON that does not look like HF papers too', () => {
    const error = parseError(() => parseListing('{\n  "error": "rate limited",\n}', { file: 'x.json' }));
    expect(error.message).toMatch(/^x\.json:3: not valid JSON: expected a property name in double quotes, found "}"/);
  });

  it('finds no error in valid JSON and locates one in any depth or length in linear time', () => {
    expect(findJsonError(fixture('hf/sotawhat_hf_daily_papers.json'))).toBeNull();
    expect(findJsonError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"]}')).toBeNull();
    let found: ReturnType<typeof findJsonError> = null;
    const deep = `${'['.repeat(1_000_000)}\n`;
    expect(timed(() => (found = findJsonError(deep)))).toBeLessThan(1000);
    expect(found).toEqual({ line: 2, column: 1, message: 'the file ends in the middle of the JSON' });
  });
});

describe('invisible and bidi controls in paper text', () => {
  it('are stripped at normalisation; joiners that emoji and scripts need stay', () => {
    expect(normalizeText('Safe\u202Egnp.exe\u202C title\u200B\u2066x\u2069\u200E')).toBe('Safegnp.exe titlex');
    expect(normalizeText('a\u00ADb\u2060c\uFEFFd\u0000e\u0085f\u{E0041}\u{E0042}g')).toBe('abcdefg');
    expect(normalizeText('👩\u200D🔬 می\u200Cخواهم')).toBe('👩\u200D🔬 می\u200Cخواهم');
  });

  it('are stripped from every parser’s titles, abstracts, authors and organisations', () => {
    const items = [
      {
        paper: {
          id: '2606.00001',
          title: 'Evil\u202E txt.exe',
          summary: 'An\u200B abstract\u2067.',
          authors: [{ name: 'Ann\u202D Lee' }],
          ai_keywords: ['\u2066key'],
        },
        organization: { name: 'acme\u200F', fullname: 'Acme\u202B Labs' },
      },
    ];
    const paper = parseHfJson(JSON.stringify(items)).papers[0];
    expect(paper).toMatchObject({
      title: 'Evil txt.exe',
      abstract: 'An abstract.',
      authors: ['Ann Lee'],
      keywords: ['key'],
      organization: { slug: 'acme', name: 'Acme Labs' },
    });
    const rss = fixture('arxiv/laya-reader_arxiv_rss_cs.LG+cs.AI+cs.CL+stat.ML.xml').replace(
      'The Drift Contract',
      'The\u202E Drift Contract',
    );
    expect(parseListing(rss).papers[0]?.title).toBe('The Drift Contract: Spectral Updates for Depth-Robust Local Learning');
  });

  it('leave no empty lines behind in a text listing', () => {
    const text = fixture('listings/002_169a7864d0712ba8.txt').replace('\n\n', '\n\n\u200B\u202E\n\n');
    expect(parseHfText(text)).toEqual(parseHfText(fixture('listings/002_169a7864d0712ba8.txt')));
  });
});

describe('a text listing cut mid-abstract', () => {
  const full = fixture('listings/000_72b6e51614c0c197.txt');

  it('reports the cut last card instead of storing it as a complete paper', () => {
    const cut = full.slice(0, full.lastIndexOf('rigid rubrics'));
    const listing = parseListing(cut, { file: 'cut.txt' });
    expect(listing.papers).toHaveLength(54);
    expect(listing.papers.at(-1)?.title).not.toMatch(/^PAL/);
    const line = full.slice(0, full.lastIndexOf('PAL: Pluralistic')).split('\n').length;
    expect(listing.problems).toEqual([
      { line, message: 'truncated at end of file: the last card has no footer and its abstract stops mid-sentence' },
    ]);
  });

  it('still reads a last card that lost only its footer but ends its abstract', () => {
    const noFooter = full.slice(0, full.lastIndexOf('  • 4 authors'));
    const listing = parseListing(noFooter);
    expect(listing.problems).toEqual([]);
    expect(listing.papers).toHaveLength(55);
    expect(listing.papers.at(-1)).toMatchObject({ authorCount: null, publishedAt: null });
  });
});
