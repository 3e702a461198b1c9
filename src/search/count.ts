/**
 * Counting a query's phrases in a paper's text, fast: only the query's words are cut out of the text
 * (other tokens are skipped by length and first letter), with their positions so that phrases can be
 * matched. Non-ASCII text goes through the full tokenizer. The counts equal weightedCount()'s.
 */
import { COLUMNS, WEIGHTS } from './bm25.ts';
import type { Phrase } from './phrases.ts';
import { tokenize } from './tokenize.ts';

const ASCII = /^[\x00-\x7f]*$/;
const isTokenChar = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const lower = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

interface Hit {
  readonly position: number;
  readonly token: string;
}

export interface PhraseCounter {
  /**
   * Each phrase's column-weighted count, and the paper's length in tokens. With `knownLength` (the search
   * index's, when current) the tokens need not be counted: ASCII text is then searched with one regular
   * expression per phrase, several times faster than cutting it into tokens.
   */
  count(columns: readonly string[], knownLength?: number): { counts: number[]; length: number };
}

const TOKEN_CHAR = '[0-9A-Za-z]';
const escape = (token: string) => token.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/**
 * The phrase's first word, then the rest in a lookahead: matching starts at each instance, so overlapping
 * instances ("a a" in "a a a") all count, and the leading literal lets the engine skip ahead. The character
 * before an instance is checked by countInstances (a lookbehind first would be tried at every position).
 */
function instancePattern(phrase: Phrase): RegExp {
  if (phrase.tokens.length === 0) return /(?!)/g;
  const words = phrase.tokens.map((token, i) => escape(token) + (phrase.prefix && i === phrase.tokens.length - 1 ? `${TOKEN_CHAR}*` : ''));
  const [first, ...rest] = words;
  return new RegExp(`${first}(?=${rest.map((word) => `[^0-9A-Za-z]+${word}`).join('')}(?!${TOKEN_CHAR}))`, 'gi');
}

function countInstances(pattern: RegExp, text: string): number {
  let n = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index === 0 || !isTokenChar(text.charCodeAt(m.index - 1))) n++;
    pattern.lastIndex = m.index + 1;
  }
  return n;
}

export function phraseCounter(phrases: readonly Phrase[]): PhraseCounter {
  const words = new Set(phrases.flatMap((p) => p.tokens));
  const prefixes = phrases.filter((p) => p.prefix).map((p) => p.tokens.at(-1)!);
  const shortestPrefix = Math.min(Infinity, ...prefixes.map((p) => p.length));
  const lengths = new Set([...words].map((w) => w.length));
  const firsts = new Set([...words].map((w) => w.charCodeAt(0)));
  const wanted = (token: string) => words.has(token) || prefixes.some((p) => token.startsWith(p));

  const scan = (text: string): { hits: Hit[]; tokens: number } => {
    if (!ASCII.test(text)) {
      const tokens = tokenize(text);
      return { hits: tokens.flatMap((token, position) => (wanted(token) ? [{ position, token }] : [])), tokens: tokens.length };
    }
    const hits: Hit[] = [];
    let position = 0;
    for (let i = 0; i < text.length;) {
      while (i < text.length && !isTokenChar(text.charCodeAt(i))) i++;
      if (i >= text.length) break;
      const start = i;
      while (i < text.length && isTokenChar(text.charCodeAt(i))) i++;
      const size = i - start;
      if ((lengths.has(size) && firsts.has(lower(text.charCodeAt(start)))) || size >= shortestPrefix) {
        const token = text.slice(start, i).toLowerCase();
        if (wanted(token)) hits.push({ position, token });
      }
      position++;
    }
    return { hits, tokens: position };
  };

  const patterns = phrases.map(instancePattern);
  const searchable = (columns: readonly string[]) => columns.every((text) => ASCII.test(text));

  return {
    count(columns, knownLength) {
      if (knownLength !== undefined && knownLength > 0 && searchable(columns)) {
        const counts = phrases.map((p, i) => {
          let count = 0;
          columns.forEach((text, c) => {
            if (!p.column || COLUMNS[c] === p.column) count += WEIGHTS[c]! * countInstances(patterns[i]!, text);
          });
          return count;
        });
        return { counts, length: knownLength };
      }
      const counts = phrases.map(() => 0);
      let length = 0;
      columns.forEach((text, c) => {
        const { hits, tokens } = scan(text);
        length += tokens;
        if (hits.length === 0) return;
        const at = new Map(hits.map((h) => [h.position, h.token]));
        phrases.forEach((p, i) => {
          if (p.column && COLUMNS[c] !== p.column) return;
          const n = p.tokens.length;
          for (const { position } of hits) {
            let k = 0;
            for (; k < n; k++) {
              const token = at.get(position + k);
              const last = k === n - 1;
              if (token === undefined || !(token === p.tokens[k] || (last && p.prefix && token.startsWith(p.tokens[k]!)))) break;
            }
            if (k === n) counts[i]! += WEIGHTS[c]!;
          }
        });
      });
      return { counts, length };
    },
  };
}
