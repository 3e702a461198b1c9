/** Text normalisation shared by the listing parsers. */
import { ParseError, type ParseOptions } from './types.ts';

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Strips a leading BOM and turns CRLF / CR line ends into LF. Line numbers are unchanged. */
export function normalizeInput(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return noBom.includes('\r') ? noBom.replace(/\r\n?/g, '\n') : noBom;
}

/** Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; and numeric references; unknown entities are left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, body: string) => {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x' || body[1] === 'X';
      const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
      return isValidCodePoint(code) ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

function isValidCodePoint(code: number): boolean {
  return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
}

/**
 * Characters a reader cannot see that change or hide what is shown: bidi embeddings, overrides, isolates and
 * marks (a right-to-left override makes "gnp.exe" read "exe.png"), zero-width spaces, invisible operators,
 * soft hyphens, C0/C1 controls and Unicode tag characters (which can smuggle hidden text to an LLM).
 * Zero-width joiners stay: emoji sequences and several scripts need them.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/gu;

/** Removes the invisible controls above; keeps every other character. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/** Folds every whitespace run (hard wraps, tabs, NBSP) into one space, strips invisible controls and trims. */
export function normalizeText(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ').trim();
}

/** A key to recognise the same title from several sources: lowercase, no diacritics or punctuation. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface ArxivRef {
  /** Without version: 2606.13677 or hep-th/9901001. */
  readonly id: string;
  /** Like "v2"; null when the input names no version. */
  readonly version: string | null;
}

const NEW_STYLE = /(?<![\d.])(\d{4}\.\d{4,5})(v\d+)?(?!\d)/;
const OLD_STYLE = /(?<![A-Za-z.-])([a-z][a-z-]*(?:\.[A-Z]{2})?\/\d{7})(v\d+)?(?!\d)/;

/** Finds an arXiv id in an id, an abs/pdf URL, "arXiv:…" or an "oai:arXiv.org:…" guid. */
export function arxivIdFrom(value: string): ArxivRef | null {
  const text = value.trim();
  const match = NEW_STYLE.exec(text) ?? OLD_STYLE.exec(text);
  if (!match?.[1]) return null;
  return { id: match[1], version: match[2] ?? null };
}

/** The YYYY-MM-DD prefix of an ISO timestamp, or null. */
export function isoDatePart(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value.trim());
  return match?.[1] && isValidIsoDate(match[1]) ? match[1] : null;
}

export function isValidIsoDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  return isValidDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function isValidDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function formatDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const MONTHS: readonly string[] = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** 1-based month number for a three-letter English month name ("Jan", "jan"), or null. */
export function monthNumber(name: string): number | null {
  if (name.length !== 3) return null;
  const index = MONTHS.indexOf(name.toLowerCase());
  return index < 0 ? null : index + 1;
}

/** The validated `options.date`, or null when not given. */
export function optionDate(options: ParseOptions | undefined): string | null {
  const date = options?.date;
  if (date === undefined) return null;
  if (!isValidIsoDate(date)) throw new ParseError(`invalid date "${date}": expected YYYY-MM-DD`);
  return date;
}
