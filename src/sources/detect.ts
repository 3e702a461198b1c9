/** Recognises a listing's format from its content and dispatches to the right parser. */
import { parseArxivAtom } from './arxiv-atom.ts';
import { looksLikeArxivMetadata, parseArxivMetadata } from './arxiv-metadata.ts';
import { parseArxivRss } from './arxiv-rss.ts';
import { describeJson, HF_JSON_EXPECTED, jsonSyntaxError, parseHfJson } from './hf-json.ts';
import { parseHfText } from './hf-text.ts';
import { normalizeInput } from './normalize.ts';
import { ParseError, SOURCE_KINDS } from './types.ts';
import type { Listing, ParseOptions, SourceKind } from './types.ts';

type Sniffed = { kind: SourceKind } | { kind: null; reason: string; line?: number | null };

const PARSERS: Readonly<Record<SourceKind, (text: string, options?: ParseOptions) => Listing>> = {
  'hf-text': parseHfText,
  'hf-json': parseHfJson,
  'arxiv-atom': parseArxivAtom,
  'arxiv-rss': parseArxivRss,
  'arxiv-metadata': parseArxivMetadata,
};

const FORMATS = SOURCE_KINDS.join(', ');
const HEAD = 4096;
const DAILY_ATOM = /<id>\s*(?:https?:\/\/(?:rss|export)\.arxiv\.org\/atom\/|oai:arXiv\.org:)|<arxiv:announce_type>/;
const CARD_DATE = /^[A-Z][a-z]{2} \d{1,2}(?:, \d{4})?(?: \d+)?$/;

export function detectFormat(text: string): SourceKind | null {
  return sniff(normalizeInput(text)).kind;
}

export function parseListing(text: string, options: ParseOptions & { format?: SourceKind; file?: string } = {}): Listing {
  const { format, file, ...parseOptions } = options;
  try {
    const clean = normalizeInput(text);
    const blocker = emptyOrBinary(clean);
    if (blocker) throw new ParseError(blocker);
    if (format !== undefined && !(SOURCE_KINDS as readonly string[]).includes(format)) {
      throw new ParseError(`unknown format "${String(format)}"; --format accepts ${FORMATS}`);
    }
    const sniffed = format ? { kind: format } : sniff(clean);
    if (!sniffed.kind) throw new ParseError(sniffed.reason, null, sniffed.line ?? null);
    return PARSERS[sniffed.kind](clean, parseOptions);
  } catch (error) {
    if (error instanceof ParseError && file && !error.file) throw new ParseError(error.reason, file, error.line);
    throw error;
  }
}

function sniff(text: string): Sniffed {
  const blocker = emptyOrBinary(text);
  if (blocker) return { kind: null, reason: blocker };
  const start = text.trimStart();
  if (start.startsWith('<')) return sniffMarkup(start.slice(0, HEAD));
  if (looksLikeArxivMetadata(start.slice(0, 65536))) return { kind: 'arxiv-metadata' };
  if (start.startsWith('[') || start.startsWith('{')) return sniffJson(start);
  return sniffText(text);
}

function emptyOrBinary(text: string): string | null {
  if (text.length === 0) return 'file is empty';
  if (text.trim() === '') return 'file is empty (only whitespace)';
  const head = text.slice(0, HEAD);
  let odd = 0;
  for (let i = 0; i < head.length; i++) {
    const code = head.charCodeAt(i);
    if (code === 0) return 'looks like a binary file (it contains NUL bytes), not a text listing';
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || code === 0xfffd || code === 0x7f) odd++;
  }
  return odd > head.length * 0.1 ? 'looks like a binary file (mostly non-printable bytes), not a text listing' : null;
}

function sniffMarkup(head: string): Sniffed {
  if (/<!DOCTYPE\s+html|<html[\s>]/i.test(head)) {
    return { kind: null, reason: 'looks like an HTML page (perhaps an error page), not a listing' };
  }
  if (/<feed[\s>]/.test(head) && head.includes('http://www.w3.org/2005/Atom')) {
    // rss.arxiv.org/atom is the daily feed in Atom form: the same listing as arXiv RSS, not an API answer.
    return { kind: DAILY_ATOM.test(head) ? 'arxiv-rss' : 'arxiv-atom' };
  }
  if (/<rss[\s>]/.test(head)) return { kind: 'arxiv-rss' };
  return {
    kind: null,
    reason: `XML, but neither an arXiv Atom feed (<feed>) nor arXiv RSS (<rss>); --format accepts ${FORMATS}`,
  };
}

function sniffJson(text: string): Sniffed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    // Broken JSON that still looks like daily_papers goes to the parser, which reports where it breaks.
    if (/"paper"\s*:/.test(text.slice(0, 65536))) return { kind: 'hf-json' };
    const error = jsonSyntaxError(text);
    return { kind: null, reason: error.reason, line: error.line };
  }
  const isHf = Array.isArray(data) && (data.length === 0 || data.some((item) => isPaperItem(item)));
  return isHf
    ? { kind: 'hf-json' }
    : { kind: null, reason: `JSON, but not HF daily papers: ${HF_JSON_EXPECTED}, got ${describeJson(data)}` };
}

function isPaperItem(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const paper = (item as { paper?: unknown }).paper;
  return typeof paper === 'object' && paper !== null && !Array.isArray(paper);
}

/** hf-text: the "Daily Papers" header, or a card footer (`• N authors` or an org, `·`, a date). */
function sniffText(text: string): Sniffed {
  const lines = firstLines(text, 2000);
  if (lines.slice(0, 20).includes('Daily Papers')) return { kind: 'hf-text' };
  for (let i = 1; i + 1 < lines.length; i++) {
    if (lines[i] === '·' && CARD_DATE.test(lines[i + 1] ?? '') && (lines[i - 1] ?? '') !== '') return { kind: 'hf-text' };
  }
  return {
    kind: null,
    reason: `unknown format: not an HF Daily Papers text page, HF JSON, arXiv Atom, arXiv RSS or arXiv metadata (JSON lines); --format accepts ${FORMATS}`,
  };
}

/** Up to `max` non-blank lines, trimmed, without splitting the whole text. */
function firstLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < max && start < text.length) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end < 0 ? text.length : end).trim();
    if (line) lines.push(line);
    if (end < 0) break;
    start = end + 1;
  }
  return lines;
}
