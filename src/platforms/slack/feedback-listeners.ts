/**
 * Feedback buttons and reactions: Bolt routes both the same in HTTP and Socket Mode. A click is acked first,
 * then runs `like|dislike|save|unlike <arXiv id>` as typed text would, then says what changed to the clicker
 * alone (response_url). A reaction on a message that shows one paper (👍 🔥 ⭐ like, 👎 dislike) runs the
 * same command silently; taking the reaction off takes the vote back. Votes are states, so a repeated
 * delivery changes nothing; reactions are also deduplicated by event_id.
 */
import type { Context, webApi } from '@slack/bolt';
import { errorMessage } from '../../errors.ts';
import type { StoreApi } from '../../store/api.ts';
import type { ChannelRef, Dispatcher, Invocation } from '../types.ts';
import { channelLabel } from './failures.ts';
import { commandOfAction, FEEDBACK_ACTION_PATTERN, voteOfReaction } from './feedback-buttons.ts';
import type { ListenerDeps } from './listeners.ts';
import { renderSlack } from './render.ts';

interface ClickBody {
  readonly user?: { readonly id?: string; readonly name?: string; readonly username?: string };
  readonly channel?: { readonly id?: string; readonly name?: string };
  readonly container?: { readonly channel_id?: string };
}

export function listenForFeedbackButtons({ app, dispatcher, log, scope }: ListenerDeps): void {
  app.action(FEEDBACK_ACTION_PATTERN, async ({ action, body, ack, respond, context }) => {
    await ack();
    const click = body as ClickBody;
    const channelId = click.channel?.id ?? click.container?.channel_id;
    const clicked = action as { type?: string; action_id?: string; value?: unknown };
    const wanted = clicked.type === 'button' ? commandOfAction(clicked.action_id ?? '', clicked.value) : undefined;
    if (!wanted || !channelId || !click.user?.id) {
      log.warn('ignored a feedback click without a paper, channel or user', { actionId: clicked.action_id });
      return;
    }
    const asSent: Invocation = {
      command: wanted.command,
      input: { options: { ref: wanted.ref } },
      channel: { platform: 'slack', id: channelId, ...(click.channel?.name ? { name: click.channel.name } : {}) },
      user: { id: click.user.id, name: click.user.username ?? click.user.name ?? click.user.id },
    };
    let invocation = asSent;
    try {
      invocation = scope(asSent, context.teamId);
      const reply = await dispatcher.run(invocation);
      await respond({ ...renderSlack({ ...reply, feedback: false }), response_type: 'ephemeral', replace_original: false });
    } catch (error) {
      log.error('could not answer a feedback click', { channel: channelLabel(invocation.channel), error: errorMessage(error) });
    }
  });
}

interface ReactionEvent {
  readonly user: string;
  readonly reaction: string;
  readonly item: { readonly type: string; readonly channel?: string; readonly ts?: string };
}

export function listenForReactions({ app, dispatcher, store, log, scope }: ListenerDeps): void {
  const onReaction =
    (added: boolean) =>
    async ({ event, body, client, context }: { event: ReactionEvent; body: { event_id: string }; client: WebClient; context: Context }) => {
      const vote = voteOfReaction(event.reaction);
      const { channel, ts } = event.item;
      if (!vote || event.item.type !== 'message' || !channel || !ts) return;
      if (!(await store.retryWhileBusy(() => store.events.firstSighting('slack', body.event_id)))) return;
      const asSent: Invocation = {
        command: added ? vote : 'unlike',
        input: { options: { ref: '' } },
        channel: { platform: 'slack', id: channel },
        user: { id: event.user, name: event.user },
      };
      const scoped = scope(asSent, context.teamId);
      const arxivId = await paperOfMessage(client, store, scoped.channel, channel, ts).catch((error: unknown) => {
        log.warn('could not read the message a reaction is on', { channel, error: errorMessage(error) });
        return undefined;
      });
      if (!arxivId) return;
      const reply = await runQuietly(dispatcher, { ...scoped, input: { options: { ref: arxivId } } });
      if (reply?.tone === 'error') log.info('a reaction was not counted', { channel, reason: reply.fallback });
    };
  app.event('reaction_added', onReaction(true));
  app.event('reaction_removed', onReaction(false));
}

/**
 * The one paper a message shows, by arXiv id: its thread's stored list when that has one paper, else the
 * feedback buttons the message carries (read back with conversations.history). Several papers name none:
 * a reaction cannot say which of them it meant.
 */
async function paperOfMessage(
  client: WebClient,
  store: StoreApi,
  stored: ChannelRef,
  channelId: string,
  ts: string,
): Promise<string | undefined> {
  const list = await store.lists.get({ channel: stored, threadId: ts, userId: '' });
  if (list?.paperIds.length === 1) return (await store.papers.get(list.paperIds[0]!))?.arxivId ?? undefined;
  if (list && list.paperIds.length > 1) return undefined;
  const found = await client.conversations.history({ channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const message = found.messages?.find((m) => m.ts === ts);
  const values = new Set<string>();
  for (const block of message?.blocks ?? []) {
    for (const element of block.type === 'actions' ? (block.elements ?? []) : []) {
      const wanted = commandOfAction(String(element.action_id ?? ''), element.value);
      if (wanted) values.add(wanted.ref);
    }
  }
  return values.size === 1 ? [...values][0] : undefined;
}

type WebClient = webApi.WebClient;

const runQuietly = (dispatcher: Dispatcher, invocation: Invocation) => dispatcher.run(invocation).catch(() => undefined);
