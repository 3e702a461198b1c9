/**
 * The FTS5 MATCH expressions src/core/query.ts writes (toFtsExpression), read back into the query they came
 * from, so that the search repository's callers (src/search/find.ts) pass PostgreSQL what they pass SQLite.
 * Only that form is read: quoted terms (a prefix starred), "column : term", OR inside parentheses, AND between
 * clauses and one trailing NOT (…). Anything else is refused rather than guessed at.
 */
import type { FieldTerm, FtsColumn, SearchQuery, Term } from '../../core/query.ts';

type Token = { kind: 'string'; text: string } | { kind: 'word'; text: string } | { kind: '(' | ')' | ':' | '*' };

const COLUMNS: readonly string[] = ['title', 'authors', 'organization'] satisfies FtsColumn[];

function tokens(expression: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expression.length) {
    const c = expression[i]!;
    if (c === ' ') i += 1;
    else if (c === '(' || c === ')' || c === ':' || c === '*') {
      out.push({ kind: c });
      i += 1;
    } else if (c === '"') {
      let text = '';
      for (i += 1; ; i += 1) {
        if (i >= expression.length) throw refused(expression);
        if (expression[i] === '"') {
          if (expression[i + 1] !== '"') break;
          i += 1;
        }
        text += expression[i];
      }
      out.push({ kind: 'string', text });
      i += 1;
    } else {
      const word = /^[A-Za-z]+/.exec(expression.slice(i))?.[0];
      if (!word) throw refused(expression);
      out.push({ kind: 'word', text: word });
      i += word.length;
    }
  }
  return out;
}

const refused = (expression: string) => new Error(`not a search expression this store reads: ${expression.slice(0, 200)}`);

/** The parsed query an FTS5 expression of toFtsExpression's was written from (its notes and dates aside). */
export function fromFtsExpression(expression: string): SearchQuery {
  const list = tokens(expression);
  let at = 0;
  const peek = () => list[at];
  const take = (kind: Token['kind'], text?: string): Token => {
    const token = list[at];
    if (!token || token.kind !== kind || (text !== undefined && (token as { text?: string }).text !== text)) throw refused(expression);
    at += 1;
    return token;
  };
  const term = (): Term => {
    const { text } = take('string') as { text: string };
    const prefix = peek()?.kind === '*';
    if (prefix) at += 1;
    return { text, prefix };
  };
  const fieldTerm = (): FieldTerm => {
    const next = peek();
    if (next?.kind !== 'word') return { term: term() };
    if (!COLUMNS.includes(next.text)) throw refused(expression);
    at += 1;
    take(':');
    return { column: next.text as FtsColumn, term: term() };
  };
  const clauses: Term[][] = [];
  const filters: FieldTerm[] = [];
  const excluded: FieldTerm[] = [];
  const alternatives = (into: (t: FieldTerm) => void, single: () => FieldTerm) => {
    take('(');
    into(single());
    while (peek()?.kind === 'word' && (peek() as { text: string }).text === 'OR') {
      at += 1;
      into(single());
    }
    take(')');
  };
  while (at < list.length) {
    const next = peek()!;
    if (next.kind === 'word' && next.text === 'NOT' && at > 0) {
      at += 1;
      alternatives((t) => excluded.push(t), fieldTerm);
      if (at < list.length) throw refused(expression);
      break;
    }
    if (clauses.length + filters.length > 0) take('word', 'AND');
    if (peek()?.kind === '(') {
      const clause: Term[] = [];
      alternatives(
        (t) => clause.push(t.term),
        () => ({ term: term() }),
      );
      clauses.push(clause);
    } else {
      const field = fieldTerm();
      if (field.column) filters.push(field);
      else clauses.push([field.term]);
    }
  }
  return { clauses, filters, excluded, notes: [] };
}
