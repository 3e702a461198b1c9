/**
 * Where JSON that JSON.parse refused goes wrong, as a line and column. V8's messages give a position only
 * for some errors (none for "Unexpected token" or a cut file) and quote the input; this scanner finds the
 * first error itself, in one pass with an explicit stack, so any nesting depth or length is safe.
 */

export interface JsonSyntaxError {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

type State = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'after';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** The first syntax error in `text`, or null when it is valid JSON. */
export function findJsonError(text: string): JsonSyntaxError | null {
  const stack: string[] = [];
  let state: State = 'value';
  let i = 0;
  const fail = (at: number, message: string): JsonSyntaxError => ({ ...lineAndColumn(text, at), message });
  while (true) {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
    if (i >= text.length) return state === 'after' && stack.length === 0 ? null : fail(i, 'the file ends in the middle of the JSON');
    const ch = text[i] as string;
    if (state === 'colon') {
      if (ch !== ':') return fail(i, `expected ":" after a property name, found ${shown(ch)}`);
      state = 'value';
      i++;
    } else if (state === 'key' || state === 'keyOrClose') {
      if (state === 'keyOrClose' && ch === '}') {
        stack.pop();
        state = 'after';
        i++;
      } else if (ch === '"') {
        const end = stringEnd(text, i);
        if (typeof end !== 'number') return fail(end.at, end.message);
        state = 'colon';
        i = end;
      } else return fail(i, `expected a property name in double quotes, found ${shown(ch)}`);
    } else if (state === 'after') {
      const open = stack.at(-1);
      const close = open === '[' ? ']' : '}';
      if (open === undefined) return fail(i, `unexpected ${shown(ch)} after the end of the JSON`);
      if (ch === ',') state = open === '[' ? 'value' : 'key';
      else if (ch === close) stack.pop();
      else return fail(i, `expected "," or "${close}", found ${shown(ch)}`);
      i++;
    } else {
      const read = readValue(text, i, state === 'valueOrClose');
      if (typeof read !== 'number' && 'message' in read) return fail(read.at, read.message);
      if (typeof read === 'number') {
        state = 'after';
        i = read;
      } else {
        if (read.pop) stack.pop();
        else stack.push(ch);
        state = read.pop ? 'after' : ch === '[' ? 'valueOrClose' : 'keyOrClose';
        i++;
      }
    }
  }
}

type ValueRead = number | { pop: boolean } | { at: number; message: string };

/** A scalar's end, an opened container, the close of an empty array, or why there is no value at `i`. */
function readValue(text: string, i: number, mayClose: boolean): ValueRead {
  const ch = text[i] as string;
  if (mayClose && ch === ']') return { pop: true };
  if (ch === '[' || ch === '{') return { pop: false };
  if (ch === '"') return stringEnd(text, i);
  for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) return i + word.length;
  NUMBER.lastIndex = i;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return { at: i, message: `expected a value, found ${shown(ch)}` };
}

/** The position after the string starting at `start`, or where and why it is broken. */
function stringEnd(text: string, start: number): number | { at: number; message: string } {
  for (let i = start + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) return i + 1;
    if (code < 32) return { at: i, message: 'a control character (such as a line break) inside a string' };
    if (code === 92) {
      const next = text[i + 1] ?? '';
      if (next === 'u' && HEX4.test(text.slice(i + 2, i + 6))) i += 5;
      else if (ESCAPES.has(next)) i += 1;
      else return { at: i, message: `invalid escape "\\${next}" in a string` };
    }
  }
  return { at: start, message: 'a string that is never closed starts here' };
}

function shown(ch: string): string {
  return /^[\x21-\x7e]$/.test(ch) ? `"${ch}"` : `character U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

function lineAndColumn(text: string, at: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: at - lineStart + 1 };
}
