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
  | 'store-busy';

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
