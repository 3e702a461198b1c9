import {
  MessageFlags,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type Message,
  type TextBasedChannel,
  type User,
} from 'discord.js';
import { rememberSharedReply } from '../../core/lists.ts';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Reply } from '../../message/model.ts';
import type { StoreApi } from '../../store/api.ts';
import type { Dispatcher, PostedRef } from '../types.ts';
import { clickAnswer } from './click-answer.ts';
import { interactionFiles, threadLinks } from './files.ts';
import { commandOfComponent } from './feedback-components.ts';
import { placeRefs, readAutocomplete, readSlashCommand, readThreadMention, type Person, type Place } from './inbound.ts';
import { DISCORD_LIMITS as L } from './limits.ts';
import { refusedAnswer, renderReply } from './render.ts';
import { clip, plainText } from './text.ts';

export interface HandlerDeps {
  readonly dispatcher: Dispatcher;
  readonly store: StoreApi;
  readonly log: Logger;
  readonly rootCommand: string;
  readonly postInThread: (parent: PostedRef, reply: Reply, replyTo?: string) => Promise<PostedRef>;
  readonly showTyping: (channelId: string) => Promise<void>;
}

const personOf = (user: User): Person => ({ id: user.id, name: user.globalName ?? user.username });

/** Threads come from the client's cache (GUILD_CREATE lists active threads; THREAD_CREATE adds new ones). */
function placeOf(channelId: string, channel: TextBasedChannel | null): Place {
  const name = channel && 'name' in channel ? channel.name : null;
  return { channelId, parentId: channel?.isThread() ? channel.parentId : null, name };
}

export async function onInteraction(interaction: Interaction, deps: HandlerDeps): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await complete(interaction, deps);
    else if (interaction.isChatInputCommand()) await answer(interaction, deps);
    else if (interaction.isButton()) await click(interaction, deps);
  } catch (error) {
    deps.log.error('interaction failed', { id: interaction.id, error: errorMessage(error) });
  }
}

/**
 * The first response goes out before any work (wire-facts §4.2: 3 s, then the token is dead), with the
 * visibility fixed now, because Discord cannot change it after deferring; the answer then edits it.
 */
async function answer(interaction: ChatInputCommandInteraction, deps: HandlerDeps): Promise<void> {
  const place = placeOf(interaction.channelId, interaction.channel);
  const { invocation, share } = readSlashCommand(
    interaction.commandName,
    interaction.options.data,
    place,
    personOf(interaction.user),
    deps.rootCommand,
  );
  const ephemeral = !share && deps.dispatcher.describe(invocation.command)?.visibility !== 'channel';
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  const reply = threadLinks(await deps.dispatcher.run(invocation), interaction.guildId);
  const [first, ...more] = renderReply(reply);
  try {
    await interaction.editReply({ ...first!, ...interactionFiles(reply) });
    if (!ephemeral) await rememberSharedReply(deps.store, invocation, reply);
  } catch (error) {
    deps.log.error('answer refused', { id: interaction.id, command: invocation.command, error: errorMessage(error) });
    await interaction.editReply(refusedAnswer(errorMessage(error)));
    return;
  }
  for (const message of more) await interaction.followUp({ ...message, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) });
}

/** A feedback button: an ephemeral deferral first (3 s), then the vote, then what changed (and Take back), to the clicker alone. */
async function click(interaction: ButtonInteraction, deps: HandlerDeps): Promise<void> {
  const wanted = commandOfComponent(interaction.customId);
  if (!wanted) return;
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const place = placeOf(interaction.channelId, interaction.channel);
  const reply = await deps.dispatcher.run({
    command: wanted.command,
    input: { options: { ref: wanted.ref } },
    ...placeRefs(place),
    user: personOf(interaction.user),
  });
  await interaction.editReply(clickAnswer(reply, wanted));
}

/** Autocomplete cannot be deferred: the command's completer is store-only and fast. */
async function complete(interaction: AutocompleteInteraction, deps: HandlerDeps): Promise<void> {
  const place = placeOf(interaction.channelId ?? '', interaction.channel);
  const request = readAutocomplete(interaction.commandName, interaction.options.data, place, personOf(interaction.user), deps.rootCommand);
  const choices = request ? await deps.dispatcher.complete(request.invocation, request.option, request.partial) : [];
  await interaction.respond(
    choices
      .slice(0, L.autocompleteChoices)
      .map((c) => ({ name: clip(plainText(c.name), L.choiceName), value: clip(c.value, L.choiceValue) })),
  );
}

/** "@paperboy compare 1 2" inside a digest thread: answered in that thread, once per message id. */
export async function onMessage(message: Message, botId: string, deps: HandlerDeps): Promise<void> {
  try {
    const invocation = readThreadMention(
      {
        id: message.id,
        content: message.content,
        place: placeOf(message.channelId, message.channel),
        author: { ...personOf(message.author), bot: message.author.bot },
        mentionedUserIds: [...message.mentions.users.keys()],
      },
      botId,
      deps.dispatcher.parseText,
    );
    if (!invocation?.thread) return;
    if (!(await deps.store.retryWhileBusy(() => deps.store.events.firstSighting('discord', message.id)))) return;
    // An unknown word may be a question about the thread's papers (`ask`), which is slow.
    if ((deps.dispatcher.describe(invocation.command) ?? deps.dispatcher.describe('ask'))?.slow)
      await deps.showTyping(invocation.thread.threadId);
    const reply = await deps.dispatcher.run(invocation);
    await rememberSharedReply(deps.store, invocation, reply);
    await deps.postInThread(invocation.thread, reply, message.id);
  } catch (error) {
    deps.log.error('thread mention failed', { id: message.id, channel: message.channelId, error: errorMessage(error) });
  }
}
