import type { ChannelRef, Dispatcher, Invocation } from '../types.ts';

/** The fields of a slash command request that paperboy reads (wire-facts §3.1). */
export interface SlashCommandPayload {
  readonly text: string;
  readonly channel_id: string;
  readonly channel_name?: string;
  readonly user_id: string;
  readonly user_name?: string;
}

/** The fields of an `app_mention` event that paperboy reads (wire-facts §3.4). */
export interface AppMentionPayload {
  readonly text: string;
  readonly channel: string;
  readonly ts: string;
  readonly user?: string;
  readonly thread_ts?: string;
}

export interface Inbound {
  readonly invocation: Invocation;
  /** The user asked for the answer to be posted in the channel rather than shown only to them. */
  readonly share: boolean;
}

type ParseText = Dispatcher['parseText'];

/** `/papers search diffusion share` → the `search` invocation with text "diffusion", shared. */
export function fromSlashCommand(payload: SlashCommandPayload, parseText: ParseText): Inbound {
  const channel: ChannelRef = {
    platform: 'slack',
    id: payload.channel_id,
    ...(payload.channel_name ? { name: payload.channel_name } : {}),
  };
  const { text, share } = takeShare(plainText(payload.text, undefined));
  return {
    invocation: { ...toCommand(text, parseText), channel, user: { id: payload.user_id, name: payload.user_name ?? payload.user_id } },
    share,
  };
}

/**
 * "<@UBOT> compare 2 and 5" in a thread → `compare` with text "2 5", and `thread` set to the thread's
 * parent so "2" and "5" mean the numbers of the list posted there. A mention outside a thread starts one.
 */
export function fromAppMention(event: AppMentionPayload, botUserId: string | undefined, parseText: ParseText): Inbound {
  const channel: ChannelRef = { platform: 'slack', id: event.channel };
  const threadTs = event.thread_ts ?? event.ts;
  const { text, share } = takeShare(plainText(event.text, botUserId));
  const user = event.user ?? 'unknown';
  return {
    invocation: {
      ...toCommand(text, parseText),
      channel,
      user: { id: user, name: user },
      thread: { channel, messageId: threadTs, threadId: threadTs },
    },
    share,
  };
}

function toCommand(text: string, parseText: ParseText): Pick<Invocation, 'command' | 'input'> {
  const parsed = parseText(text);
  return { command: parsed.command, input: { text: joinRefs(parsed.text) } };
}

/**
 * Slack markup back to what the user typed: the bot's own mention removed, other mentions and channels
 * as "@name"/"#name", links as their URL, and `&amp;`/`&lt;`/`&gt;` decoded (Slack escapes message text).
 */
export function plainText(text: string, botUserId: string | undefined): string {
  let botMentionSeen = false;
  const replaced = text.replace(/<([^<>]*)>/g, (_whole, inner: string) => {
    const [target = '', label] = inner.split('|');
    if (target.startsWith('@')) {
      const isBot = botUserId ? target === `@${botUserId}` : !botMentionSeen;
      botMentionSeen = true;
      return isBot ? ' ' : `@${label ?? target.slice(1)}`;
    }
    if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
    if (target.startsWith('!')) return `@${label ?? target.slice(1).split('^')[0]}`;
    return target;
  });
  return replaced.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
}

/** `--share` anywhere, or `share` as the last word (so "search share prices" stays a search). */
export function takeShare(text: string): { text: string; share: boolean } {
  const flag = /(^|\s)--share(?=\s|$)/i;
  if (flag.test(text)) return { text: text.replace(flag, ' ').replace(/\s+/g, ' ').trim(), share: true };
  const trailing = /\s+share$/i;
  if (trailing.test(text)) return { text: text.replace(trailing, ''), share: true };
  return { text, share: false };
}

const REF_LIST = /^(?:(?:papers?|items?|numbers?)\s+)?#?\d+(?:\s*(?:,|&|\+|\band\b|\bvs\.?|\bversus\b|\bwith\b)?\s*#?\d+)*$/i;

/** "2 and 5", "#2, #5", "papers 2 vs 5" → "2 5": natural phrasing into the one grammar. */
export function joinRefs(text: string): string {
  return REF_LIST.test(text.trim()) ? (text.match(/\d+/g) ?? []).join(' ') : text;
}
