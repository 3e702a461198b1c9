import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SLACK_ACK_DEADLINE_MS } from '../../../src/platforms/slack/limits.ts';
import { waitFor } from '../../fakes/slack.ts';
import { limitProblems, mentionEnvelope, RESEARCH, startSlackHarness, type SlackHarness } from './harness.ts';

describe('Slack Socket Mode (real Bolt SocketModeReceiver, fake apps.connections.open + WebSocket)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('socket');
  });
  afterAll(() => h.close());

  const slashPayload = (text: string, id: string) => ({
    token: 'deprecated',
    team_id: 'T1',
    team_domain: 'example',
    channel_id: RESEARCH.id,
    channel_name: 'research',
    user_id: 'U1',
    user_name: 'ada',
    command: '/papers',
    text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: h.fake.responseUrl(id),
    trigger_id: '1.2.3',
  });

  it('GIVEN start THEN the socket URL was fetched from the configured API URL with the app-level token', () => {
    const open = h.fake.callsTo('apps.connections.open');
    expect(open).toHaveLength(1);
    expect(open[0]!.headers.authorization).toBe('Bearer xapp-test');
    expect(h.fake.socketCount()).toBe(1);
  });

  it('GIVEN a slash_commands envelope THEN it is acked with its envelope_id within 3 s and the answer reaches response_url', async () => {
    const sentAt = Date.now();
    const envelopeId = h.fake.pushEnvelope('slash_commands', slashPayload('find diffusion', 'sock-1'));
    const ack = await waitFor(() => h.fake.acks.find((a) => a.envelope_id === envelopeId), SLACK_ACK_DEADLINE_MS, 'the envelope ack');
    expect(ack.at - sentAt).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    const answer = await waitFor(() => h.fake.responses.find((r) => r.id === 'sock-1'), 10_000, 'the answer');
    expect(limitProblems(answer.body)).toEqual([]);
    expect(JSON.stringify(answer.body['blocks'])).toContain('Diffusion Transformers at Scale');
  });

  it('GIVEN a slow command THEN the ack carries "Working on it…" at once and the answer replaces it later', async () => {
    const sentAt = Date.now();
    const envelopeId = h.fake.pushEnvelope('slash_commands', slashPayload('slow', 'sock-2'));
    const ack = await waitFor(() => h.fake.acks.find((a) => a.envelope_id === envelopeId), SLACK_ACK_DEADLINE_MS, 'the envelope ack');
    expect(ack.at - sentAt).toBeLessThan(SLACK_ACK_DEADLINE_MS);
    expect(ack.payload).toMatchObject({ text: 'Working on it…' });
    const answer = await waitFor(() => h.fake.responses.find((r) => r.id === 'sock-2'), 10_000, 'the answer');
    expect(answer.body).toMatchObject({ replace_original: true, text: 'Finished the slow work.' });
  });

  it('GIVEN an app_mention delivered twice (Socket Mode retry) THEN it is answered once, in its thread', async () => {
    const envelope = mentionEnvelope('Ev-socket', { text: '<@UBOT> find video', ts: '1700000300.000001' });
    h.fake.pushEnvelope('events_api', envelope);
    h.fake.pushEnvelope('events_api', envelope);
    await waitFor(() => h.fake.messages.some((m) => m.thread_ts === '1700000300.000001'), 10_000, 'the threaded answer');
    const second = mentionEnvelope('Ev-socket-2', { text: '<@UBOT> find sparse', ts: '1700000300.000001' });
    h.fake.pushEnvelope('events_api', second);
    await waitFor(() => h.fake.messages.filter((m) => m.thread_ts === '1700000300.000001').length >= 2, 10_000, 'the second answer');
    expect(h.fake.messages.filter((m) => m.thread_ts === '1700000300.000001')).toHaveLength(2);
  });
});
