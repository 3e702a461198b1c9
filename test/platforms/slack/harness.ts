/**
 * The real Bolt app (through createSlackAdapter) and a real dispatcher over an in-memory store,
 * pointed at the fake Slack. Test commands stand in for the real registry: the adapter is generic.
 */
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { defineCommand, type AnyCommand } from '../../../src/dispatch/define.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger, type Logger } from '../../../src/log.ts';
import { notice, paperList } from '../../../src/message/build.ts';
import { createSlackAdapter, type SlackAdapter, type SlackAdapterOptions } from '../../../src/platforms/slack/index.ts';
import { SLACK_LIMITS } from '../../../src/platforms/slack/limits.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import type { ParsedPaper } from '../../../src/sources/types.ts';
import { Store } from '../../../src/store/store.ts';
import { FAKE_BOT, startSlackFake, type SlackFake } from '../../fakes/slack.ts';

export const SIGNING_SECRET = 'test_signing_secret_not_real';
export const RESEARCH: ChannelRef = { platform: 'slack', id: 'C1', name: 'research' };
export const HOSTILE_TITLE = '<!channel> @everyone ask <@U123> about <https://evil.example|this> & that';

const paper = (title: string, arxivId: string, upvotes: number): ParsedPaper => ({
  title,
  abstract: `${title}. We study ${title.toLowerCase()} and report strong results on standard benchmarks.`,
  authorCount: 2,
  authors: ['Ada Lovelace', 'Alan Turing'],
  organization: null,
  publishedAt: '2024-05-01',
  upvotes,
  arxivId,
  url: `https://arxiv.org/abs/${arxivId}`,
});

export const SEED_PAPERS: readonly ParsedPaper[] = [
  paper('Diffusion Transformers at Scale', '2405.00001', 120),
  paper('Video Diffusion Without Tears', '2405.00002', 80),
  paper('Sparse Attention for Long Context', '2405.00003', 60),
  paper(HOSTILE_TITLE, '2405.00004', 40),
];

/** find, slow (5 s), compare (echoes the refs it resolved) and digest (channel visibility). */
function testCommands(ran: string[]): AnyCommand[] {
  const find = defineCommand({
    name: 'find',
    description: 'Papers whose title has these words',
    options: {
      query: { type: 'string', description: 'Title words', required: true, rest: true },
      limit: { type: 'integer', description: 'How many', min: 1, max: 100, default: 5 },
    },
    examples: ['find diffusion'],
    visibility: 'ephemeral',
    async run({ query, limit }, { services }) {
      ran.push('find');
      return paperList(`Titles with “${query}”`, await services.store.papers.findByTitle(query, limit));
    },
  });
  const slow = defineCommand({
    name: 'slow',
    description: 'Takes five seconds',
    options: {},
    examples: ['slow'],
    visibility: 'ephemeral',
    slow: true,
    async run() {
      ran.push('slow');
      await new Promise((resolve) => setTimeout(resolve, 5000));
      return notice('Finished the slow work.');
    },
  });
  const compare = defineCommand({
    name: 'compare',
    description: 'Echoes the papers its numbers refer to',
    options: { refs: { type: 'string', description: 'List numbers', required: true, rest: true } },
    examples: ['compare 1 2'],
    visibility: 'ephemeral',
    async run({ refs }, { services, channel, thread }) {
      ran.push('compare');
      const list = (await services.store.lists.load(channel, thread?.threadId ?? '')) ?? [];
      const ids = refs
        .split(/\s+/)
        .map((ref) => list[Number(ref) - 1])
        .filter((id): id is number => id !== undefined);
      return notice(`Comparing: ${(await services.store.papers.getMany(ids)).map((p) => p.title).join(' | ')}`);
    },
  });
  const digest = defineCommand({
    name: 'digest',
    description: 'Every stored paper, numbered',
    options: {},
    examples: ['digest'],
    visibility: 'channel',
    async run(_args, { services }) {
      ran.push('digest');
      return paperList('Daily digest', await services.store.papers.findByTitle('a', 50));
    },
  });
  return [find, slow, compare, digest];
}

export interface SlackHarness {
  readonly fake: SlackFake;
  readonly store: Store;
  readonly adapter: SlackAdapter;
  /** Names of the commands that ran, in order. */
  readonly ran: string[];
  /** http://127.0.0.1:PORT/slack/events (HTTP mode). */
  readonly endpoint: string;
  close(): Promise<void>;
}

/** A Slack adapter in HTTP mode against the fake, on a free loopback port: the tests' one way to make one. */
export function httpAdapter(fake: SlackFake, store: Store, extra: Partial<SlackAdapterOptions> = {}): SlackAdapter {
  return createSlackAdapter({
    botToken: FAKE_BOT.token,
    signingSecret: SIGNING_SECRET,
    mode: 'http',
    apiUrl: fake.apiUrl,
    host: '127.0.0.1',
    port: 0,
    store,
    log: silentLogger,
    ...extra,
  });
}

/**
 * `store`: use this store (seeded only if empty) instead of a fresh in-memory one; the caller closes it.
 * `log`: the adapter's logger (default silent). `apiTimeoutMs`: the adapter's Web API timeout.
 */
export async function startSlackHarness(
  mode: 'http' | 'socket' = 'http',
  options: { store?: Store; log?: Logger; apiTimeoutMs?: number } = {},
): Promise<SlackHarness> {
  const fake = await startSlackFake();
  const store = options.store ?? Store.open(':memory:');
  if (store.papers.count() === 0) {
    store.papers.ingestListing({ source: 'hf-json', listingDate: '2024-05-01', papers: [...SEED_PAPERS], problems: [] }, 'test', 'seed');
  }
  const ran: string[] = [];
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands: testCommands(ran),
    log: silentLogger,
  });
  const adapter = createSlackAdapter({
    botToken: FAKE_BOT.token,
    ...(mode === 'http' ? { signingSecret: SIGNING_SECRET } : { appToken: FAKE_BOT.appToken }),
    mode,
    apiUrl: fake.apiUrl,
    host: '127.0.0.1',
    port: 0,
    store,
    log: options.log ?? silentLogger,
    ...(options.apiTimeoutMs !== undefined ? { apiTimeoutMs: options.apiTimeoutMs } : {}),
  });
  await adapter.start(dispatcher);
  return {
    fake,
    store,
    adapter,
    ran,
    endpoint: `http://127.0.0.1:${adapter.port ?? 0}/slack/events`,
    async close() {
      await adapter.stop();
      await fake.close();
      if (!options.store) store.close();
    },
  };
}

/** An Events API envelope carrying an app_mention (wire-facts §3.4). */
export function mentionEnvelope(eventId: string, event: { text: string; ts: string; thread_ts?: string; channel?: string }) {
  return {
    token: 'deprecated',
    team_id: FAKE_BOT.teamId,
    api_app_id: 'A1',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_700_000_000,
    authorizations: [
      { enterprise_id: null, team_id: FAKE_BOT.teamId, user_id: FAKE_BOT.userId, is_bot: true, is_enterprise_install: false },
    ],
    event: { type: 'app_mention', user: 'U1', channel: event.channel ?? RESEARCH.id, event_ts: event.ts, ...event },
  };
}

interface SentBlock {
  type: string;
  text?: { text: string };
  fields?: { text: string }[];
  elements?: { text: string }[];
}

/** Problems with a message Slack would reject or truncate (wire-facts §3.6); [] when it is within the limits. */
export function limitProblems(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('no text fallback');
  else if (message.text.length > SLACK_LIMITS.text) problems.push('text over 40,000');
  const blocks = (message.blocks ?? []) as SentBlock[];
  if (blocks.length > SLACK_LIMITS.blocks) problems.push(`${blocks.length} blocks`);
  blocks.forEach((block, i) => {
    const max = block.type === 'header' ? SLACK_LIMITS.headerText : SLACK_LIMITS.sectionText;
    if ((block.text?.text.length ?? 0) > max) problems.push(`block ${i} text ${block.text?.text.length}`);
    if ((block.fields?.length ?? 0) > SLACK_LIMITS.fields) problems.push(`block ${i} has ${block.fields?.length} fields`);
    for (const part of [...(block.fields ?? []), ...(block.elements ?? [])]) {
      if (part.text.length > SLACK_LIMITS.fieldText) problems.push(`block ${i} element ${part.text.length}`);
    }
  });
  return problems;
}
