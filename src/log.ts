export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface LoggerOptions {
  level?: Level | 'silent';
  /** text: one readable line; json: one JSON object a line. Default: LOG_FORMAT from the environment. */
  format?: LogFormat;
  scope?: string;
  write?: (line: string) => void;
  /** Values never to print; default: the environment's tokens, keys, secrets and passwords. */
  secrets?: readonly string[];
}

/** Logs go to stderr so that stdout stays clean for `parse` and `ask --json`. Credentials are redacted in every format. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const format = options.format ?? (process.env.LOG_FORMAT?.trim().toLowerCase() === 'json' ? 'json' : 'text');
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const secrets = options.secrets ?? secretsIn(process.env);
  const min = level === 'silent' ? Infinity : ORDER[level];
  const clean = (text: string) => redact(text, secrets);
  const emit = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < min) return;
    const time = new Date().toISOString();
    const extra = fields && Object.keys(fields).length > 0 ? fields : undefined;
    if (format === 'json') {
      const record = { time, level: at, ...(options.scope ? { scope: options.scope } : {}), msg: message, ...extra };
      const plain = (_key: string, value: unknown) =>
        typeof value === 'string' ? clean(value) : value instanceof Error ? clean(value.message) : value;
      write(clean(JSON.stringify(record, plain)));
      return;
    }
    const scope = options.scope ? `[${options.scope}] ` : '';
    write(clean(`${time} ${at.toUpperCase()} ${scope}${message}${extra ? ` ${JSON.stringify(extra)}` : ''}`));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (scope) => createLogger({ ...options, format, secrets, scope: options.scope ? `${options.scope}:${scope}` : scope }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent', secrets: [] });

const SECRET_KEY = /(TOKEN|SECRET|KEY|PASSWORD|PASS)$/i;
const TOKEN_SHAPES = [
  /\bxox[abposr]-[A-Za-z0-9-]{6,}/g, // Slack bot/user tokens
  /\bxapp-[A-Za-z0-9-]{6,}/g, // Slack app-level tokens
  /\bsk-[A-Za-z0-9_-]{12,}/g, // OpenAI-style keys
  /\bBot\s+[A-Za-z0-9._-]{20,}/g, // Discord authorization header
];
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@:]*(?::[^\s/@]*)?@/gi;
const QUERY_SECRET = /([?&](?:[a-z_-]*(?:key|token|secret|signature|password|sig|auth)[a-z_-]*)=)[^&#\s"']+/gi;

/** Values of the environment's *_TOKEN, *_KEY, *_SECRET and *_PASSWORD settings, and passwords inside its URLs. */
export function secretsIn(env: Readonly<Record<string, string | undefined>>): string[] {
  const found = new Set<string>();
  for (const [key, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value) continue;
    if (SECRET_KEY.test(key) && value.length >= 6) found.add(value);
    const password = /^[a-z][a-z0-9+.-]*:\/\/[^\s/@:]*:([^\s/@]+)@/i.exec(value)?.[1];
    if (password && password.length >= 3) found.add(password);
  }
  return [...found].sort((a, b) => b.length - a.length);
}

/** Replaces known secrets, token-shaped strings, URL user:password@ parts and credential query values with ***. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join('***');
  for (const shape of TOKEN_SHAPES) out = out.replace(shape, '***');
  return out.replace(URL_CREDENTIALS, '$1***@').replace(QUERY_SECRET, '$1***');
}
