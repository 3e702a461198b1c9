import type { Reply } from '../message/model.ts';
import type { ChatPlatform } from '../store/types.ts';

export type Platform = ChatPlatform;

export interface ChannelRef {
  readonly platform: Platform;
  readonly id: string;
  readonly name?: string;
}

/** Where a posted message lives; `threadId` is the Slack `ts`, the Discord thread id, or a local counter. */
export interface PostedRef {
  readonly channel: ChannelRef;
  readonly messageId: string;
  readonly threadId: string;
}

/** What an adapter hands to the dispatcher: already verified and already acknowledged. */
export interface Invocation {
  readonly command: string;
  readonly input: { readonly text: string } | { readonly options: Readonly<Record<string, unknown>> };
  readonly channel: ChannelRef;
  readonly user: { readonly id: string; readonly name: string };
  /** Set when invoked inside a thread (a digest's thread): list refs resolve against that thread. */
  readonly thread?: PostedRef;
}

export interface Choice {
  readonly name: string;
  readonly value: string;
}

export interface CommandInfo {
  readonly visibility: 'ephemeral' | 'channel';
  readonly slow: boolean;
}

export interface Dispatcher {
  /** Never throws: a UserError becomes an error Reply, anything else is logged and becomes a generic one. */
  run(invocation: Invocation): Promise<Reply>;
  /** Splits "search diffusion models" into command name and rest; unknown names go to `help`. */
  parseText(text: string): { command: string; text: string };
  complete(invocation: Invocation, option: string, partial: string): Promise<readonly Choice[]>;
  describe(command: string): CommandInfo | undefined;
}

export interface PostOptions {
  /** A key that makes the post recognisable later (Slack metadata, Discord nonce): exactly-once delivery. */
  readonly idempotencyKey?: string;
}

export interface ChatAdapter {
  readonly platform: Platform;
  start(dispatcher: Dispatcher): Promise<void>;
  stop(): Promise<void>;
  /** A top-level post that replies can thread under (the digest). */
  post(channel: ChannelRef, reply: Reply, options?: PostOptions): Promise<PostedRef>;
  /** Replies inside an existing thread; an adapter that cannot find its posts again may ignore the key. */
  postInThread(parent: PostedRef, reply: Reply, options?: PostOptions): Promise<PostedRef>;
  /** Finds an earlier post carrying this idempotency key, if the platform can tell; with `threadId`, a reply in that thread. */
  findPosted?(channel: ChannelRef, idempotencyKey: string, since: Date, threadId?: string): Promise<PostedRef | null>;
}
