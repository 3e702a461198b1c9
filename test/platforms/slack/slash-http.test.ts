import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_ACK_DEADLINE_MS } from '../../../src/platforms/slack/limits.ts';
import { sendSignedSlashCommand, waitFor } from '../../fakes/slack.ts';
import { limitProblems, RESEARCH, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';

describe('Slack slash commands over HTTP (real Bolt app, fake Slack)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(() => h.close());

  const slash = (text: string, id: string, options = {}) =>
    sendSignedSlashCommand(h.endpoint, SIGNING_SECRET, { text, responseUrl: h.fake.responseUrl(id) }, options);
  const answerAt = (id: string) => waitFor(() => h.fake.responses.find((r) => r.id === id), 10_000, `an answer at response_url ${id}`);

  it('GIVEN the app starts THEN it has called auth.test at the configured API URL with the bot token', () => {
    const authTest = h.fake.callsTo('auth.test');
    expect(authTest).toHaveLength(1);
    expect(authTest[0]!.headers.authorization).toBe('Bearer xoxb-test');
  });

  it('GIVEN a signed /papers find THEN it is acked at once and the answer reaches response_url within the limits', async () => {
    const sent = await slash('find diffusion', 'find-1');
    expect(sent.status).toBe(200);
    expect(sent.elapsedMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    const answer = await answerAt('find-1');
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(limitProblems(answer.body)).toEqual([]);
    const blocks = JSON.stringify(answer.body['blocks']);
    expect(blocks).toContain('*1.* <https://arxiv.org/abs/2405.00001|Diffusion Transformers at Scale>  ▲120');
    expect(blocks).toContain('*2.* <https://arxiv.org/abs/2405.00002|Video Diffusion Without Tears>');
  });

  it('GIVEN Slack refuses the answer at response_url (400 invalid_blocks) THEN the user is told so there, not left with the ack alone', async () => {
    h.fake.refuseNextResponse('refused-1', 'invalid_blocks');
    const sent = await slash('find diffusion', 'refused-1');
    expect(sent.status).toBe(200);
    const posts = await waitFor(() => {
      const found = h.fake.responses.filter((r) => r.id === 'refused-1');
      return found.length === 2 ? found : undefined;
    });
    expect(posts[0]!.body['blocks']).toBeDefined();
    expect(posts[1]!.body).toMatchObject({
      response_type: 'ephemeral',
      text: "Sorry, Slack refused this answer (400 Bad Request), so it can't be shown here. The details are in paperboy's log.",
    });
  });

  it('GIVEN a command that takes 5 s THEN the ack (HTTP 200, "Working on it…") comes within 3 s and the answer replaces it', async () => {
    const sent = await slash('slow', 'slow-1');
    expect(sent.status).toBe(200);
    expect(sent.elapsedMs).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    expect(JSON.parse(sent.body)).toMatchObject({ response_type: 'ephemeral', text: 'Working on it…' });
    const answer = await answerAt('slow-1');
    expect(answer.body).toMatchObject({ replace_original: true, response_type: 'ephemeral', text: 'Finished the slow work.' });
  });

  it.each([
    ['a bad signature', { signWith: 'not-the-secret' }],
    ['a missing timestamp', { omitTimestamp: true }],
    ['a timestamp older than 5 minutes', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
  ])('GIVEN %s THEN 401, no command runs, nothing reaches Slack and the store is unchanged', async (_what, options) => {
    const before = {
      ran: h.ran.length,
      calls: h.fake.calls.length,
      responses: h.fake.responses.length,
      list: h.store.lists.load(RESEARCH),
    };
    const sent = await slash('find attention', 'rejected', options);
    expect(sent.status).toBe(401);
    expect(h.ran.length).toBe(before.ran);
    expect(h.fake.calls.length).toBe(before.calls);
    expect(h.fake.responses.length).toBe(before.responses);
    expect(h.store.lists.load(RESEARCH)).toEqual(before.list);
  });

  it('GIVEN a title with <!channel>, @everyone and <@U123> THEN what Slack receives has them escaped, pinging no one', async () => {
    await slash('find everyone', 'hostile-1');
    const answer = await answerAt('hostile-1');
    const sent = JSON.stringify(answer.body);
    expect(sent).toContain('&lt;!channel&gt; @everyone ask &lt;@U123&gt; about &lt;https://evil.example|this&gt; &amp; that');
    expect(sent).not.toMatch(/<!channel>|<@U123>|<https:\/\/evil/);
  });

  it('GIVEN a command with channel visibility THEN the answer is in_channel', async () => {
    await slash('digest', 'digest-1');
    expect((await answerAt('digest-1')).body['response_type']).toBe('in_channel');
  });

  it('GIVEN "share" THEN the answer is posted with chat.postMessage and its list numbers its thread', async () => {
    const sent = await slash('find diffusion share', 'share-1');
    expect(sent.status).toBe(200);
    const posted = await waitFor(
      () => h.fake.messages.find((m) => m.channel === RESEARCH.id && String(m.text).startsWith('Titles with')),
      10_000,
      'the shared post',
    );
    expect(limitProblems(posted)).toEqual([]);
    expect(h.store.lists.load(RESEARCH, posted.ts)).toHaveLength(2);
    expect(h.fake.responses.find((r) => r.id === 'share-1')).toBeUndefined();
  });

  it('GIVEN "share" where the bot is not a member THEN the user is told why, ephemerally, and how to fix it', async () => {
    h.fake.failNext('chat.postMessage', { error: 'not_in_channel' });
    await slash('find video --share', 'share-2');
    const answer = await answerAt('share-2');
    expect(answer.body['response_type']).toBe('ephemeral');
    expect(answer.body['text']).toBe("I can't post in #research (C1): not_in_channel — invite me with /invite @paperboy");
  });
});
