/**
 * A parsed query as bm25 sees it: the phrases of its FTS5 expression in the order FTS5 numbers them
 * (the words to look for, then the field filters, then the exclusions), and how to count a phrase's
 * instances in a paper's columns the way FTS5 does.
 */
import type { SearchQuery, Term } from '../core/query.ts';
import { COLUMNS, WEIGHTS, type Column } from './bm25.ts';
import { tokenize } from './tokenize.ts';

export interface Phrase {
  /** This phrase alone as an FTS5 expression (quoted as src/core/query.ts quotes it). */
  readonly expression: string;
  readonly tokens: readonly string[];
  /** The last token matches any word it begins. */
  readonly prefix: boolean;
  /** Instances count only in this column. */
  readonly column?: Column;
  /** Excluded phrases never occur in a match, so they add nothing to a score. */
  readonly excluded: boolean;
  /** Every match contains this phrase (it is a whole clause or filter, not one of several alternatives). */
  readonly required: boolean;
  /** The clause (words to look for, then filters) this phrase is one alternative of; -1 when excluded. */
  readonly clause: number;
}

const phrase = (term: Term, options: { column?: Column | undefined; excluded: boolean; required: boolean; clause: number }): Phrase => ({
  expression: `${options.column ? `${options.column} : ` : ''}"${term.text.replace(/"/g, '""')}"${term.prefix ? '*' : ''}`,
  tokens: tokenize(term.text),
  prefix: term.prefix,
  ...(options.column ? { column: options.column } : {}),
  excluded: options.excluded,
  required: options.required,
  clause: options.clause,
});

export function phrasesOf(query: SearchQuery): Phrase[] {
  const clauses = query.clauses.length;
  return [
    ...query.clauses.flatMap((alternatives, clause) =>
      alternatives.map((term) => phrase(term, { excluded: false, required: alternatives.length === 1, clause })),
    ),
    ...query.filters.map(({ column, term }, i) => phrase(term, { column, excluded: false, required: true, clause: clauses + i })),
    ...query.excluded.map(({ column, term }) => phrase(term, { column, excluded: true, required: false, clause: -1 })),
  ];
}

/** Whether a paper with these instance counts (one per phrase) matches: every clause found, no exclusion. */
export function matchesAll(phrases: readonly Phrase[], counts: readonly number[]): boolean {
  const found = new Set<number>();
  for (let i = 0; i < phrases.length; i++) {
    if (phrases[i]!.excluded) {
      if (counts[i]! > 0) return false;
    } else if (counts[i]! > 0) found.add(phrases[i]!.clause);
  }
  return phrases.every((p) => p.excluded || found.has(p.clause));
}

/** A paper's columns as FTS5 tokens, and its length in tokens. */
export interface TokenizedPaper {
  readonly columns: readonly (readonly string[])[];
  readonly length: number;
}

export function tokenizePaper(columns: readonly string[]): TokenizedPaper {
  const tokenized = columns.map(tokenize);
  return { columns: tokenized, length: tokenized.reduce((n, c) => n + c.length, 0) };
}

/** The column-weighted count of the phrase's instances in the paper (FTS5 counts overlapping instances). */
export function weightedCount(p: Phrase, paper: TokenizedPaper): number {
  const n = p.tokens.length;
  let total = 0;
  for (let c = 0; c < COLUMNS.length; c++) {
    if (p.column && COLUMNS[c] !== p.column) continue;
    const tokens = paper.columns[c]!;
    let count = 0;
    for (let start = 0; start + n <= tokens.length; start++) {
      let k = 0;
      while (k < n - 1 && tokens[start + k] === p.tokens[k]) k++;
      if (k === n - 1 && (p.prefix ? tokens[start + k]!.startsWith(p.tokens[k]!) : tokens[start + k] === p.tokens[k])) count++;
    }
    total += count * WEIGHTS[c]!;
  }
  return total;
}
