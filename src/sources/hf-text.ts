/** Hugging Face Daily Papers page saved as text: a header, then title / abstract / optional footer cards. */
import { formatDate, isValidDate, monthNumber, normalizeInput, normalizeText, optionDate } from './normalize.ts';
import { ParseError } from './types.ts';
import type { Listing, Organization, ParseOptions, ParsedPaper, ParseProblem } from './types.ts';

/** A non-blank line, whitespace folded. */
interface Entry {
  readonly line: number;
  readonly text: string;
}

interface CardDate {
  readonly month: number;
  readonly day: number;
  readonly year: number | null;
  readonly upvotes: number;
  readonly line: number;
}

interface Footer {
  readonly authorCount: number | null;
  readonly organization: Organization | null;
  readonly date: CardDate;
}

interface RawCard {
  readonly line: number;
  readonly title: string;
  readonly abstract: string;
  readonly footer: Footer | null;
}

interface Candidate {
  readonly line: number;
  readonly title: Entry | null;
  readonly abstract: Entry | null;
}

const HEADER_LINES = new Set([
  'new',
  'get trending papers in your email inbox!',
  'subscribe',
  'daily papers',
  'byak and the research community',
]);
const DATE_LINE = /^([A-Za-z]{3}) (\d{1,2})(?:, (\d{4}))?(?: (\d+))?$/;
const AUTHORS_LINE = /^•\s*(\d+)\s+authors?$/i;
const ORG_SLUG = /^[\w.-]+$/;
const DOT = '·';
/** Titles are short; a longer line in title position is taken for an abstract. */
const TITLE_MAX = 300;

export function parseHfText(text: string, options: ParseOptions = {}): Listing {
  const entries = readEntries(normalizeInput(text));
  if (entries.length === 0) throw new ParseError('file is empty');
  const header = readHeader(entries);
  const problems: ParseProblem[] = [];
  const cards = readCards(entries, header.next, problems, header.next > 0);
  const { listingDate, papers } = resolveDates(cards, header.date, options, problems);
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const first = problems[0];
  if (papers.length === 0 && first) {
    throw new ParseError(`no card could be read; the first problem is at line ${first.line}: ${first.message}`, null, first.line);
  }
  return { listingDate, source: 'hf-text', papers, problems };
}

function readEntries(text: string): Entry[] {
  const entries: Entry[] = [];
  let start = 0;
  for (let line = 1; start <= text.length; line++) {
    const end = text.indexOf('\n', start);
    const clean = normalizeText(text.slice(start, end < 0 ? text.length : end));
    if (clean) entries.push({ line, text: clean });
    if (end < 0) break;
    start = end + 1;
  }
  return entries;
}

/** Skips the page header when there is one; its last line is the listing date. */
function readHeader(entries: readonly Entry[]): { next: number; date: CardDate | null } {
  let i = 0;
  let sawTitle = false;
  for (const entry of entries) {
    const lower = entry.text.toLowerCase();
    if (i >= 10 || !HEADER_LINES.has(lower)) break;
    if (lower === 'daily papers') sawTitle = true;
    i++;
  }
  if (!sawTitle) return { next: 0, date: null };
  const entry = entries[i];
  const date = entry ? readDate(entry) : null;
  return date && date.upvotes === 0 ? { next: i + 1, date } : { next: i, date: null };
}

function readDate(entry: Entry): CardDate | null {
  const match = DATE_LINE.exec(entry.text);
  const month = match?.[1] ? monthNumber(match[1]) : null;
  if (!match || month === null) return null;
  return {
    month,
    day: Number(match[2]),
    year: match[3] ? Number(match[3]) : null,
    upvotes: match[4] ? Number(match[4]) : 0,
    line: entry.line,
  };
}

/** `fromPage`: the page header was there, so every card should end in a footer. */
function readCards(entries: readonly Entry[], start: number, problems: ParseProblem[], fromPage: boolean): RawCard[] {
  const cards: RawCard[] = [];
  let pending: Entry[] = [];
  let sawFooter = false;
  let i = start;
  while (i < entries.length) {
    const entry = entries[i] as Entry;
    if (entry.text === DOT) {
      problems.push({ line: entry.line, message: `stray "${DOT}" line with no author count or organisation before it` });
      i++;
    } else if (entry.text.startsWith('•') || entries[i + 1]?.text === DOT) {
      const footer = readFooter(entries, i);
      settle(pending, footer, cards, problems, false);
      sawFooter = true;
      pending = [];
      i = footer.next;
    } else {
      pending.push(entry);
      i++;
    }
  }
  settle(pending, null, cards, problems, fromPage || sawFooter);
  return cards;
}

type FooterRead = { next: number; line: number } & ({ footer: Footer; error?: undefined } | { error: string; footer?: undefined });

/** Reads `• N authors` or `<slug> <Org Name>`, then `·`, then `Mon D[, YYYY][ upvotes]`. */
function readFooter(entries: readonly Entry[], i: number): FooterRead {
  const first = entries[i] as Entry;
  const dot = entries[i + 1]?.text === DOT ? entries[i + 1] : undefined;
  const dateEntry = dot ? entries[i + 2] : undefined;
  const date = dateEntry ? readDate(dateEntry) : null;
  const next = i + 1 + (dot ? 1 : 0) + (date ? 1 : 0);
  const at = { next, line: first.line };
  const owner = readOwner(first);
  if (typeof owner === 'string') return { ...at, error: owner };
  if (!dot) return { ...at, error: missing(entries[i + 1], `"${DOT}" after line ${first.line}`) };
  if (!date) return { ...at, error: missing(dateEntry, `a date like "Jun 30" or "Dec 14, 2024" after line ${dot.line}`) };
  return { ...at, footer: { ...owner, date } };
}

function missing(found: Entry | undefined, expected: string): string {
  return found ? `expected ${expected}, found "${found.text.slice(0, 60)}"` : `truncated at end of file: expected ${expected}`;
}

/** The footer's first line, or why it cannot be read. */
function readOwner(entry: Entry): Pick<Footer, 'authorCount' | 'organization'> | string {
  if (entry.text.startsWith('•')) {
    const match = AUTHORS_LINE.exec(entry.text);
    if (!match) return `unreadable author count "${entry.text}" on line ${entry.line}`;
    return { authorCount: Number(match[1]), organization: null };
  }
  const space = entry.text.indexOf(' ');
  const slug = space < 0 ? entry.text : entry.text.slice(0, space);
  if (!ORG_SLUG.test(slug) || entry.text.length > TITLE_MAX) {
    return `line ${entry.line} is neither "• N authors" nor an organisation ("slug Name")`;
  }
  return { authorCount: null, organization: { slug, name: space < 0 ? slug : entry.text.slice(space + 1) } };
}

/** Turns the lines since the last footer into cards; the last one owns `footer`. `cutAtEnd`: see cardProblem. */
function settle(lines: readonly Entry[], footer: FooterRead | null, cards: RawCard[], problems: ParseProblem[], cutAtEnd: boolean): void {
  const candidates = pairUp(lines);
  if (candidates.length === 0 && footer) {
    problems.push({ line: footer.line, message: `footer with no title and abstract before it` });
    return;
  }
  candidates.forEach((candidate, index) => {
    const last = index === candidates.length - 1;
    const own = last ? footer : null;
    const { line, title, abstract } = candidate;
    const problem = cardProblem(candidate, own, last && footer === null, cutAtEnd);
    if (problem) problems.push({ line, message: problem });
    else if (title && abstract) cards.push({ line, title: title.text, abstract: abstract.text, footer: own?.footer ?? null });
  });
}

/**
 * Why a card cannot be stored, or null. A listing whose cards have footers that ends in a card without one
 * was cut (`mayBeCut`): when that abstract also stops mid-sentence, storing it would keep a cut abstract.
 */
function cardProblem(candidate: Candidate, footer: FooterRead | null, atEnd: boolean, mayBeCut: boolean): string | null {
  if (!candidate.title) return 'no title line before this abstract-like line';
  if (!candidate.abstract) return atEnd ? 'truncated at end of file: title without abstract' : 'title without abstract';
  if (atEnd && mayBeCut && !endsAbstract(candidate.abstract.text)) {
    return 'truncated at end of file: the last card has no footer and its abstract stops mid-sentence';
  }
  return footer?.error ?? null;
}

/** Abstracts end with a full stop, a closing bracket or quote, or a link. */
function endsAbstract(text: string): boolean {
  return /[.!?…)\]}"'”’$]$/.test(text) || /^(?:https?:\/\/|www\.)/.test(text.slice(text.lastIndexOf(' ') + 1));
}

/** Pairs title and abstract lines; an odd count means one card lost a line, found by line length. */
function pairUp(lines: readonly Entry[]): Candidate[] {
  const candidates: Candidate[] = [];
  let i = 0;
  while (i < lines.length) {
    const a = lines[i] as Entry;
    const b = lines[i + 1];
    const odd = (lines.length - i) % 2 === 1;
    if (a.text.length > TITLE_MAX) {
      candidates.push({ line: a.line, title: null, abstract: a });
      i += 1;
    } else if (!b || (odd && b.text.length <= TITLE_MAX)) {
      candidates.push({ line: a.line, title: a, abstract: null });
      i += 1;
    } else {
      candidates.push({ line: a.line, title: a, abstract: b });
      i += 2;
    }
  }
  return candidates;
}

interface Day {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/**
 * HF prints a year only on dates outside the current year, so the listing's year is one more than
 * the latest printed year; a year-less card date after the listing date belongs to the year before.
 */
function resolveDates(
  cards: readonly RawCard[],
  headerDate: CardDate | null,
  options: ParseOptions,
  problems: ParseProblem[],
): { listingDate: string | null; papers: ParsedPaper[] } {
  const listing = listingDay(cards, headerDate, options, problems);
  const papers: ParsedPaper[] = [];
  for (const card of cards) {
    const date = card.footer?.date ?? null;
    const publishedAt = date ? cardDay(date, listing) : null;
    if (date && !publishedAt) {
      problems.push({ line: card.line, message: `line ${date.line} is not a valid date` });
      continue;
    }
    papers.push({
      title: card.title,
      abstract: card.abstract,
      authorCount: card.footer?.authorCount ?? null,
      authors: [],
      organization: card.footer?.organization ?? null,
      publishedAt,
      upvotes: date?.upvotes ?? 0,
      arxivId: null,
      url: null,
    });
  }
  const listingDate = listing.known ? formatDate(listing.year, listing.month, listing.day) : null;
  return { listingDate, papers };
}

function listingDay(
  cards: readonly RawCard[],
  headerDate: CardDate | null,
  options: ParseOptions,
  problems: ParseProblem[],
): Day & { known: boolean } {
  const forced = optionDate(options);
  if (forced) {
    const [year, month, day] = forced.split('-').map(Number) as [number, number, number];
    return { year, month, day, known: true };
  }
  let latest: number | null = null;
  for (const card of cards) {
    const year = card.footer?.date.year ?? null;
    if (year !== null && (latest === null || year > latest)) latest = year;
  }
  const year = headerDate?.year ?? (latest !== null ? latest + 1 : (options.today ?? new Date()).getUTCFullYear());
  if (!headerDate) return { year, month: 12, day: 31, known: false };
  if (!isValidDate(year, headerDate.month, headerDate.day)) {
    problems.push({ line: headerDate.line, message: `listing date on line ${headerDate.line} is not a valid date in ${year}` });
    return { year, month: 12, day: 31, known: false };
  }
  return { year, month: headerDate.month, day: headerDate.day, known: true };
}

function cardDay(date: CardDate, listing: Day): string | null {
  const after = date.month > listing.month || (date.month === listing.month && date.day > listing.day);
  const year = date.year ?? (after ? listing.year - 1 : listing.year);
  return isValidDate(year, date.month, date.day) ? formatDate(year, date.month, date.day) : null;
}
