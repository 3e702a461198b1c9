export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(scope: string): Logger;
}

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Logs go to stderr so that stdout stays clean for `parse` and `ask --json`. */
export function createLogger(options: { level?: Level | 'silent'; scope?: string; write?: (line: string) => void } = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const min = level === 'silent' ? Infinity : ORDER[level];
  const emit = (at: Level, message: string, fields?: Record<string, unknown>) => {
    if (ORDER[at] < min) return;
    const scope = options.scope ? `[${options.scope}] ` : '';
    const extra = fields && Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
    write(`${new Date().toISOString()} ${at.toUpperCase()} ${scope}${message}${extra}`);
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (scope) => createLogger({ ...options, scope: options.scope ? `${options.scope}:${scope}` : scope }),
  };
}

export const silentLogger: Logger = createLogger({ level: 'silent' });
