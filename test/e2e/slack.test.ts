import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.ts';
import { FAKE_BOT, sendSignedEvent, sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../fakes/slack.ts';
import { freePort, runPaperboy, startPaperboy, type Running } from './process.ts';

const SECRET = 'e2e_signing_secret';

describe('npm start with Slack configured (a real process, every URL on loopback)', () => {
  let slack: SlackFake;
  let openai: FakeOpenAI;
  let paperboy: Running;
  let endpoint: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    [slack, openai] = await Promise.all([startSlackFake(), startFakeOpenAI()]);
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}/slack/events`;
    env = {
      PAPERBOY_DB: join(mkdtempSync(join(tmpdir(), 'paperboy-e2e-')), 'paperboy.db'),
      SLACK_BOT_TOKEN: FAKE_BOT.token,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: slack.apiUrl,
      HOST: '127.0.0.1',
      PORT: String(port),
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseURL,
    };
    // A chat platform's store gets no sample listings by itself: load them explicitly, as a demo would.
    expect((await runPaperboy(['demo'], env)).code).toBe(0);
    paperboy = startPaperboy(['start'], env);
    await paperboy.waitForOutput(/paperboy is running on slack/, 30_000);
  }, 40_000);

  afterAll(async () => {
    await paperboy?.stop();
    await Promise.all([slack?.close(), openai?.close()]);
  });

  it('answers a signed /papers search at its response_url after an ack well within 3 s', async () => {
    const sent = await sendSignedSlashCommand(endpoint, SECRET, {
      text: 'search "video generation"',
      responseUrl: slack.responseUrl('search'),
    });
    expect(sent.status).toBe(200);
    expect(sent.elapsedMs).toBeLessThan(3000);
    const answer = await waitFor(() => slack.responses.find((r) => r.id === 'search'));
    expect(JSON.stringify(answer.body.blocks)).toContain('Video Generation');
    expect(answer.body.response_type).toBe('ephemeral');
  });

  it('shows "working on it" for an LLM command, then the model’s summary', async () => {
    const sent = await sendSignedSlashCommand(endpoint, SECRET, { text: 'summarize 1', responseUrl: slack.responseUrl('summary') });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatch(/Working on it/);
    const answer = await waitFor(() => slack.responses.find((r) => r.id === 'summary'));
    expect(JSON.stringify(answer.body)).toContain('The paper proposes a method and reports gains.');
    expect(openai.requests.length).toBeGreaterThanOrEqual(1);
  });

  it('posts a digest once through `digest post`, and answers "compare 1 2" in its thread', async () => {
    const first = await runPaperboy(['digest', 'post', '--to', 'slack:C42', '--no-fetch'], env);
    expect(first.stdout).toMatch(/Posted the digest/);
    const posts = slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C42');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body.metadata).toMatchObject({ event_type: 'paperboy_digest' });
    const again = await runPaperboy(['digest', 'post', '--to', 'slack:C42', '--no-fetch'], env);
    expect(again.stdout).toMatch(/Already posted/);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C42')).toHaveLength(1);

    const parent = slack.messages.find((m) => m.channel === 'C42')!;
    const comparisons = openai.requests.length;
    const event = {
      type: 'app_mention',
      user: 'U1',
      text: `<@${FAKE_BOT.userId}> compare 1 and 2`,
      ts: `${parent.ts}1`,
      thread_ts: parent.ts,
      channel: 'C42',
      event_ts: `${parent.ts}1`,
    };
    const envelope = { token: 'x', team_id: 'T1', api_app_id: 'A1', type: 'event_callback', event_id: 'Ev-e2e-1', event_time: 1, event };
    expect((await sendSignedEvent(endpoint, SECRET, envelope)).status).toBe(200);
    const reply = await waitFor(() => slack.callsTo('chat.postMessage').find((c) => c.body.thread_ts === parent.ts));
    expect(reply.body.channel).toBe('C42');
    expect(openai.requests.length).toBeGreaterThan(comparisons);
    expect(openai.requests.at(-1)!.body).toMatchObject({ messages: [{ role: 'system' }, { role: 'user' }] });
  }, 40_000);
});
