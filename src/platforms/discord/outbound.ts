import { createHash } from 'node:crypto';
import {
  DiscordAPIError,
  RESTJSONErrorCodes,
  Routes,
  type APIMessage,
  type RawFile,
  type REST,
  type RESTPostAPIChannelMessageJSONBody,
} from 'discord.js';
import type { Reply } from '../../message/model.ts';
import type { ChannelRef, PostedRef, PostOptions } from '../types.ts';
import { DIGEST_THREAD_ARCHIVE_MINUTES, DISCORD_LIMITS as L } from './limits.ts';
import { restFiles, threadLinks } from './files.ts';
import { renderReply, toRestBody, type DiscordMessage } from './render.ts';
import { clip, plainText } from './text.ts';

/** Discord refused for want of a permission; the message names the channel and what to grant. */
export class DiscordPermissionError extends Error {
  readonly channelId: string;
  constructor(channelId: string, message: string) {
    super(message);
    this.channelId = channelId;
    this.name = 'DiscordPermissionError';
  }
}

export interface OutboundDeps {
  /** discord.js REST: queues per bucket and waits out 429s (`Retry-After`) before retrying. */
  readonly rest: REST;
  readonly channelName: (id: string) => string | undefined;
  /** The guild of a channel, when the gateway has shown it (for links to threads). */
  readonly guildOf?: (id: string) => string | undefined;
  readonly botUserId: () => Promise<string>;
}

/** Short, stable digests of the idempotency key: the nonce (≤ 25 characters) and a marker in an embed's URL fragment. */
/** findPosted reads back up to HISTORY_PAGES × HISTORY_PAGE_SIZE messages (100 is Discord's most per request). */
const HISTORY_PAGE_SIZE = 100;
const HISTORY_PAGES = 10;
const hash = (text: string) => createHash('sha256').update(text).digest('hex');
export const nonceFor = (key: string, part: number): string => `pb${hash(`${key}#${part}`)}`.slice(0, L.nonce);
export const markerFor = (key: string): string => `#k:${hash(key).slice(0, 12)}`;

const isPermissionError = (error: unknown): error is DiscordAPIError =>
  error instanceof DiscordAPIError &&
  (error.code === RESTJSONErrorCodes.MissingPermissions || error.code === RESTJSONErrorCodes.MissingAccess);

/** Proactive posts go straight to REST (`Routes`), so they work whatever the client has cached. */
export function createOutbound({ rest, channelName, botUserId, guildOf }: OutboundDeps) {
  const label = (channel: ChannelRef) => {
    const name = channel.name ?? channelName(channel.id);
    return name ? `#${name.replace(/^#/, '')}` : `channel ${channel.id}`;
  };

  const refused = (error: unknown, channel: ChannelRef, grant: string): never => {
    if (!isPermissionError(error)) throw error;
    const where = label(channel);
    throw new DiscordPermissionError(channel.id, `Discord refused (${error.message}) in ${where}: grant the bot ${grant} in ${where}.`);
  };

  async function send(
    channelId: string,
    messages: DiscordMessage[],
    extra: (part: number) => Partial<RESTPostAPIChannelMessageJSONBody>,
    where: ChannelRef,
    grant: string,
    /** Sent with the first message (multipart), which `extra(0)` names in its `attachments`. */
    files: RawFile[] = [],
  ) {
    const sent: APIMessage[] = [];
    for (const [part, message] of messages.entries()) {
      const body = { ...toRestBody(message), ...extra(part) };
      const withFiles = part === 0 && files.length > 0 ? { files } : {};
      sent.push(
        (await rest
          .post(Routes.channelMessages(channelId), { body, ...withFiles })
          .catch((e: unknown) => refused(e, where, grant))) as APIMessage,
      );
    }
    return sent;
  }

  async function startThread(channel: ChannelRef, messageId: string, name: string): Promise<string> {
    const body = { name: clip(plainText(name), L.threadName), auto_archive_duration: DIGEST_THREAD_ARCHIVE_MINUTES };
    try {
      const thread = (await rest.post(Routes.threads(channel.id, messageId), { body })) as { id: string };
      return thread.id;
    } catch (error) {
      // A thread started from a message takes the message's id; an earlier attempt may have made it already.
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return messageId;
      return refused(error, channel, 'Create Public Threads and Send Messages in Threads');
    }
  }

  /**
   * The digest: its messages carry `nonce` + `enforce_nonce`, so a retry within Discord's nonce window
   * returns the earlier message instead of a duplicate; then a thread is started on the first one.
   */
  async function post(channel: ChannelRef, given: Reply, options: PostOptions = {}): Promise<PostedRef> {
    const reply = threadLinks(given, guildOf?.(channel.id));
    const key = options.idempotencyKey;
    const messages = renderReply(reply, key ? { marker: markerFor(key) } : {});
    const grant = 'View Channel, Send Messages, Embed Links and Create Public Threads';
    const nonce = (part: number) => (key ? { nonce: nonceFor(key, part), enforce_nonce: true } : {});
    const { files, attachments } = restFiles(reply);
    const named = (part: number) => ({ ...nonce(part), ...(files.length > 0 ? { attachments } : {}) });
    const [first] = await send(channel.id, messages.slice(0, 1), named, channel, grant, files);
    const header = reply.blocks.find((b) => b.type === 'header');
    const threadId = first!.thread?.id ?? (await startThread(channel, first!.id, `${header?.text ?? 'Papers'} — ask me here`));
    await send(channel.id, messages.slice(1), (part) => nonce(part + 1), channel, grant);
    return { channel, messageId: first!.id, threadId };
  }

  /** A keyed reply carries the key's marker and nonces as a digest does, so findPosted can read it back from the thread. */
  async function postInThread(parent: PostedRef, given: Reply, replyTo?: string, options: PostOptions = {}): Promise<PostedRef> {
    const reply = threadLinks(given, guildOf?.(parent.channel.id));
    const key = options.idempotencyKey;
    const { files, attachments } = restFiles(reply);
    const extra = (part: number) => ({
      ...(replyTo && part === 0 ? { message_reference: { message_id: replyTo, fail_if_not_exists: false } } : {}),
      ...(key ? { nonce: nonceFor(key, part), enforce_nonce: true } : {}),
      ...(part === 0 && files.length > 0 ? { attachments } : {}),
    });
    const messages = renderReply(reply, key ? { marker: markerFor(key) } : {});
    // Thread permissions are granted on the parent channel, so that is the one to name.
    const [first] = await send(parent.threadId, messages, extra, parent.channel, 'Send Messages in Threads', files);
    return { channel: parent.channel, messageId: first!.id, threadId: parent.threadId };
  }

  /**
   * Nonces are not returned later, so a post is recognised by the marker in an embed URL among
   * this bot's messages since `since`, paging back through the channel's history (100 a page, up to
   * HISTORY_PAGES). A post whose thread is missing (crash in between) gets it now. With `threadId`, the thread
   * (a channel of its own on Discord) is read instead, for a keyed reply in it.
   */
  async function findPosted(channel: ChannelRef, key: string, since: Date, threadId?: string): Promise<PostedRef | null> {
    const marker = markerFor(key);
    const me = await botUserId();
    // Posts from before the marker moved into an embed URL carry it in a footer or the content.
    const carries = (m: APIMessage) =>
      m.embeds.some((e) => e.url?.endsWith(marker) || e.footer?.text.includes(marker)) || m.content.includes(marker);
    let before: string | undefined;
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const query = new URLSearchParams({ limit: String(HISTORY_PAGE_SIZE), ...(before ? { before } : {}) });
      const recent = (await rest
        .get(Routes.channelMessages(threadId ?? channel.id), { query })
        .catch((e: unknown) => refused(e, channel, 'View Channel and Read Message History'))) as APIMessage[];
      const found = recent.find((m) => m.author.id === me && Date.parse(m.timestamp) >= since.getTime() && carries(m));
      if (found && threadId) return { channel, messageId: found.id, threadId };
      if (found) {
        const threadId = found.thread?.id ?? (await startThread(channel, found.id, `Papers ${found.timestamp.slice(0, 10)} — ask me here`));
        return { channel, messageId: found.id, threadId };
      }
      // Newest first: once a page reaches back before `since`, or is the last, there is nothing older to see.
      const oldest = recent.at(-1);
      if (!oldest || recent.length < HISTORY_PAGE_SIZE || Date.parse(oldest.timestamp) < since.getTime()) return null;
      before = oldest.id;
    }
    return null;
  }

  return { post, postInThread, findPosted };
}
