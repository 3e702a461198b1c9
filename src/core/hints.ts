/** Bits every command shares: how to write a command in a hint, and the `share` option. */
import type { ChatPlatform } from '../store/types.ts';

/** "compare 1 2" as the user types it here: bare in the terminal, after the root command elsewhere ("/papers compare 1 2"). */
export const commandHint = (platform: ChatPlatform, rootCommand: string | undefined, text: string): string =>
  platform === 'terminal' ? text : `/${rootCommand ?? 'papers'} ${text}`;

/** Declared by list commands; the Slack and Discord adapters read it to post the answer in the channel. */
export const SHARE_OPTION = { type: 'boolean', description: 'Post the answer in the channel for everyone' } as const;

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
