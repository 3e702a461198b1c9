import { ApplicationCommandOptionType } from 'discord.js';
import type { ChannelRef, Dispatcher, Invocation, PostedRef } from '../types.ts';

/** The boolean option list commands declare (src/core/hints.ts) to have the answer posted in the channel, not privately. */
const SHARE_OPTION = 'share';

/** An interaction option as Discord sends it (discord.js `CommandInteractionOption` fits). */
export interface InteractionOption {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number | boolean;
  readonly options?: readonly InteractionOption[];
  readonly focused?: boolean;
}

/** Where something was said: a channel, or a thread (then `parentId` is its channel). */
export interface Place {
  readonly channelId: string;
  readonly parentId?: string | null;
  readonly name?: string | null;
}

export interface Person {
  readonly id: string;
  readonly name: string;
}

export interface SlashCommand {
  readonly invocation: Invocation;
  /** The user asked for a public answer with `share:true` (the option stays in `options` for the command too). */
  readonly share: boolean;
}

/**
 * A thread keeps its parent as the channel, and the thread as `thread`: the digest's numbered list is saved
 * under (channel, thread id), exactly as for a Slack thread. A thread started from a message has that message's id.
 */
export function placeRefs(place: Place): { channel: ChannelRef; thread?: PostedRef } {
  if (!place.parentId) return { channel: { platform: 'discord', id: place.channelId, ...(place.name ? { name: place.name } : {}) } };
  const channel: ChannelRef = { platform: 'discord', id: place.parentId };
  return { channel, thread: { channel, messageId: place.channelId, threadId: place.channelId } };
}

/**
 * `/papers search query:… limit:5` → command `search` with typed options: the subcommand of the root, or of a
 * group's root (`/papers-reading claim`, src/core/command-groups.ts), is the command.
 */
function commandAndOptions(commandName: string, data: readonly InteractionOption[], root: string) {
  const ours = commandName === root || commandName.startsWith(`${root}-`);
  const sub = ours ? data.find((o) => o.type === ApplicationCommandOptionType.Subcommand) : undefined;
  const options = sub ? (sub.options ?? []) : data;
  return { command: sub?.name ?? commandName, options };
}

function toInvocation(command: string, options: Record<string, unknown>, place: Place, user: Person): Invocation {
  return { command, input: { options }, ...placeRefs(place), user };
}

export function readSlashCommand(
  commandName: string,
  data: readonly InteractionOption[],
  place: Place,
  user: Person,
  root: string,
): SlashCommand {
  const { command, options } = commandAndOptions(commandName, data, root);
  const values = Object.fromEntries(options.map((o) => [o.name, o.value]));
  return { invocation: toInvocation(command, values, place, user), share: values[SHARE_OPTION] === true };
}

export interface AutocompleteRequest {
  readonly invocation: Invocation;
  readonly option: string;
  readonly partial: string;
}

/** The option being typed and what has been typed so far; the other options give context. */
export function readAutocomplete(
  commandName: string,
  data: readonly InteractionOption[],
  place: Place,
  user: Person,
  root: string,
): AutocompleteRequest | undefined {
  const { command, options } = commandAndOptions(commandName, data, root);
  const focused = options.find((o) => o.focused);
  if (!focused) return undefined;
  const others = Object.fromEntries(options.filter((o) => !o.focused).map((o) => [o.name, o.value]));
  return { invocation: toInvocation(command, others, place, user), option: focused.name, partial: String(focused.value ?? '') };
}

/** A channel message as the gateway delivers it (MESSAGE_CREATE), reduced to what routing needs. */
export interface ChannelMessage {
  readonly id: string;
  readonly content: string;
  readonly place: Place;
  readonly author: Person & { readonly bot: boolean };
  readonly mentionedUserIds: readonly string[];
}

/**
 * "@paperboy compare 1 2" in a thread → `compare` with text "1 2", in that thread. Anything else (a bot,
 * no mention of us, not a thread) is not for us. Such mentions carry their content without the privileged
 * MESSAGE_CONTENT intent (see index.ts).
 */
export function readThreadMention(message: ChannelMessage, botId: string, parseText: Dispatcher['parseText']): Invocation | undefined {
  if (message.author.bot || !message.place.parentId || !message.mentionedUserIds.includes(botId)) return undefined;
  const text = message.content
    .replace(new RegExp(`<@!?${botId}>`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const { command, text: rest } = parseText(text);
  return { command, input: { text: rest }, ...placeRefs(message.place), user: { id: message.author.id, name: message.author.name } };
}
