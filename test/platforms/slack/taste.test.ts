/**
 * A channel's taste on Slack: the real commands, the real Bolt app and the real digest delivery against the
 * fake Slack. A like (sent twice) counts once, the next digest's order changes and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { type SlackAdapter } from '../../../src/platforms/slack/index.ts';
import { deliverDigest } from '../../../src/scheduler/deliver.ts';
import { Store } from '../../../src/store/store.ts';
import { seedStore } from '../../commands/harness.ts';
import { sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../../fakes/slack.ts';
import { httpAdapter, RESEARCH, SIGNING_SECRET } from './harness.ts';

describe('taste on Slack (real commands, real Bolt app, fake Slack)', () => {
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

  /** `/papers <text>` by a user in #research: the answer posted at its response_url. */
  const slash = async (userId: string, text: string) => {
    const id = `taste-${++sent}`;
    const response = await sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, userId, responseUrl: fake.responseUrl(id) });
    expect(response.status).toBe(200);
    const answer = await waitFor(
      () => fake.responses.filter((r) => r.id === id).find((r) => r.body['text'] !== 'Working on it…'),
      10_000,
      `the answer to ${text}`,
    );
    return { text: String(answer.body['text']), blocks: JSON.stringify(answer.body['blocks']) };
  };
  const digestTitles = async () => {
    const subscription = store.subscriptions.upsert(RESEARCH, {});
    const outcome = await deliverDigest({
      store,
      llm: new OfflineSummariser(),
      adapters: { slack: adapter },
      subscription,
      date: '2025-12-18',
      now: () => new Date(),
      instanceId: 'test',
    });
    if (outcome.status !== 'posted') throw new Error(`the digest was not posted: ${outcome.status}`);
    const message = fake.messages.find((m) => m.ts === outcome.posted.messageId)!;
    return { titles: outcome.paperIds.map((id) => store.papers.get(id)!.title), blocks: JSON.stringify(message.blocks) };
  };

  it('GIVEN a like sent twice THEN it counts once, and the next digest puts a similar paper first, saying why', async () => {
    const before = await digestTitles();
    expect(before.titles[0]).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
    expect(before.blocks).not.toContain('which this channel liked');

    expect((await slash('U1', 'like 2512.00001')).text).toMatch(/^Liked “Diffusion Transformers for Video Generation”/);
    expect((await slash('U1', 'like 2512.00001')).text).toMatch(/already liked/);
    expect(store.feedback.ofChannel(RESEARCH)).toEqual([expect.objectContaining({ likes: 1, dislikes: 0 })]);

    const answer = await slash('U1', 'digest 2025-12-18');
    expect(answer.text).toMatch(/^Daily papers — Thu 18 Dec 2025[\s\S]*\n1\. Video Diffusion with Sparse Attention/);
    expect(answer.blocks).toContain('similar to “Diffusion Transformers for Video Generation”, which this channel liked');
    expect(answer.blocks).toMatch(/Taste \(what 1 paper liked or saved here suggest\) moved \d+ papers/);
  });

  it('GIVEN one person saves a paper THEN another person’s saved list does not show it', async () => {
    await slash('U1', 'save 2512.00004');
    expect((await slash('U1', 'saved')).text).toContain('Mamba Meets Attention');
    const theirs = await slash('U2', 'saved');
    expect(theirs.text).not.toContain('Mamba Meets Attention');
    expect(theirs.text).toContain('Your reading list is empty.');
  });
});
