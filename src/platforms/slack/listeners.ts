import type { App } from '@slack/bolt';
import { withNote } from '../../core/replies.ts';
import { errorMessage } from '../../errors.ts';
import type { Logger } from '../../log.ts';
import type { Reply } from '../../message/model.ts';
import type { StoreApi } from '../../store/api.ts';
import type { ChannelRef, Dispatcher, PostedRef, PostOptions } from '../types.ts';
import { channelLabel, refusedAnswerText } from './failures.ts';
import { fromAppMention, fromSlashCommand, type SlashCommandPayload } from './inbound.ts';
import type { WorkspaceScope } from './oauth-keys.ts';
import { renderSlack } from './render.ts';

export interface ListenerDeps {
  readonly app: App;
  readonly dispatcher: Dispatcher;
  readonly commandName: string;
  readonly store: StoreApi;
  readonly log: Logger;
  /**
   * Posting an answer with chat.postMessage, exactly once per idempotency key; both throw an Error whose
   * message can be shown to the user.
   */
  readonly postShared: (channel: ChannelRef, reply: Reply, options?: PostOptions) => Promise<PostedRef>;
  readonly postInThread: (parent: PostedRef, reply: Reply, options?: PostOptions) => Promise<PostedRef>;
  /** Stored ids: bare in one workspace, with the answering installation's team in many (oauth-keys.ts). */
  readonly scope: WorkspaceScope;
  /** HTTP mode: resolves once the requests of a burst are answered (BurstGuard). */
  readonly afterAcks?: () => Promise<void>;
}

const WORKING = 'Working on it…';

/** An answer through response_url cannot carry files (the roundup's chart): it says how to get them. */
const privately = (reply: Reply): Reply =>
  reply.attachments?.length
    ? withNote(reply, 'Slack shows pictures only in posted messages: add “share” to the command to post this with its chart.')
    : reply;

/** What a `/papers …` request asks for, and its ack; reads nothing but the payload. */
function readSlashCommand(payload: SlashCommandPayload, dispatcher: Dispatcher) {
  const { invocation, share } = fromSlashCommand(payload, dispatcher.parseText);
  const info = dispatcher.describe(invocation.command);
  const slow = info?.slow ?? false;
  const responseType: 'in_channel' | 'ephemeral' = !share && info?.visibility === 'channel' ? 'in_channel' : 'ephemeral';
  const ack = slow ? { response_type: responseType, text: WORKING } : undefined;
  return { invocation, share, slow, responseType, ack };
}

/**
 * `/papers …`: ack first (within 3 s, wire-facts §3.3), before anything touches the store, then run and
 * answer through the payload's response_url (Bolt's respond). Slow commands ack with a visible "Working on
 * it…" that the answer replaces. In a burst, running waits for the other acks (afterAcks).
 * `share` posts the answer with chat.postMessage instead, so its list can be referred to in its thread;
 * the post is keyed by the invocation's trigger_id, and a replayed request (the same signed bytes again,
 * within Slack's 5-minute window) is seen by that key and does nothing.
 */
export function listenForSlashCommand({ app, dispatcher, commandName, store, log, postShared, afterAcks, scope }: ListenerDeps): void {
  app.command(commandName, async ({ command, ack, respond, context }) => {
    const { invocation: asSent, share, slow, responseType, ack: ackResponse } = readSlashCommand(command, dispatcher);
    await ack(ackResponse);

    let invocation = asSent;
    try {
      invocation = scope(asSent, context.teamId);
      await afterAcks?.();
      if (share && command.trigger_id && !(await store.events.firstSighting('slack', `share:${command.trigger_id}`))) {
        log.warn('ignored a repeated share request', { channel: channelLabel(invocation.channel), triggerId: command.trigger_id });
        return;
      }
      const reply = await dispatcher.run(invocation);
      const replace = slow ? { replace_original: true } : {};
      if (share && reply.tone !== 'error') {
        // Without a trigger_id there is nothing unique to key by: "share:undefined" would match an earlier share.
        const shareKey = command.trigger_id ? { idempotencyKey: `share:${command.trigger_id}` } : {};
        const failure = await postShared(invocation.channel, reply, shareKey).then(() => undefined, errorMessage);
        if (failure) await respond({ response_type: 'ephemeral', text: failure, ...replace });
        else if (slow) await respond({ delete_original: true });
        return;
      }
      await respond({ ...renderSlack(privately(reply)), response_type: responseType, ...replace }).catch(async (error: unknown) => {
        log.error('Slack refused an answer', {
          channel: channelLabel(invocation.channel),
          command: invocation.command,
          error: errorMessage(error),
        });
        await respond({ response_type: 'ephemeral', text: refusedAnswerText(error), ...replace });
      });
    } catch (error) {
      log.error('could not answer a slash command', {
        channel: channelLabel(invocation.channel),
        command: invocation.command,
        error: errorMessage(error),
      });
    }
  });
}

/**
 * "@paperboy compare 2 and 5" in a digest's thread: Bolt acks events before any listener runs; a retried
 * delivery (same event_id, X-Slack-Retry-Num, wire-facts §3.4) is answered once; the answer goes in the
 * thread, keyed by the event_id. Running waits for a burst's acks, as slash commands do.
 */
export function listenForMentions({ app, dispatcher, store, log, postInThread, afterAcks, scope }: ListenerDeps): void {
  app.event('app_mention', async ({ event, body, context }) => {
    if (!(await store.retryWhileBusy(() => store.events.firstSighting('slack', body.event_id)))) {
      log.info('ignored a repeated delivery', { eventId: body.event_id, retryNum: context.retryNum });
      return;
    }
    const invocation = scope(fromAppMention(event, context.botUserId, dispatcher.parseText).invocation, context.teamId);
    await afterAcks?.();
    const reply = await dispatcher.run(invocation);
    // postInThread logs its own failures with the channel; there is no one else to tell here.
    await postInThread(invocation.thread!, reply, { idempotencyKey: `mention:${body.event_id}` }).catch(() => undefined);
  });
}
