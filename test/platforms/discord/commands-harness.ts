/** paperboy's real commands behind real discord.js against the fake Discord, on the commands harness's seeded store. */
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import type { ChannelRef, PostedRef } from '../../../src/platforms/types.ts';
import { deliverDigest } from '../../../src/scheduler/deliver.ts';
import { Store } from '../../../src/store/store.ts';
import type { FullTextSource } from '../../../src/fulltext/fetch.ts';
import type { Summariser } from '../../../src/llm/types.ts';
import { seedStore } from '../../commands/harness.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';

export interface CommandsOnDiscord {
  readonly fake: FakeDiscord;
  readonly store: Store;
  readonly adapter: DiscordAdapter;
  /** The fake guild's text channel. */
  readonly channel: ChannelRef;
  readonly dispatcher: ReturnType<typeof createDispatcher>;
  /** The day's digest posted in the channel through the real scheduler path (a thread opens under it). */
  postDigest(date?: string): Promise<{ posted: PostedRef; paperIds: readonly number[] }>;
  close(): Promise<void>;
}

/** `llm` and `fullText` replace the offline summariser and the abstracts-only answers (ask tests). */
export async function startCommandsOnDiscord(
  options: { llm?: (store: Store) => Summariser; fullText?: FullTextSource } = {},
): Promise<CommandsOnDiscord> {
  const fake = await startFakeDiscord();
  const store = seedStore(Store.open(':memory:'));
  const channel: ChannelRef = { platform: 'discord', id: fake.ids.channel };
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
  const adapter = createDiscordAdapter({ token: 'MTAx.fake.token', apiUrl: fake.apiUrl, store, log: silentLogger });
  await adapter.start(dispatcher);
  return {
    fake,
    store,
    adapter,
    channel,
    dispatcher,
    async postDigest(date = '2025-12-18') {
      const outcome = await deliverDigest({
        store,
        llm: new OfflineSummariser(),
        adapters: { discord: adapter },
        subscription: store.subscriptions.upsert(channel, {}),
        date,
        now: () => new Date(),
        instanceId: 'test',
      });
      if (outcome.status !== 'posted') throw new Error(`the digest was not posted: ${outcome.status}`);
      return { posted: outcome.posted, paperIds: outcome.paperIds };
    },
    async close() {
      await adapter.stop();
      await fake.close();
      store.close();
    },
  };
}
