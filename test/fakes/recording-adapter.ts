import type { Reply } from '../../src/message/model.ts';
import type { ChannelRef, ChatAdapter, Platform, PostOptions, PostedRef } from '../../src/platforms/types.ts';

/** A message the fake platform accepted. */
export interface AcceptedPost {
  readonly channel: ChannelRef;
  readonly reply: Reply;
  readonly idempotencyKey: string | undefined;
  readonly ref: PostedRef;
  readonly at: Date;
  /** Set for replies inside a thread. */
  readonly parent?: PostedRef;
}

/**
 * A chat platform in memory: it records what it accepted, recognises its own posts by idempotency
 * key (as Slack metadata and Discord nonces allow), and can be told to fail or to "crash" a caller
 * right after accepting a post, before the caller learns the message id.
 */
export class RecordingAdapter implements ChatAdapter {
  /** Everything the platform accepted, shared by every adapter instance built on the same `platformLog`. */
  readonly accepted: AcceptedPost[];
  /** When set, the next top-level post is rejected with this error and nothing is accepted. */
  rejectNext: Error | null = null;
  /** When set, the next top-level post is accepted, then this runs (e.g. closes the caller's store), then the call throws. */
  crashAfterAccept: (() => void) | null = null;
  /** When set, top-level posts wait for it before the platform answers (a slow platform). */
  holdPosts: Promise<void> | null = null;
  readonly findPosted?: (channel: ChannelRef, key: string, since: Date) => Promise<PostedRef | null>;
  private readonly clock: () => Date;

  readonly platform: Platform;
  constructor(platform: Platform = 'slack', options: { clock?: () => Date; platformLog?: AcceptedPost[]; canFindPosted?: boolean } = {}) {
    this.platform = platform;
    this.accepted = options.platformLog ?? [];
    this.clock = options.clock ?? (() => new Date());
    if (options.canFindPosted !== false) {
      this.findPosted = async (channel, key, since) =>
        this.accepted.find((p) => p.channel.id === channel.id && p.idempotencyKey === key && p.at >= since)?.ref ?? null;
    }
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async post(channel: ChannelRef, reply: Reply, options: PostOptions = {}): Promise<PostedRef> {
    await this.holdPosts;
    if (this.rejectNext) {
      const error = this.rejectNext;
      this.rejectNext = null;
      throw error;
    }
    const messageId = `${channel.id}-${this.accepted.length + 1}`;
    const ref: PostedRef = { channel, messageId, threadId: messageId };
    this.accepted.push({ channel, reply, idempotencyKey: options.idempotencyKey, ref, at: this.clock() });
    const crash = this.crashAfterAccept;
    if (crash) {
      this.crashAfterAccept = null;
      crash();
      throw new Error('connection reset after the platform accepted the post');
    }
    return ref;
  }

  async postInThread(parent: PostedRef, reply: Reply, options: PostOptions = {}): Promise<PostedRef> {
    const ref: PostedRef = {
      channel: parent.channel,
      messageId: `${parent.threadId}.${this.accepted.length + 1}`,
      threadId: parent.threadId,
    };
    this.accepted.push({ channel: parent.channel, reply, idempotencyKey: options.idempotencyKey, ref, at: this.clock(), parent });
    return ref;
  }

  /** Top-level posts accepted in a channel, oldest first. */
  postsIn(channelId: string): AcceptedPost[] {
    return this.accepted.filter((p) => !p.parent && p.channel.id === channelId);
  }
}
