/** Expected failures a user can act on. The message is safe to show on any platform. */
export type UserErrorCode =
  | 'bad-query'
  | 'bad-args'
  | 'unknown-command'
  | 'unknown-paper'
  | 'ambiguous-ref'
  | 'not-subscribed'
  | 'llm-unavailable'
  | 'llm-rejected'
  | 'bad-input'
  | 'store-busy'
  | 'store-unwritable';

export class UserError extends Error {
  readonly code: UserErrorCode;
  readonly hint?: string;
  constructor(code: UserErrorCode, message: string, hint?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
    this.name = 'UserError';
  }
}

/** Configuration problems, all of them in one message. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Configuration problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// Credentials as they appear in URLs, headers and tokens: userinfo, secret-named query or form values, bearer
// tokens, and the prefixed keys of OpenAI (sk-), Slack (xox…-, xapp-) and Hugging Face (hf_).
const URL_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s<>"'`)\]]+/gi;
const SECRETS: readonly RegExp[] = [
  /\b[^\s:/@]+:[^\s/@]+@(?=[\w.-]+)/g,
  /\b((?:api[_-]?)?key|token|secret|password|passwd|pwd|sig|signature|auth|access_token)=[^\s&#"'“”‘’<>()[\],;]*[^\s&#"'“”‘’<>()[\],;.]/gi,
  /\bBearer\s+\S+/gi,
  /\b(?:sk|hf|xox[abprs]|xapp)[-_][A-Za-z0-9_-]{6,}/g,
];

/** Credentials taken out of a text; what is left can be shown in a channel. */
export const withoutSecrets = (text: string): string =>
  SECRETS.reduce((safe, pattern) => safe.replace(pattern, (_m, name: unknown) => (typeof name === 'string' ? `${name}=…` : '…')), text);

/** A program's message rather than a sentence for people: a JS error, a stack frame, a parser's position. */
const RAW_ERROR =
  /\b(?:TypeError|ReferenceError|SyntaxError|RangeError|AbortError)\b|Cannot read propert|is not a function|is not defined|is not iterable|Unexpected token|at position \d+|\n\s+at |\bat \S+:\d+:\d+|^[A-Z][A-Z_]{3,}$/;

/**
 * Text from elsewhere (an upstream server's answer, an exception) fit for a chat line: no URLs, no
 * credentials, one short line, or `fallback` when it is a program's message. The original belongs in the log.
 */
export function chatSafe(text: string | undefined, fallback: string, max = 160): string {
  if (!text || RAW_ERROR.test(text)) return fallback;
  const line = withoutSecrets((text.split('\n')[0] ?? '').replace(URL_TEXT, 'the configured address')).trim();
  if (!line) return fallback;
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
