/**
 * Following on Slack: the real commands, the real Bolt app and the real digest delivery against the fake Slack.
 * A follow made by slash command puts the author's new paper into the next posted digest, with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { type SlackAdapter } from '../../../src/platforms/slack/index.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { deliverDigest } from '../../../src/scheduler/deliver.ts';
import { Store } from '../../../src/store/store.ts';
import { seedStore } from '../../commands/harness.ts';
import { sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../../fakes/slack.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { httpAdapter, RESEARCH, SIGNING_SECRET } from './harness.ts';

const ELSEWHERE: ChannelRef = { platform: 'slack', id: 'C9', name: 'elsewhere' };
const NEW_PAPER = 'Joint Embedding Predictive Architectures for Video';

describe('following on Slack (real commands, real Bolt app, fake Slack)', () => {
  let fake: SlackFake;
  let store: Store;
  let adapter: SlackAdapter;
  let endpoint: string;
  let sent = 0;
  beforeAll(async () => {
    fake = await startSlackFake();
    store = seedStore(Store.open(':memory:'));
    const dispatcher = createDispatcher({
      services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands,
      log: silentLogger,
    });
    adapter = httpAdapter(fake, store);
    await adapter.start(dispatcher);
    endpoint = `http://127.0.0.1:${adapter.port}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
    store.close();
  });

  const slash = async (text: string) => {
    const id = `follow-${++sent}`;
    const response = await sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, userId: 'U1', responseUrl: fake.responseUrl(id) });
    expect(response.status).toBe(200);
    const answer = await waitFor(
      () => fake.responses.filter((r) => r.id === id).find((r) => r.body['text'] !== 'Working on it…'),
      10_000,
      `the answer to ${text}`,
    );
    return String(answer.body['text']);
  };
  const postedDigest = async (channel: ChannelRef) => {
    const subscription = store.subscriptions.upsert(channel, { size: 3 });
    const outcome = await deliverDigest({
      store,
      llm: new OfflineSummariser(),
      adapters: { slack: adapter },
      subscription,
      date: '2025-12-19',
      now: () => new Date(),
      instanceId: 'test',
    });
    if (outcome.status !== 'posted') throw new Error(`the digest was not posted: ${outcome.status}`);
    const message = fake.messages.find((m) => m.ts === outcome.posted.messageId)!;
    return { titles: outcome.paperIds.map((id) => store.papers.get(id)!.title), blocks: JSON.stringify(message.blocks) };
  };

  it('GIVEN a follow by slash command THEN the author’s new paper is in the next posted digest with its reason, and only here', async () => {
    expect(await slash('follow author:"Yann LeCun"')).toMatch(/^This channel now follows author “Yann LeCun” \(1 known paper\)/);
    expect(await slash('following')).toContain('• author “Yann LeCun” (1 known paper)');
    store.papers.ingestListing(
      listing('hf-json', '2025-12-19', [
        ...[300, 200, 100, 50].map((upvotes, i) =>
          parsed({ title: `Popular Paper ${i}`, arxivId: `2512.0005${i}`, upvotes, publishedAt: '2025-12-19' }),
        ),
        parsed({
          title: NEW_PAPER,
          arxivId: '2512.00060',
          authors: ['Yann LeCun', 'Randall Balestriero'],
          organization: { slug: 'facebook', name: 'AI at Meta' },
          publishedAt: '2025-12-19',
        }),
      ]),
      'hf:2025-12-19',
      'w',
      new Date('2025-12-19T08:00:00Z'),
    );

    const here = await postedDigest(RESEARCH);
    expect(here.titles[0]).toBe(NEW_PAPER);
    expect(here.titles).toHaveLength(4);
    expect(here.blocks).toContain('From people you follow');
    expect(here.blocks).toContain('by Yann LeCun, whom this channel follows');

    const elsewhere = await postedDigest(ELSEWHERE);
    expect(elsewhere.titles).toEqual(['Popular Paper 0', 'Popular Paper 1', 'Popular Paper 2']);
    expect(elsewhere.blocks).not.toContain('follow');
  });
});
