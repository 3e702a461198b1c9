/**
 * Reactions as feedback: 👍 🔥 ⭐ like, 👎 dislike, on a bot message that shows one paper; taking the reaction
 * off takes the vote back. Each runs the same command as typing it, silently. A vote is a state keyed by
 * channel, person and paper, so a reaction delivered twice counts once. A digest of several papers cannot say
 * which one a reaction meant: ignored, as on Slack.
 */
import type { MessageReaction, PartialMessage, PartialMessageReaction, PartialUser, User } from 'discord.js';
import { errorMessage } from '../../errors.ts';
import type { StoreApi } from '../../store/api.ts';
import { commandOfComponent, voteOfReaction } from './feedback-components.ts';
import type { HandlerDeps } from './handlers.ts';

export async function onReaction(
  reaction: MessageReaction | PartialMessageReaction,
  user: User | PartialUser,
  added: boolean,
  botId: string,
  deps: HandlerDeps,
): Promise<void> {
  const vote = voteOfReaction(reaction.emoji);
  if (!vote || user.id === botId) return;
  const { channelId, id: messageId } = reaction.message;
  try {
    const arxivId = await paperOfMessage(deps.store, reaction.message, botId);
    if (!arxivId) return;
    const reply = await deps.dispatcher.run({
      command: added ? vote : 'unlike',
      input: { options: { ref: arxivId } },
      channel: { platform: 'discord', id: channelId },
      user: { id: user.id, name: user.globalName ?? user.username ?? user.id },
    });
    if (reply.tone === 'error') deps.log.info('a reaction was not counted', { channel: channelId, reason: reply.fallback });
  } catch (error) {
    deps.log.warn('could not count a reaction', { channel: channelId, message: messageId, error: errorMessage(error) });
  }
}

/**
 * The one paper a bot message shows, by arXiv id: the stored list of the thread started on it when that has
 * one paper, else the feedback buttons the message carries (fetched when discord.js has not cached it).
 */
async function paperOfMessage(store: StoreApi, partial: PartialMessage | MessageReaction['message'], botId: string) {
  const list = await store.lists.get({ channel: { platform: 'discord', id: partial.channelId }, threadId: partial.id, userId: '' });
  if (list && list.paperIds.length > 1) return undefined;
  const message = partial.partial ? await partial.fetch() : partial;
  if (message.author.id !== botId) return undefined;
  if (list?.paperIds.length === 1) return (await store.papers.get(list.paperIds[0]!))?.arxivId ?? undefined;
  const refs = new Set<string>();
  for (const row of message.components) {
    for (const component of 'components' in row ? row.components : []) {
      const wanted = 'customId' in component && component.customId ? commandOfComponent(component.customId) : undefined;
      if (wanted) refs.add(wanted.ref);
    }
  }
  return refs.size === 1 ? [...refs][0] : undefined;
}
