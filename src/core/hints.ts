/** Bits every command shares: how to write a command in a hint, and the `share` option. */
import type { ChatPlatform } from '../store/types.ts';
import { discordRootFor } from './command-groups.ts';

/**
 * "compare 1 2" as the user types it here: bare in the terminal, after the root command elsewhere ("/papers compare 1 2"),
 * and on Discord after the root that holds it ("/papers-reading claim 2").
 */
export function commandHint(platform: ChatPlatform, rootCommand: string | undefined, text: string): string {
  if (platform === 'terminal') return text;
  const root = rootCommand ?? 'papers';
  return `/${platform === 'discord' ? discordRootFor(root, text.split(' ')[0] ?? '') : root} ${text}`;
}

/** Declared by list commands; the Slack and Discord adapters read it to post the answer in the channel. */
export const SHARE_OPTION = { type: 'boolean', description: 'Post the answer in the channel for everyone' } as const;

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * How to refer to a posted list's numbers, each platform its own way: Slack slash commands cannot be used
 * in threads, so there a thread takes a mention; Discord's work in both.
 */
export function numberHint(platform: ChatPlatform, rootCommand: string | undefined, examples: readonly string[]): string {
  const slash = examples.map((e) => `“${commandHint(platform, rootCommand, e)}”`).join(', ');
  const mention = `“@paperboy ${examples[0]}”`;
  if (platform === 'slack') return `${slash} in the channel, or ${mention} in the digest’s thread`;
  if (platform === 'discord') return `${slash} in the channel or the digest’s thread, where ${mention} works too`;
  return slash;
}
