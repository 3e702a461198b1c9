/**
 * Feedback buttons and reactions: Bolt routes both the same in HTTP and Socket Mode. A click is acked first,
 * then runs `like|dislike|save|unlike <arXiv id>` as typed text would, then says what changed to the clicker
 * alone (response_url). A reaction on a message that shows one paper (👍 🔥 ⭐ like, 👎 dislike) runs the
 * same command silently; taking the reaction off takes the vote back. Votes are states, so a repeated
 * delivery changes nothing; reactions are also deduplicated by event_id.
 */
import type { App } from '@slack/bolt';
import { errorMessage } from '../../errors.ts';
import type { Store } from '../../store/store.ts';
import type { Dispatcher, Invocation } from '../types.ts';
import { channelLabel } from './failures.ts';
import { commandOfAction, FEEDBACK_ACTION_PATTERN, voteOfReaction } from './feedback-buttons.ts';
import type { ListenerDeps } from './listeners.ts';
import { renderSlack } from './render.ts';

interface ClickBody {
  readonly user?: { readonly id?: string; readonly name?: string; readonly username?: string };
  readonly channel?: { readonly id?: string; readonly name?: string };
  readonly container?: { readonly channel_id?: string };
}

export function listenForFeedbackButtons({ app, dispatcher, log }: ListenerDeps): void {
  app.action(FEEDBACK_ACTION_PATTERN, async ({ action, body, ack, respond }) => {
    await ack();
    const click = body as ClickBody;
    const channelId = click.channel?.id ?? click.container?.channel_id;
    const clicked = action as { type?: string; action_id?: string; value?: unknown };
    const wanted = clicked.type === 'button' ? commandOfAction(clicked.action_id ?? '', clicked.value) : undefined;
    if (!wanted || !channelId || !click.user?.id) {
      log.warn('ignored a feedback click without a paper, channel or user', { actionId: clicked.action_id });
      return;
    }
    const invocation: Invocation = {
      command: wanted.command,
      input: { options: { ref: wanted.ref } },
      channel: { platform: 'slack', id: channelId, ...(click.channel?.name ? { name: click.channel.name } : {}) },
      user: { id: click.user.id, name: click.user.username ?? click.user.name ?? click.user.id },
    };
    try {
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

export function listenForReactions({ app, dispatcher, store, log }: ListenerDeps): void {
  const onReaction =
    (added: boolean) =>
    async ({ event, body }: { event: ReactionEvent; body: { event_id: string } }) => {
      const vote = voteOfReaction(event.reaction);
      const { channel, ts } = event.item;
      if (!vote || event.item.type !== 'message' || !channel || !ts) return;
      if (!(await store.retryWhileBusy(() => store.events.firstSighting('slack', body.event_id)))) return;
      const arxivId = await paperOfMessage(app, store, channel, ts).catch((error: unknown) => {
        log.warn('could not read the message a reaction is on', { channel, error: errorMessage(error) });
        return undefined;
      });
      if (!arxivId) return;
      const command = added ? vote : 'unlike';
      const reply = await runQuietly(dispatcher, {
        command,
        input: { options: { ref: arxivId } },
        channel: { platform: 'slack', id: channel },
        user: { id: event.user, name: event.user },
      });
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
async function paperOfMessage(app: App, store: Store, channelId: string, ts: string): Promise<string | undefined> {
  const list = store.lists.get({ channel: { platform: 'slack', id: channelId }, threadId: ts, userId: '' });
  if (list?.paperIds.length === 1) return store.papers.get(list.paperIds[0]!)?.arxivId ?? undefined;
  if (list && list.paperIds.length > 1) return undefined;
  const found = await app.client.conversations.history({ channel: channelId, latest: ts, oldest: ts, inclusive: true, limit: 1 });
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

const runQuietly = (dispatcher: Dispatcher, invocation: Invocation) => dispatcher.run(invocation).catch(() => undefined);
