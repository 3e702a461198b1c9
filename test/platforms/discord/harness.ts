import { setTimeout as sleep } from 'node:timers/promises';
import { defineCommand, type AnyCommand } from '../../../src/dispatch/define.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { notice, paperList } from '../../../src/message/build.ts';
import { createDiscordAdapter, type DiscordAdapter } from '../../../src/platforms/discord/index.ts';
import type { ParsedPaper } from '../../../src/sources/types.ts';
import { Store } from '../../../src/store/store.ts';
import { startFakeDiscord, type FakeDiscord } from '../../fakes/discord.ts';

export const TRICKY_TITLES = [
  'Attention for @everyone: scaling laws',
  'Ping @here with *bold* _claims_',
  'Who is <@123>? Identity in LLMs',
  '<@&456> roles and [links](https://evil.example)',
];

export function parsedPaper(i: number, overrides: Partial<ParsedPaper> = {}): ParsedPaper {
  return {
    title: TRICKY_TITLES[i] ?? `Diffusion model study number ${i}`,
    abstract: `We study diffusion number ${i}. It works well on benchmarks.`,
    authorCount: 4,
    authors: ['Ada Lovelace', 'Alan Turing', 'Grace Hopper', 'Edsger Dijkstra'],
    organization: { slug: 'lab', name: 'Lab' },
    publishedAt: '2025-12-18',
    upvotes: 40 - i,
    arxivId: `2512.${String(10000 + i)}`,
    url: `https://arxiv.org/abs/2512.${String(10000 + i)}`,
    ...overrides,
  };
}

export function seededStore(count = 8, longTitles = false): Store {
  const store = Store.open(':memory:');
  const long = (i: number) => ({ title: `Diffusion model study number ${i}: ${'a very long title '.repeat(16)}` });
  const papers = Array.from({ length: count }, (_, i) => parsedPaper(i, longTitles && i >= TRICKY_TITLES.length ? long(i) : {}));
  store.papers.ingestListing({ listingDate: '2025-12-18', source: 'hf-json', papers, problems: [] }, 'test', 'hash-1');
  return store;
}

/** Generic commands standing in for the registry: a search with autocomplete, a slow one, and list references. */
export const testCommands: AnyCommand[] = [
  defineCommand({
    name: 'search',
    description: 'Search stored papers by title',
    options: {
      query: { type: 'string', description: 'Words from the title', required: true, rest: true, autocomplete: true },
      limit: { type: 'integer', description: 'How many results', min: 1, max: 60, default: 5 },
      share: { type: 'boolean', description: 'Post the answer in the channel for everyone' },
    },
    examples: ['search diffusion'],
    visibility: 'ephemeral',
    async run({ query, limit }, { services }) {
      const hits = await services.store.papers.findByTitle(query, limit);
      return hits.length > 0 ? paperList(`Results for “${query}”`, hits) : notice(`No papers match “${query}”.`);
    },
    autocomplete: async (_option, partial, { services }) =>
      (await services.store.papers.findByTitle(partial || 'a', 100)).map((p) => ({ name: p.title, value: p.arxivId ?? String(p.id) })),
  }),
  defineCommand({
    name: 'slow',
    description: 'Takes longer than the 3 s interaction deadline',
    options: {},
    examples: ['slow'],
    visibility: 'channel',
    slow: true,
    async run() {
      await sleep(3500);
      return notice('Finally done.');
    },
  }),
  defineCommand({
    name: 'compare',
    description: 'Compare papers from the last list by number',
    options: { refs: { type: 'string', description: 'Numbers from the list', required: true, rest: true } },
    examples: ['compare 1 2'],
    visibility: 'channel',
    async run({ refs }, { services, channel, thread }) {
      const ids = (await services.store.lists.load(channel, thread?.threadId)) ?? [];
      const picked = (refs.match(/\d+/g) ?? []).map((n) => ids[Number(n) - 1]).filter((id): id is number => id !== undefined);
      const papers = await services.store.papers.getMany(picked);
      return notice(`Comparing ${papers.map((p) => p.title).join(' vs ')}`);
    },
  }),
];

export interface Harness {
  fake: FakeDiscord;
  store: Store;
  adapter: DiscordAdapter;
  stop(): Promise<void>;
}

export async function startHarness(
  options: {
    heartbeatIntervalMs?: number;
    papers?: number;
    longTitles?: boolean;
    commands?: AnyCommand[];
    store?: Store;
    restTimeoutMs?: number;
  } = {},
): Promise<Harness> {
  const fake = await startFakeDiscord(options);
  const store = options.store ?? seededStore(options.papers, options.longTitles);
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands: options.commands ?? testCommands,
    log: silentLogger,
  });
  const adapter = createDiscordAdapter({
    token: 'MTAx.fake.token',
    apiUrl: fake.apiUrl,
    store,
    log: silentLogger,
    ...(options.restTimeoutMs ? { restTimeoutMs: options.restTimeoutMs } : {}),
  });
  await adapter.start(dispatcher);
  return {
    fake,
    store,
    adapter,
    async stop() {
      await adapter.stop();
      await fake.close();
      store.close();
    },
  };
}

/** Polls until `check` returns a value (the fake records asynchronously); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: timed out');
    await sleep(20);
  }
}
