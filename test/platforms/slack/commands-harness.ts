/**
 * paperboy's real commands behind the real Bolt app (HTTP mode) against the fake Slack, on the commands
 * harness's seeded store: what the list, taste and follow wire tests share.
 */
import { expect } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import type { SlackAdapter } from '../../../src/platforms/slack/index.ts';
import type { ChannelRef, PostedRef } from '../../../src/platforms/types.ts';
import { deliverDigest } from '../../../src/scheduler/deliver.ts';
import type { SubscriptionChange } from '../../../src/store/channels.ts';
import { Store } from '../../../src/store/store.ts';
import type { FullTextSource } from '../../../src/fulltext/fetch.ts';
import type { Summariser } from '../../../src/llm/types.ts';
import { seedStore } from '../../commands/harness.ts';
import { sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../../fakes/slack.ts';
import { httpAdapter, SIGNING_SECRET } from './harness.ts';

export interface CommandsOnSlack {
  readonly fake: SlackFake;
  readonly store: Store;
  readonly adapter: SlackAdapter;
  /** http://127.0.0.1:PORT/slack/events */
  readonly endpoint: string;
  /** `/papers <text>` by `userId` in #research: the answer posted at its response_url (after any "Working on it…"). */
  slash(userId: string, text: string): Promise<{ text: string; blocks: string }>;
  /** The digest of `date` delivered to `channel` as the scheduler does, and the message Slack received. */
  postDigest(
    channel: ChannelRef,
    date: string,
    change?: SubscriptionChange,
  ): Promise<{ posted: PostedRef; paperIds: readonly number[]; titles: string[]; blocks: string }>;
  close(): Promise<void>;
}

/** `llm` and `fullText` replace the offline summariser and the abstracts-only answers (ask tests). */
export async function startCommandsOnSlack(
  options: { llm?: (store: Store) => Summariser; fullText?: FullTextSource } = {},
): Promise<CommandsOnSlack> {
  const fake = await startSlackFake();
  const store = seedStore(Store.open(':memory:'));
  const dispatcher = createDispatcher({
    services: {
      store,
      llm: options.llm?.(store) ?? new OfflineSummariser(),
      ...(options.fullText ? { fullText: options.fullText } : {}),
      rootCommand: 'papers',
    },
    commands,
    log: silentLogger,
  });
  const adapter = httpAdapter(fake, store);
  await adapter.start(dispatcher);
  const endpoint = `http://127.0.0.1:${adapter.port}/slack/events`;
  let sent = 0;
  return {
    fake,
    store,
    adapter,
    endpoint,
    async slash(userId, text) {
      const id = `answer-${++sent}`;
      const response = await sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, userId, responseUrl: fake.responseUrl(id) });
      expect(response.status).toBe(200);
      // Slow commands ack with "Working on it…" first; the answer replaces it.
      const answer = await waitFor(
        () => fake.responses.filter((r) => r.id === id).find((r) => r.body['text'] !== 'Working on it…'),
        10_000,
        `the answer to ${text}`,
      );
      return { text: String(answer.body['text']), blocks: JSON.stringify(answer.body['blocks']) };
    },
    async postDigest(channel, date, change = {}) {
      const subscription = store.subscriptions.upsert(channel, change);
      const outcome = await deliverDigest({
        store,
        llm: new OfflineSummariser(),
        adapters: { slack: adapter },
        subscription,
        date,
        now: () => new Date(),
        instanceId: 'test',
      });
      if (outcome.status !== 'posted') throw new Error(`the digest was not posted: ${outcome.status}`);
      const message = fake.messages.find((m) => m.ts === outcome.posted.messageId)!;
      const titles = outcome.paperIds.map((id) => store.papers.get(id)!.title);
      return { posted: outcome.posted, paperIds: outcome.paperIds, titles, blocks: JSON.stringify(message.blocks) };
    },
    async close() {
      await adapter.stop();
      await fake.close();
      store.close();
    },
  };
}
