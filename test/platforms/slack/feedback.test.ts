/**
 * One-click feedback on Slack through the real Bolt app, the real commands and the real digest delivery,
 * against the fake Slack: buttons on each digest paper, a signed block_actions click (HTTP) or an interactive
 * envelope (Socket Mode), and 👍 / 👎 reactions. Each counts once when delivered twice, and the next digest
 * moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger } from '../../../src/log.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../src/platforms/slack/index.ts';
import { deliverDigest } from '../../../src/scheduler/deliver.ts';
import { Store } from '../../../src/store/store.ts';
import { seedStore } from '../../commands/harness.ts';
import {
  blockActionsPayload,
  FAKE_BOT,
  reactionEnvelope,
  sendSignedEvent,
  sendSignedInteraction,
  sendSignedSlashCommand,
  startSlackFake,
  waitFor,
  type SlackFake,
} from '../../fakes/slack.ts';
import { httpAdapter, RESEARCH, SIGNING_SECRET } from './harness.ts';

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
}
const buttonsOf = (blocks: unknown): Button[] =>
  ((blocks ?? []) as { type: string; elements?: Button[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

function dispatcherFor(store: Store) {
  return createDispatcher({ services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' }, commands, log: silentLogger });
}

async function postDigest(store: Store, adapter: SlackAdapter, fake: SlackFake) {
  const outcome = await deliverDigest({
    store,
    llm: new OfflineSummariser(),
    adapters: { slack: adapter },
    subscription: store.subscriptions.upsert(RESEARCH, {}),
    date: '2025-12-18',
    now: () => new Date(),
    instanceId: 'test',
  });
  if (outcome.status !== 'posted') throw new Error(`the digest was not posted: ${outcome.status}`);
  const message = fake.messages.find((m) => m.ts === outcome.posted.messageId)!;
  return { ts: message.ts, titles: outcome.paperIds.map((id) => store.papers.get(id)!.title), blocks: message.blocks };
}

describe('feedback buttons and reactions on Slack, HTTP mode', () => {
  let fake: SlackFake;
  let store: Store;
  let adapter: SlackAdapter;
  let endpoint: string;
  let sent = 0;
  beforeAll(async () => {
    fake = await startSlackFake();
    store = seedStore(Store.open(':memory:'));
    adapter = httpAdapter(fake, store);
    await adapter.start(dispatcherFor(store));
    endpoint = `http://127.0.0.1:${adapter.port}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
    store.close();
  });

  /** Clicks a button (signed block_actions); resolves with the ephemeral confirmation posted at its response_url. */
  const click = async (button: Button, userId = 'U1') => {
    const id = `click-${++sent}`;
    const payload = blockActionsPayload({ actionId: button.action_id, value: button.value, responseUrl: fake.responseUrl(id), userId });
    const response = await sendSignedInteraction(endpoint, SIGNING_SECRET, payload);
    expect(response.status).toBe(200);
    expect(response.elapsedMs).toBeLessThan(3000);
    const answer = await waitFor(() => fake.responses.find((r) => r.id === id), 10_000, 'the confirmation');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    return String(answer.body['text']);
  };
  const slash = async (text: string) => {
    const id = `slash-${++sent}`;
    await sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, userId: 'U1', responseUrl: fake.responseUrl(id) });
    const answer = await waitFor(
      () => fake.responses.filter((r) => r.id === id).find((r) => r.body['text'] !== 'Working on it…'),
      10_000,
      text,
    );
    return { text: String(answer.body['text']), blocks: JSON.stringify(answer.body['blocks']) };
  };
  const votes = () => store.feedback.ofChannel(RESEARCH).filter((p) => p.likes + p.dislikes > 0);

  it('GIVEN a posted digest THEN each paper has 👍 👎 Save and Take back buttons naming it by arXiv id', async () => {
    const digest = await postDigest(store, adapter, fake);
    expect(digest.titles[0]).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
    const buttons = buttonsOf(digest.blocks);
    expect(buttons.filter((b) => b.action_id === 'paperboy_like').map((b) => b.value)).toHaveLength(digest.titles.length);
    expect(buttons.filter((b) => b.value === '2512.00003').map((b) => b.text.text)).toEqual(['👍', '👎', 'Save', 'Take back']);
  });

  it('GIVEN 👍 clicked twice THEN the like counts once, the clicker is told, and the next digest moves a similar paper up, saying why', async () => {
    const like = { action_id: 'paperboy_like', value: '2512.00001', text: { text: '👍' } };
    expect(await click(like)).toMatch(/^Liked “Diffusion Transformers for Video Generation”/);
    expect(await click(like)).toMatch(/already liked/);
    expect(votes()).toEqual([expect.objectContaining({ likes: 1, dislikes: 0 })]);

    const next = await slash('digest 2025-12-18');
    expect(next.text).toMatch(/\n1\. Video Diffusion with Sparse Attention/);
    expect(next.blocks).toContain('similar to “Diffusion Transformers for Video Generation”, which this channel liked');
  });

  it('GIVEN Take back clicked (twice) THEN the vote is gone once; a Save goes to the clicker’s own list', async () => {
    const unvote = { action_id: 'paperboy_unvote', value: '2512.00001', text: { text: 'Take back' } };
    expect(await click(unvote)).toMatch(/^Took back your vote on “Diffusion Transformers/);
    expect(await click(unvote)).toMatch(/had no vote from you/);
    expect(votes()).toEqual([]);
    expect(await click({ action_id: 'paperboy_save', value: '2512.00004', text: { text: 'Save' } }, 'U2')).toMatch(/^Saved “Mamba/);
    expect(store.feedback.savedBy('slack', 'U2')).toHaveLength(1);
    expect(store.feedback.savedBy('slack', 'U1')).toHaveLength(0);
  });

  it('GIVEN a forged click (bad signature) or a value that is no paper THEN nothing is stored', async () => {
    const payload = blockActionsPayload({ actionId: 'paperboy_dislike', value: '2512.00003', responseUrl: fake.responseUrl('forged') });
    const forged = await sendSignedInteraction(endpoint, SIGNING_SECRET, payload, { signWith: 'not-the-secret' });
    expect(forged.status).toBe(401);
    const junk = blockActionsPayload({ actionId: 'paperboy_dislike', value: '<!channel> http://x', responseUrl: fake.responseUrl('junk') });
    expect((await sendSignedInteraction(endpoint, SIGNING_SECRET, junk)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(votes()).toEqual([]);
  });

  it('GIVEN 🔥 on a paper’s own message, delivered twice THEN one like; removing it takes the vote back', async () => {
    await sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text: 'paper 2512.00006 share', responseUrl: fake.responseUrl('share') });
    const posted = await waitFor(() => fake.messages.find((m) => buttonsOf(m.blocks).length === 4), 10_000, 'the shared paper');
    expect(buttonsOf(posted.blocks).map((b) => b.value)).toEqual(Array(4).fill('2512.00006'));
    const added = reactionEnvelope('Ev-fire', { type: 'reaction_added', reaction: 'fire', channel: RESEARCH.id, ts: posted.ts });
    expect((await sendSignedEvent(endpoint, SIGNING_SECRET, added)).status).toBe(200);
    expect((await sendSignedEvent(endpoint, SIGNING_SECRET, added, { retryNum: 1 })).status).toBe(200);
    await waitFor(() => votes().length > 0, 5000, 'the like');
    expect(votes()).toEqual([expect.objectContaining({ likes: 1 })]);
    expect(store.papers.get(votes()[0]!.paperId)!.arxivId).toBe('2512.00006');

    const removed = reactionEnvelope('Ev-unfire', { type: 'reaction_removed', reaction: 'fire', channel: RESEARCH.id, ts: posted.ts });
    await sendSignedEvent(endpoint, SIGNING_SECRET, removed);
    await waitFor(() => votes().length === 0, 5000, 'the vote taken back');
  });

  it('GIVEN 👎 on a digest message of several papers THEN nothing is counted (it cannot say which)', async () => {
    const digest = fake.messages.find((m) => buttonsOf(m.blocks).length > 4)!;
    const thumbs = reactionEnvelope('Ev-down', { type: 'reaction_added', reaction: '-1', channel: RESEARCH.id, ts: digest.ts });
    expect((await sendSignedEvent(endpoint, SIGNING_SECRET, thumbs)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(votes()).toEqual([]);
  });
});

describe('feedback buttons on Slack, Socket Mode', () => {
  it('GIVEN an interactive envelope delivered twice THEN it is acked and the dislike counts once', async () => {
    const fake = await startSlackFake();
    const store = seedStore(Store.open(':memory:'));
    const adapter = createSlackAdapter({
      botToken: FAKE_BOT.token,
      appToken: FAKE_BOT.appToken,
      mode: 'socket',
      apiUrl: fake.apiUrl,
      store,
      log: silentLogger,
    });
    try {
      await adapter.start(dispatcherFor(store));
      await waitFor(() => fake.socketCount() > 0, 5000, 'the socket');
      const payload = blockActionsPayload({ actionId: 'paperboy_dislike', value: '2512.00003', responseUrl: fake.responseUrl('sock') });
      const first = fake.pushEnvelope('interactive', payload);
      const second = fake.pushEnvelope('interactive', payload);
      await waitFor(() => fake.acks.some((a) => a.envelope_id === first) && fake.acks.some((a) => a.envelope_id === second), 5000, 'acks');
      await waitFor(() => fake.responses.filter((r) => r.id === 'sock').length === 2, 5000, 'both confirmations');
      expect(store.feedback.ofChannel(RESEARCH)).toEqual([expect.objectContaining({ likes: 0, dislikes: 1 })]);
      expect(fake.responses.filter((r) => r.id === 'sock').map((r) => String(r.body['text']))).toEqual([
        expect.stringMatching(/^Disliked “Agents That Plan/),
        expect.stringMatching(/already disliked/),
      ]);
    } finally {
      await adapter.stop();
      await fake.close();
      store.close();
    }
  });
});
