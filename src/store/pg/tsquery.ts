/**
 * src/core/query.ts's SearchQuery as PostgreSQL tsquery text for to_tsquery('simple', …). The papers' main
 * vector weighs title A, keywords B, authors and organization C, abstract D; a second, small one (`names`)
 * holds authors as A and the organization as B, so that author: and org: can tell the two apart. Every word
 * is folded (fold.ts) and single-quoted: letters and digits only, so no user text is tsquery syntax.
 */
import type { FieldTerm, SearchQuery, Term } from '../../core/query.ts';
import { foldedWords } from './fold.ts';

export interface PgQuery {
  /** Against papers.search (GIN-indexed). */
  readonly main: string;
  /** Against papers.names, when an author: or org: filter or exclusion asks; null otherwise. */
  readonly names: string | null;
}

/** A term as a lexeme, or a phrase of lexemes (`<->`); a prefix applies to its last word, as in FTS5. */
export function termQuery(term: Term, weight = ''): string | undefined {
  const words = foldedWords(term.text);
  if (words.length === 0) return undefined;
  const last = words.length - 1;
  const lexemes = words.map((w, i) => `'${w}'${term.prefix && i === last ? `:*${weight}` : weight ? `:${weight}` : ''}`);
  return lexemes.length === 1 ? lexemes[0]! : `(${lexemes.join(' <-> ')})`;
}

const MAIN_WEIGHT = { title: 'A', authors: 'C', organization: 'C' } as const;
const NAMES_WEIGHT = { authors: 'A', organization: 'B' } as const;
/** Matches nothing: a clause whose words fold to nothing can match no paper. */
const NOTHING = "('a' & !'a')";

/** The tsquery texts for a parsed query (which always has a clause or a filter). */
export function toTsQuery(query: SearchQuery): PgQuery {
  const positives = query.clauses.map((alternatives) => {
    const parts = alternatives.map((t) => termQuery(t)).filter((p): p is string => p !== undefined);
    return parts.length === 0 ? NOTHING : parts.length === 1 ? parts[0]! : `(${parts.join(' | ')})`;
  });
  const names: string[] = [];
  for (const filter of query.filters) {
    positives.push(termQuery(filter.term, filter.column ? MAIN_WEIGHT[filter.column] : '') ?? NOTHING);
    const named = namesTerm(filter);
    if (named) names.push(named);
  }
  const negatives: string[] = [];
  for (const excluded of query.excluded) {
    const named = namesTerm(excluded);
    if (named) names.push(`!${named}`);
    else if (!excluded.column || excluded.column === 'title') {
      const t = termQuery(excluded.term, excluded.column ? MAIN_WEIGHT[excluded.column] : '');
      if (t) negatives.push(`!${t}`);
    }
  }
  return { main: [...positives, ...negatives].join(' & '), names: names.length > 0 ? names.join(' & ') : null };
}

function namesTerm({ column, term }: FieldTerm): string | undefined {
  return column === 'authors' || column === 'organization' ? termQuery(term, NAMES_WEIGHT[column]) : undefined;
}
