/**
 * A hash table from terms to values that looks terms up straight from a text, without cutting a string
 * per token: building the impact lists touches every token of every paper, and a Map lookup per token
 * (with its substring) costs several times the tokenizing. ASCII text is scanned here (letters and digits
 * form tokens, folded to lower case: what FTS5's unicode61 does with ASCII); other text goes through
 * tokenize() first.
 */
import { tokenize } from './tokenize.ts';

const ASCII = /^[\x00-\x7f]*$/;

const isTokenChar = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
const lower = (code: number): number => (code >= 65 && code <= 90 ? code + 32 : code);

export class TermTable<T> {
  private keys: (string | undefined)[] = new Array(1 << 16);
  private hashes = new Int32Array(1 << 16);
  private values: (T | undefined)[] = new Array(1 << 16);
  private count = 0;

  private readonly create: (term: string) => T;
  constructor(create: (term: string) => T) {
    this.create = create;
  }

  /** Calls `visit` with each token's value (created on first sight) in text order. */
  forEachToken(text: string, visit: (value: T) => void): void {
    if (!ASCII.test(text)) {
      for (const token of tokenize(text)) visit(this.get(token, 0, token.length, hashOf(token, 0, token.length)));
      return;
    }
    const n = text.length;
    let i = 0;
    while (i < n) {
      while (i < n && !isTokenChar(text.charCodeAt(i))) i++;
      if (i >= n) return;
      const start = i;
      let hash = 0x811c9dc5 | 0;
      while (i < n) {
        const code = text.charCodeAt(i);
        if (!isTokenChar(code)) break;
        hash = Math.imul(hash ^ lower(code), 16777619);
        i++;
      }
      visit(this.get(text, start, i, hash));
    }
  }

  entries(): Generator<[string, T]> {
    const { keys, values } = this;
    return (function* () {
      for (let slot = 0; slot < keys.length; slot++) if (keys[slot] !== undefined) yield [keys[slot]!, values[slot]!];
    })();
  }

  private get(text: string, start: number, end: number, hash: number): T {
    const mask = this.keys.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const key = this.keys[slot];
      if (key === undefined) {
        const term = text.slice(start, end).toLowerCase();
        const value = this.create(term);
        this.keys[slot] = Buffer.from(term, 'utf8').toString('utf8');
        this.hashes[slot] = hash;
        this.values[slot] = value;
        if (++this.count * 2 > this.keys.length) this.grow();
        return value;
      }
      if (this.hashes[slot] === hash && sameTerm(key, text, start, end)) return this.values[slot]!;
    }
  }

  private grow(): void {
    const { keys, hashes, values } = this;
    this.keys = new Array(keys.length * 2);
    this.hashes = new Int32Array(keys.length * 2);
    this.values = new Array(keys.length * 2);
    const mask = this.keys.length - 1;
    for (let from = 0; from < keys.length; from++) {
      if (keys[from] === undefined) continue;
      let slot = hashes[from]! & mask;
      while (this.keys[slot] !== undefined) slot = (slot + 1) & mask;
      this.keys[slot] = keys[from];
      this.hashes[slot] = hashes[from]!;
      this.values[slot] = values[from];
    }
  }
}

function hashOf(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ lower(text.charCodeAt(i)), 16777619);
  return hash;
}

/** `key` (already lower case) equals text[start, end) folded to lower case. */
function sameTerm(key: string, text: string, start: number, end: number): boolean {
  if (key.length !== end - start) return false;
  for (let i = 0; i < key.length; i++) if (key.charCodeAt(i) !== lower(text.charCodeAt(start + i))) return false;
  return true;
}
