/** Author names as arXiv's daily feed writes them: one comma-joined string, accents often in TeX. */
import { normalizeText } from './normalize.ts';

const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/** dc:creator is one comma-joined string: "A, B, and C" or "A and B". TeX accents become letters. */
export function splitAuthors(creator: string): string[] {
  const names: string[] = [];
  for (const part of splitOutsideParens(texToUnicode(normalizeText(creator)))) {
    for (const piece of part.includes('(') ? [part] : part.split(/(?:^|\s+)and\s+/)) {
      const name = piece.trim();
      if (!name) continue;
      if (NAME_SUFFIX.test(name) && names.length > 0) names[names.length - 1] += ` ${name}`;
      else names.push(name);
    }
  }
  return names;
}

function splitOutsideParens(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** TeX accent commands and the combining marks they put on a letter. */
const MARKS: Readonly<Record<string, string>> = {
  "'": '\u0301',
  '`': '\u0300',
  '^': '\u0302',
  '"': '\u0308',
  '~': '\u0303',
  '=': '\u0304',
  '.': '\u0307',
  u: '\u0306',
  v: '\u030c',
  H: '\u030b',
  c: '\u0327',
  r: '\u030a',
  k: '\u0328',
  d: '\u0323',
};
const LETTERS: Readonly<Record<string, string>> = {
  ss: 'ß',
  aa: 'å',
  AA: 'Å',
  ae: 'æ',
  AE: 'Æ',
  oe: 'œ',
  OE: 'Œ',
  o: 'ø',
  O: 'Ø',
  l: 'ł',
  L: 'Ł',
};
/** \'e \'{e} \"{\i} (symbol accents) and \v{z} \c c (letter accents need a brace or a space). */
const ACCENT =
  /\\([`'^"~=.])\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij]|[A-Za-z]))|\\([uvHcrkd])(?:\s*\{\s*(\\[ij]|[A-Za-z])\s*\}|\s+([A-Za-z]))/g;
const LETTER = /\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L)(?![A-Za-z])/g;
const BRACED = /\{(\p{L}\p{M}*)\}/gu;

/** "Andr\'e", "Pi\v{z}urica", "Kra{\ss}" → "André", "Pižurica", "Kraß". Other TeX is left as written. */
export function texToUnicode(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(ACCENT, (whole, symbol?: string, braced?: string, bare?: string, command?: string, braced2?: string, spaced?: string) => {
      const base = braced ?? bare ?? braced2 ?? spaced ?? '';
      const letter = base === '\\i' ? 'i' : base === '\\j' ? 'j' : base;
      const mark = MARKS[symbol ?? command ?? ''];
      return mark ? `${letter}${mark}`.normalize('NFC') : whole;
    })
    .replace(LETTER, (whole, name: string) => LETTERS[name] ?? whole)
    .replace(BRACED, '$1');
}
