/**
 * The search query language: plain words, "quoted phrases", -exclusions, OR, a trailing * for prefixes,
 * and the filters author:, org:, title:, since:YYYY-MM-DD, before:YYYY-MM-DD.
 * Every term ends up double-quoted in the FTS5 expression, so no user text can be read as FTS5 or SQL syntax.
 */
import { UserError } from '../errors.ts';
import { isDay } from './dates.ts';

export interface Term {
  readonly text: string;
  /** Match words starting with `text` ("diffu*"). */
  readonly prefix: boolean;
}

export type FtsColumn = 'title' | 'authors' | 'organization';

export interface FieldTerm {
  readonly column?: FtsColumn;
  readonly term: Term;
}

export interface SearchQuery {
  /** Every clause must match; a clause matches when any of its alternatives does (OR). */
  readonly clauses: readonly (readonly Term[])[];
  /** Leave out papers matching any of these (in one column when `column` is set). */
  readonly excluded: readonly FieldTerm[];
  readonly filters: readonly FieldTerm[];
  /** YYYY-MM-DD bounds on the publication date (the first-seen date when unknown). */
  readonly since?: string;
  readonly before?: string;
  /** Things the user should know, e.g. that terms beyond the cap were ignored. */
  readonly notes: readonly string[];
}

export const MAX_TERMS = 32;
const MAX_QUERY_CHARS = 2000;
const SYNTAX_HINT = 'Search for words, "quoted phrases", -excluded words, author:Name, org:Name, title:word, since:YYYY-MM-DD.';
const FIELDS: Readonly<Record<string, FtsColumn | 'since' | 'before'>> = {
  author: 'authors',
  authors: 'authors',
  by: 'authors',
  org: 'organization',
  organization: 'organization',
  title: 'title',
  since: 'since',
  after: 'since',
  before: 'before',
  until: 'before',
};
/** FTS5's unicode61 tokenizer indexes letters, numbers and private-use characters; everything else separates words. */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}]/u;
const TOKEN_PATTERN = /(-?)(?:([a-z]+):)?(?:["“”]([^"“”]*)["“”]?|([^\s"“”]+))/giu;

/** Shortens user text for echoing it back in a message. */
export const echo = (text: string, max = 60): string => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export function parseQuery(input: string): SearchQuery {
  const notes: string[] = [];
  // Control characters are never part of a search and would only confuse the FTS5 parser.
  let text = input.replace(/[\u0000-\u001f\u007f]/g, ' ');
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS);
    notes.push(`Only the first ${MAX_QUERY_CHARS} characters of the query were used.`);
  }
  const clauses: Term[][] = [];
  const excluded: FieldTerm[] = [];
  const filters: FieldTerm[] = [];
  let since: string | undefined;
  let before: string | undefined;
  let pendingOr = false;
  let count = 0;
  let dropped = 0;

  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const [, minus, rawField, quoted, bare] = match;
    const emptyFilter = quoted === undefined && !rawField ? /^([a-z]+):$/i.exec(bare ?? '')?.[1] : undefined;
    if (emptyFilter && FIELDS[emptyFilter.toLowerCase()]) throw emptyFilterError(emptyFilter);
    const field = rawField ? FIELDS[rawField.toLowerCase()] : undefined;
    const body = quoted ?? (rawField && !field ? `${rawField}:${bare ?? ''}` : (bare ?? ''));
    if (quoted === undefined && !minus && !rawField && (body === 'OR' || body === '|')) {
      pendingOr = clauses.length > 0;
      continue;
    }
    if (quoted === undefined && !minus && !rawField && (body === 'AND' || body === '&')) continue;
    if (field === 'since' || field === 'before') {
      const date = parseDate(body, rawField!);
      if (field === 'since') since = date;
      else before = date;
      continue;
    }
    const term = toTerm(body, quoted !== undefined);
    if (!term) continue;
    if (count >= MAX_TERMS) {
      dropped += 1;
      continue;
    }
    count += 1;
    if (minus) excluded.push(field ? { column: field, term } : { term });
    else if (field) filters.push({ column: field, term });
    else if (pendingOr) clauses[clauses.length - 1]!.push(term);
    else clauses.push([term]);
    pendingOr = false;
  }

  if (dropped > 0) notes.push(`Only the first ${MAX_TERMS} search terms were used (${dropped} more ignored).`);
  if (clauses.length === 0 && filters.length === 0) {
    const why =
      excluded.length > 0
        ? `“${echo(input)}” only says what to leave out; add at least one word to look for.`
        : since || before
          ? 'since: and before: only narrow a search; add at least one word to look for.'
          : `There is nothing to search for in “${echo(input)}”.`;
    throw new UserError('bad-query', why, SYNTAX_HINT);
  }
  if (since && before && since >= before) {
    throw new UserError('bad-query', `since:${since} is not before before:${before}, so nothing can match.`, SYNTAX_HINT);
  }
  return { clauses, excluded, filters, ...(since ? { since } : {}), ...(before ? { before } : {}), notes };
}

/** A term keeps its words as typed; one with nothing FTS5 would index (only "*", emoji, punctuation) is dropped. */
function toTerm(body: string, quoted: boolean): Term | undefined {
  const prefix = !quoted && /[\p{L}\p{N}]{2}\*+$/u.test(body);
  const text = (prefix ? body.replace(/\*+$/, '') : body).trim();
  return TOKEN_CHAR.test(text) ? { text, prefix } : undefined;
}

/** "author:" with nothing after the colon (often "author: lecun", with a space). */
function emptyFilterError(field: string): UserError {
  const kind = FIELDS[field.toLowerCase()];
  const example =
    kind === 'since' || kind === 'before'
      ? `${field}:2025-12-01`
      : kind === 'authors'
        ? `${field}:lecun or ${field}:"Yann LeCun"`
        : `${field}:nvidia`;
  return new UserError('bad-query', `“${field}:” needs what to look for right after the colon, with no space: ${example}.`, SYNTAX_HINT);
}

function parseDate(value: string, field: string): string {
  if (isDay(value)) return value;
  throw new UserError(
    'bad-query',
    `“${echo(value, 30)}” after ${field}: is not a date.`,
    `Write dates as YYYY-MM-DD, e.g. ${field}:2025-12-01.`,
  );
}

/** An FTS5 string: double quotes around, inner double quotes doubled. Nothing inside is syntax. */
const quote = (text: string): string => `"${text.replace(/"/g, '""')}"`;
const ftsTerm = (term: Term): string => (term.prefix ? `${quote(term.text)}*` : quote(term.text));
const ftsField = ({ column, term }: FieldTerm): string => (column ? `${column} : ${ftsTerm(term)}` : ftsTerm(term));

/** The FTS5 MATCH expression for a parsed query. */
export function toFtsExpression(query: SearchQuery): string {
  const positives = [
    ...query.clauses.map((alternatives) =>
      alternatives.length === 1 ? ftsTerm(alternatives[0]!) : `(${alternatives.map(ftsTerm).join(' OR ')})`,
    ),
    ...query.filters.map(ftsField),
  ];
  const expression = positives.join(' AND ');
  return query.excluded.length === 0 ? expression : `${expression} NOT (${query.excluded.map(ftsField).join(' OR ')})`;
}
