import type { Reply } from '../message/model.ts';
import type { ChannelRef, Choice, PostedRef } from '../platforms/types.ts';
import type { Logger } from '../log.ts';
import type { Services } from './services.ts';

/** One option of a command. Text input ("search diffusion limit:5") and typed input (Discord) both map onto it. */
export type OptionSpec =
  | {
      readonly type: 'string';
      readonly description: string;
      readonly required?: boolean;
      readonly rest?: boolean;
      readonly autocomplete?: boolean;
      readonly maxLength?: number;
    }
  | {
      readonly type: 'integer';
      readonly description: string;
      readonly required?: boolean;
      readonly min?: number;
      readonly max?: number;
      readonly default?: number;
    }
  | { readonly type: 'boolean'; readonly description: string; readonly default?: boolean }
  | {
      readonly type: 'choice';
      readonly description: string;
      readonly required?: boolean;
      readonly choices: readonly string[];
      readonly default?: string;
    };

export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

type ValueOf<S extends OptionSpec> = S extends { type: 'integer' }
  ? number
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { type: 'choice'; choices: readonly (infer C)[] }
      ? C
      : string;

type IsPresent<S extends OptionSpec> = S extends { required: true }
  ? true
  : S extends { default: unknown }
    ? true
    : S extends { type: 'boolean' }
      ? true
      : false;

/** Typed args derived from the spec, never written by hand. */
export type ArgsOf<O extends OptionsSpec> = {
  [K in keyof O]: IsPresent<O[K]> extends true ? ValueOf<O[K]> : ValueOf<O[K]> | undefined;
};

export interface CommandContext {
  readonly channel: ChannelRef;
  readonly user: { readonly id: string; readonly name: string };
  /** Set when the command came from inside a thread (a digest's thread). */
  readonly thread?: PostedRef;
  readonly now: Date;
  readonly services: Services;
  readonly log: Logger;
}

export interface Command<O extends OptionsSpec = OptionsSpec> {
  /** [a-z][a-z0-9-]{0,31}: `/papers <name>` on Slack, a subcommand on Discord, a word in the terminal. */
  readonly name: string;
  /** At most 100 characters (Discord's limit); shown in pickers and `help`. */
  readonly description: string;
  readonly options: O;
  /** Real invocations; `help` prints them and a test runs each through the parser. */
  readonly examples: readonly string[];
  /** Fixed before the work starts: Discord cannot change it after deferring. */
  readonly visibility: 'ephemeral' | 'channel';
  /** Takes more than about a second (LLM): adapters show "working on it" while it runs. */
  readonly slow?: boolean;
  /** Other words that reach this command in text input ("summarise", "summary"). */
  readonly aliases?: readonly string[];
  run(args: ArgsOf<O>, ctx: CommandContext): Promise<Reply>;
  /** Store-only and fast: Discord autocomplete cannot be deferred. */
  autocomplete?(option: keyof O & string, partial: string, ctx: CommandContext): Promise<readonly Choice[]>;
}

export type AnyCommand = Command<any>;

export const defineCommand = <const O extends OptionsSpec>(command: Command<O>): Command<O> => command;
