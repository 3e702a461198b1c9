/**
 * src/core/query.ts's SearchQuery as PostgreSQL tsquery text for to_tsquery('simple', …). Two vectors per
 * paper: `search` (title A, keywords B, authors and organization C, abstract D; GIN-indexed) finds the
 * matches, every term unweighted so that the index answers without reading rows back; `head` (title A,
 * keywords B, authors C, organization D; small, stored inline) checks title:, author: and org: by weight.
 * Every word is folded (fold.ts) and single-quoted: letters and digits only, so no user text is syntax.
 */
import type { FieldTerm, FtsColumn, SearchQuery, Term } from '../../core/query.ts';
import { foldedWords } from './fold.ts';

export interface PgQuery {
  /** Against papers.search. */
  readonly main: string;
  /** Against papers.head, when a field filter or a field exclusion asks; null otherwise. */
  readonly head: string | null;
}

/** A term as a lexeme, or a phrase of lexemes (`<->`); a prefix applies to its last word, as in FTS5. */
export function termQuery(term: Term, weight = ''): string | undefined {
  const words = foldedWords(term.text);
  if (words.length === 0) return undefined;
  const last = words.length - 1;
  const lexemes = words.map((w, i) => `'${w}'${term.prefix && i === last ? `:*${weight}` : weight ? `:${weight}` : ''}`);
  return lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(' <-> ')})`;
}

const HEAD_WEIGHT: Readonly<Record<FtsColumn, string>> = { title: 'A', authors: 'C', organization: 'D' };
/** Matches nothing: a clause whose words fold to nothing can match no paper. */
const NOTHING = "('a' & !'a')";

/** The tsquery texts for a parsed query (which always has a clause or a filter). */
export function toTsQuery(query: SearchQuery): PgQuery {
  const main = query.clauses.map((alternatives) => {
    const parts = alternatives.map((t) => termQuery(t)).filter((p): p is string => p !== undefined);
    return parts.length === 0 ? NOTHING : parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
  });
  const head: string[] = [];
  for (const filter of query.filters) {
    main.push(termQuery(filter.term) ?? NOTHING);
    const fielded = headTerm(filter);
    if (fielded) head.push(fielded);
  }
  for (const excluded of query.excluded) {
    const fielded = headTerm(excluded);
    const anywhere = excluded.column ? undefined : termQuery(excluded.term);
    if (fielded) head.push(`!${fielded}`);
    if (anywhere) main.push(`!${anywhere}`);
  }
  return { main: main.join(' & '), head: head.length > 0 ? head.join(' & ') : null };
}

function headTerm({ column, term }: FieldTerm): string | undefined {
  return column ? termQuery(term, HEAD_WEIGHT[column]) : undefined;
}
