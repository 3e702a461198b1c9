import { describe, expect, it } from 'vitest';
import { arxivIdFrom, decodeEntities, normalizeInput, normalizeText, titleKey } from '../../src/sources/normalize.ts';
import { childElements, childText, parseXml, textOf } from '../../src/sources/xml.ts';

describe('normalizeInput', () => {
  it('strips a BOM and turns CRLF and CR into LF without changing the line count', () => {
    expect(normalizeInput('\uFEFFa\r\nb\rc\n')).toBe('a\nb\nc\n');
    expect(normalizeInput('plain')).toBe('plain');
  });
});

describe('decodeEntities', () => {
  it('decodes named and numeric entities and leaves unknown ones', () => {
    expect(decodeEntities('&lt;1 minute &amp; &quot;x&quot; &apos;y&apos; a&nbsp;b &gt;')).toBe('<1 minute & "x" \'y\' a\u00a0b >');
    expect(decodeEntities('&#233;&#xE9;&#X1F600; &bogus; &#0; AT&T')).toBe('éé😀 &bogus; &#0; AT&T');
  });

  it('decodes only once', () => {
    expect(decodeEntities('&amp;lt;')).toBe('&lt;');
  });
});

describe('normalizeText', () => {
  it('folds hard wraps and whitespace runs and keeps Unicode', () => {
    expect(normalizeText('Breaking the Memory Barrier: Near Infinite Batch Size Scaling for\n  Contrastive Loss')).toBe(
      'Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss',
    );
    expect(normalizeText('  μ-law\t\tand  Zoë\u00a0Müller \n')).toBe('μ-law and Zoë Müller');
  });
});

describe('titleKey', () => {
  it('gives the same key to the same title written differently', () => {
    const key = titleKey('Naïve Bayes: A “Re-Visit”!');
    expect(key).toBe('naive bayes a re visit');
    expect(titleKey('NAIVE  bayes — a re-visit')).toBe(key);
    expect(titleKey('Breaking the Memory Barrier: Near Infinite Batch Size Scaling for\n  Contrastive Loss')).toBe(
      titleKey('Breaking the Memory Barrier: Near Infinite Batch Size Scaling for Contrastive Loss'),
    );
  });

  it('keeps non-Latin letters', () => {
    expect(titleKey('深度学习: Модель!')).toBe('深度学习 модель');
  });
});

describe('arxivIdFrom', () => {
  it.each([
    ['2606.13677v1', '2606.13677', 'v1'],
    ['2606.13677', '2606.13677', null],
    ['0704.0001', '0704.0001', null],
    ['http://arxiv.org/abs/2606.13677v12', '2606.13677', 'v12'],
    ['https://arxiv.org/pdf/2606.13677v2.pdf', '2606.13677', 'v2'],
    ['https://arxiv.org/abs/2205.06398', '2205.06398', null],
    ['oai:arXiv.org:2609.26811v1', '2609.26811', 'v1'],
    ['arXiv:2009.13987v3', '2009.13987', 'v3'],
    ['hep-th/9901001v2', 'hep-th/9901001', 'v2'],
    ['cs/0112017', 'cs/0112017', null],
    ['http://arxiv.org/abs/math.GT/0309136v1', 'math.GT/0309136', 'v1'],
    ['oai:arXiv.org:cond-mat/0102536', 'cond-mat/0102536', null],
  ])('reads %s', (input, id, version) => {
    expect(arxivIdFrom(input)).toEqual({ id, version });
  });

  it('returns null when there is no id', () => {
    expect(arxivIdFrom('https://example.org/paper')).toBeNull();
    expect(arxivIdFrom('')).toBeNull();
    expect(arxivIdFrom('12345.6789')).toBeNull();
  });
});

describe('parseXml', () => {
  it('reads namespaced names, attributes, CDATA, comments and entities', () => {
    const root = parseXml(`<?xml version="1.0"?>
<!DOCTYPE feed>
<feed a='1 &amp; 2'>
  <!-- a <comment> -->
  <arxiv:primary_category term="cs.LG"/>
  <dc:creator>A &amp; B</dc:creator>
  <d><![CDATA[<raw> & ]]>text&#33;</d>
</feed>`);
    expect(root.name).toBe('feed');
    expect(root.attrs).toEqual({ a: '1 & 2' });
    expect(childElements(root, 'arxiv:primary_category')[0]?.attrs.term).toBe('cs.LG');
    expect(childElements(root, 'arxiv:primary_category')[0]?.line).toBe(5);
    expect(childText(root, 'dc:creator')).toBe('A & B');
    expect(textOf(childElements(root, 'd')[0])).toBe('<raw> & text!');
    expect(childText(root, 'missing')).toBeNull();
  });

  it('reports mismatched and unclosed elements with a line', () => {
    expect(() => parseXml('<a>\n<b></a>')).toThrow(/line 1\)|expected <\/b>/);
    expect(() => parseXml('<a>\n<b>\n')).toThrow(/<a> is not closed|<b> is not closed/);
    expect(() => parseXml('just text')).toThrow(/text outside the root element/);
    expect(() => parseXml('')).toThrow(/no XML element found/);
  });
});
