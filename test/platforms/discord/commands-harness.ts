/** paperboy's real commands behind real discord.js against the fake Discord, on the commands harness's seeded store. */
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { Store } from '../../../src/store/store.ts';
import { seedStore } from '../../commands/harness.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';

export interface CommandsOnDiscord {
  readonly fake: FakeDiscord;
  readonly store: Store;
  readonly adapter: DiscordAdapter;
  /** The fake guild's text channel. */
  readonly channel: ChannelRef;
  readonly dispatcher: ReturnType<typeof createDispatcher>;
  close(): Promise<void>;
}

export async function startCommandsOnDiscord(): Promise<CommandsOnDiscord> {
  const fake = await startFakeDiscord();
  const store = seedStore(Store.open(':memory:'));
  const channel: ChannelRef = { platform: 'discord', id: fake.ids.channel };
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
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
    async close() {
      await adapter.stop();
      await fake.close();
      store.close();
    },
  };
}
