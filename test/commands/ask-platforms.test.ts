/**
 * Questions in digest threads on Slack (real Bolt) and Discord (real discord.js), answered in the thread
 * from the fake arXiv HTML by the OpenAI summariser against the fake OpenAI server, with section citations.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFullTextSource } from '../../src/fulltext/fetch.ts';
import { createSummariser } from '../../src/llm/index.ts';
import { silentLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { startFakeArxivHtml, type FakeArxivHtml } from '../fakes/arxiv-html.ts';
import { promptOf, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.ts';
import { sendSignedEvent, waitFor } from '../fakes/slack.ts';
import { startCommandsOnDiscord, type CommandsOnDiscord } from '../platforms/discord/commands-harness.ts';
import { startCommandsOnSlack, type CommandsOnSlack } from '../platforms/slack/commands-harness.ts';
import { mentionEnvelope, RESEARCH, SIGNING_SECRET } from '../platforms/slack/harness.ts';
import { citing, citingModel, HIDDEN, VIDEO_PAPER } from './ask-setup.ts';

describe('a question in a digest thread is answered there, citing sections', () => {
  let openai: FakeOpenAI;
  let arxiv: FakeArxivHtml;
  const services = () => ({
    llm: (store: Store) =>
      createSummariser({
        apiKey: 'sk-test',
        baseURL: openai.baseURL,
        model: 'gpt-test',
        timeoutMs: 5000,
        maxRetries: 0,
        concurrency: 2,
        db: store.db,
        log: silentLogger,
      }),
    fullText: createFullTextSource({ baseUrl: arxiv.baseUrl, timeoutMs: 5000, retries: 0 }),
  });
  beforeAll(async () => {
    openai = await startFakeOpenAI();
    openai.fallback = citingModel();
    arxiv = await startFakeArxivHtml();
    arxiv.page('2512.00001', VIDEO_PAPER);
  });
  afterAll(async () => {
    await openai.close();
    await arxiv.close();
  });
  const lastPrompt = () => promptOf(openai.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!);

  describe('on Slack', () => {
    let slack: CommandsOnSlack;
    beforeAll(async () => {
      slack = await startCommandsOnSlack(services());
    });
    afterAll(() => slack.close());

    it('GIVEN the digest in a channel WHEN "@paperboy what dataset does 1 use?" in its thread THEN the answer is posted there with §4.2', async () => {
      const { posted, paperIds } = await slack.postDigest(RESEARCH, '2025-12-18');
      arxiv.page(slack.store.papers.get(paperIds[0]!)!.arxivId!, VIDEO_PAPER);
      const envelope = mentionEnvelope('Ev-ask-1', {
        text: '<@UBOT> what dataset does 1 use?',
        ts: '1700000400.000001',
        thread_ts: posted.threadId,
      });
      expect((await sendSignedEvent(slack.endpoint, SIGNING_SECRET, envelope)).status).toBe(200);
      const answer = await waitFor(
        () => slack.fake.messages.find((m) => m.thread_ts === posted.threadId),
        15_000,
        'the answer in the thread',
      );
      const shown = JSON.stringify(answer.blocks);
      expect(shown).toContain('It trains on UCF-101 and Kinetics-600 (§4.2).');
      expect(shown).not.toContain('There is no command');
      expect(lastPrompt()).toContain('section="§4.2 Training data"');
      expect(lastPrompt()).not.toContain(HIDDEN);
    });
  });

  describe('on Discord', () => {
    let discord: CommandsOnDiscord;
    beforeAll(async () => {
      discord = await startCommandsOnDiscord(services());
    });
    afterAll(() => discord.close());

    it('GIVEN the digest in a channel WHEN "@paperboy which of these needs the least compute?" in its thread THEN the answer is posted there with sections', async () => {
      const { store, adapter, fake, channel } = discord;
      const outcome = await discord.postDigest();
      const thread = outcome.posted.threadId;
      const [first, second] = store.papers.getMany(outcome.paperIds);
      arxiv.page(first!.arxivId!, VIDEO_PAPER);
      await waitFor(() => adapter.client.channels.cache.get(thread));
      openai.script(citing('§5', 'Training takes 3 days', 'Paper 1 trains in 3 days on 64 GPUs (§5 of [1]).'));
      fake.say(thread, `<@${fake.ids.bot}> which of these needs the least compute?`);
      const answer = await waitFor(
        () => fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${thread}/messages`),
        15_000,
      );
      const shown = JSON.stringify(answer.body);
      // discord.js markdown escaping turns "[1]" into "\\[1]".
      const plain = shown.replace(/\\\\\[/g, '[');
      expect(plain).toContain('Paper 1 trains in 3 days on 64 GPUs (§5 of [1]).');
      expect(plain).toContain(`[2] ${second!.title}`); // the thread's other papers were asked about too
      expect(plain).toMatch(
        /No full text for \[2\], \[3\], \[4\] and \[5\] \(arXiv has no HTML version of it\), so their abstracts were used/,
      );
      expect(shown).not.toContain('There is no command');
      expect(lastPrompt()).toContain(`Paper 2: ${second!.title}`);
      expect(lastPrompt()).not.toContain(HIDDEN);
    });
  });
});
