import type { StoreApi } from '../store/api.ts';
import type { FullTextSource } from '../fulltext/fetch.ts';
import type { Summariser } from '../llm/types.ts';
import type { AnyCommand } from './define.ts';

/** Everything a command may use. No platform clients: commands never know where they run. */
export interface Services {
  readonly store: StoreApi;
  readonly llm: Summariser;
  /** Papers' full text (arXiv HTML) for `ask`; without it questions are answered from abstracts. */
  readonly fullText?: FullTextSource;
  /** The command registry, for `help`. */
  readonly commands: readonly AnyCommand[];
  /** Tells the scheduler that a subscription changed, so it rebuilds its jobs without a restart. */
  readonly onSubscriptionsChanged?: () => void;
  /** The word users type before subcommands on Slack and Discord ("papers" for `/papers search …`). */
  readonly rootCommand: string;
}
