import { UserError } from '../errors.ts';
import type { OptionSpec, OptionsSpec } from './define.ts';

interface Token {
  /** As typed, quotes included: search queries need their quotes. */
  raw: string;
  /** Unquoted. */
  value: string;
}

/** Splits on whitespace, keeping "quoted phrases" (straight or curly quotes) together. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(\S*?)(["“”])(.*?)(["“”]|$)(\S*)|\S+/gsu;
  for (const match of text.matchAll(pattern)) {
    const raw = match[0];
    const value = match[2] ? `${match[1] ?? ''}${match[3] ?? ''}${match[5] ?? ''}` : raw;
    tokens.push({ raw, value });
  }
  return tokens;
}

const NAMED = /^(?:--([a-z][\w-]*)(?:=(.*))?|([a-z][\w-]*):(.+))$/is;

/**
 * The one text grammar for Slack text, thread mentions and the terminal:
 * positionals in declared order, `name:value` / `--name value` / `--name=value`, bare boolean names,
 * a `rest` string that takes what is left (raw, quotes kept).
 */
export function parseArgs(spec: OptionsSpec, text: string, usage: string): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const positionals: Token[] = [];
  const tokens = tokenize(text);
  for (let i = 0; i < tokens.length; i += 1) {
    const token = tokens[i]!;
    const named = NAMED.exec(token.raw);
    const name = named ? (named[1] ?? named[3])!.toLowerCase() : undefined;
    const option = name !== undefined ? spec[name] : undefined;
    if (named && option && !(option.type === 'string' && option.rest && named[3])) {
      let value = named[2] ?? named[4];
      if (value === undefined && option.type !== 'boolean') value = tokens[++i]?.value;
      values[name!] = value === undefined ? true : unquote(value);
      continue;
    }
    const bare = spec[token.value.toLowerCase()];
    if (bare?.type === 'boolean' && token.raw === token.value) {
      values[token.value.toLowerCase()] = true;
      continue;
    }
    positionals.push(token);
  }
  assignPositionals(spec, values, positionals, usage);
  return validateArgs(spec, values, usage);
}

function assignPositionals(spec: OptionsSpec, values: Record<string, unknown>, queue: Token[], usage: string): void {
  const entries = Object.entries(spec).filter(([name]) => !(name in values));
  for (let index = 0; index < entries.length && queue.length > 0; index += 1) {
    const [name, option] = entries[index]!;
    if (option.type === 'boolean') continue;
    const head = queue[0]!;
    if (option.type === 'choice') {
      if (option.choices.some((c) => c.toLowerCase() === head.value.toLowerCase())) values[name] = queue.shift()!.value;
      continue;
    }
    if (option.type === 'integer') {
      if (/^-?\d+$/.test(head.value)) values[name] = queue.shift()!.value;
      continue;
    }
    if (option.rest) {
      const trailingInteger = entries.slice(index + 1).find(([, o]) => o.type === 'integer');
      const last = queue[queue.length - 1]!;
      if (trailingInteger && queue.length > 1 && /^\d+$/.test(last.raw)) values[trailingInteger[0]] = queue.pop()!.value;
      values[name] = queue
        .splice(0)
        .map((t) => t.raw)
        .join(' ');
      continue;
    }
    values[name] = queue.shift()!.value;
  }
  if (queue.length > 0) {
    throw new UserError('bad-args', `I did not understand “${queue.map((t) => t.raw).join(' ')}”.`, `Usage: ${usage}`);
  }
}

/** Checks and coerces values (typed Discord options or parsed text) against the spec; applies defaults. */
export function validateArgs(spec: OptionsSpec, input: Record<string, unknown>, usage: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, option] of Object.entries(spec)) {
    const value = input[name];
    if (value === undefined || value === null || value === '') {
      if ('required' in option && option.required) {
        throw new UserError('bad-args', `Missing <${name}>: ${option.description}.`, `Usage: ${usage}`);
      }
      out[name] = 'default' in option ? option.default : option.type === 'boolean' ? false : undefined;
      continue;
    }
    out[name] = coerce(name, option, value, usage);
  }
  for (const name of Object.keys(input)) {
    if (!(name in spec)) throw new UserError('bad-args', `Unknown option “${name}”.`, `Usage: ${usage}`);
  }
  return out;
}

function coerce(name: string, option: OptionSpec, value: unknown, usage: string): unknown {
  const text = String(value).trim();
  switch (option.type) {
    case 'integer': {
      const n = typeof value === 'number' ? value : /^-?\d+$/.test(text) ? Number(text) : NaN;
      const min = option.min ?? -Infinity;
      const max = option.max ?? Infinity;
      if (!Number.isInteger(n)) throw new UserError('bad-args', `<${name}> must be a whole number, not “${text}”.`, `Usage: ${usage}`);
      if (n < min || n > max) {
        throw new UserError(
          'bad-args',
          `<${name}> must be between ${option.min ?? '…'} and ${option.max ?? '…'}; got ${n}.`,
          `Usage: ${usage}`,
        );
      }
      return n;
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (/^(true|yes|on|1)$/i.test(text)) return true;
      if (/^(false|no|off|0)$/i.test(text)) return false;
      throw new UserError('bad-args', `<${name}> must be true or false, not “${text}”.`, `Usage: ${usage}`);
    case 'choice': {
      const match = option.choices.find((c) => c.toLowerCase() === text.toLowerCase());
      if (!match)
        throw new UserError('bad-args', `<${name}> must be one of ${option.choices.join(', ')}; got “${text}”.`, `Usage: ${usage}`);
      return match;
    }
    case 'string':
      if (option.maxLength !== undefined && text.length > option.maxLength) {
        throw new UserError('bad-args', `<${name}> is too long (${text.length} characters; at most ${option.maxLength}).`);
      }
      return text;
  }
}

const unquote = (value: string): string => value.replace(/^["“”](.*)["“”]$/su, '$1');
