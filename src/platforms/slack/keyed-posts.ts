/**
 * Keyed posts carry their idempotency key in Slack message metadata. After a failure that leaves it
 * unknown whether Slack took a post, post-once.ts looks for the key here before sending again.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { ChannelRef, PostOptions } from '../types.ts';
import { channelLabel, slackErrorCode, slackFailure } from './failures.ts';

/** The digest's metadata event_type; digests posted by earlier versions are found by it too. */
export const DIGEST_EVENT_TYPE = 'paperboy_digest';
/** A command's answer: a `share` post, or the answer to a mention in its thread. */
export const ANSWER_EVENT_TYPE = 'paperboy_answer';

export interface PostMark {
  readonly eventType: string;
  readonly key: string;
}

export function markFor(eventType: string, { idempotencyKey }: PostOptions): PostMark | undefined {
  return idempotencyKey ? { eventType, key: idempotencyKey } : undefined;
}

export function metadataFor(mark: PostMark) {
  return { event_type: mark.eventType, event_payload: { key: mark.key } };
}

/** A search reads at most PAGES pages of PAGE_SIZE messages. */
const PAGES = 10;
const PAGE_SIZE = 200;

type MessagePage = webApi.ConversationsHistoryResponse | webApi.ConversationsRepliesResponse;

export interface PostFinder {
  /** The ts of a top-level post carrying `mark`, posted since `since` (conversations.history, newest first). */
  inHistory(channel: ChannelRef, mark: PostMark, since: Date): Promise<string | undefined>;
  /** The ts of a message carrying `mark` in the thread under `threadTs` (conversations.replies, parent first). */
  inThread(channel: ChannelRef, threadTs: string, mark: PostMark): Promise<string | undefined>;
}

export function createPostFinder(client: webApi.WebClient, log: Logger): PostFinder {
  const search = async (
    method: string,
    channel: ChannelRef,
    mark: PostMark,
    fetchPage: (cursor: string | undefined) => Promise<MessagePage>,
  ) => {
    let cursor: string | undefined;
    for (let page = 0; page < PAGES; page += 1) {
      let result: MessagePage;
      try {
        result = await fetchPage(cursor);
      } catch (error) {
        const code = slackErrorCode(error);
        // No such thread, so nothing was posted in it.
        if (code === 'thread_not_found') return undefined;
        log.error(`${method} failed`, { channel: channelLabel(channel), error: code ?? String(error) });
        throw slackFailure(method, channel, error);
      }
      const found = result.messages?.find(
        (m) => m.metadata?.event_type === mark.eventType && payloadKey(m.metadata.event_payload) === mark.key,
      );
      if (found?.ts) return found.ts;
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  };

  return {
    inHistory: (channel, mark, since) =>
      search('conversations.history', channel, mark, (cursor) =>
        client.conversations.history({
          channel: channel.id,
          oldest: (since.getTime() / 1000).toFixed(6),
          include_all_metadata: true,
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      ),
    inThread: (channel, threadTs, mark) =>
      search('conversations.replies', channel, mark, (cursor) =>
        client.conversations.replies({
          channel: channel.id,
          ts: threadTs,
          include_all_metadata: true,
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        }),
      ),
  };
}

/** The web-api types leave event_payload untyped; paperboy's is `{ key }`. */
function payloadKey(payload: unknown): unknown {
  return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>)['key'] : undefined;
}
