import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { paperList } from '../../../src/message/build.ts';
import { sendSignedEvent, waitFor } from '../../fakes/slack.ts';
import { limitProblems, mentionEnvelope, RESEARCH, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';

describe('Slack digest posts and thread conversations (real Bolt app, fake Slack)', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(() => h.close());

  const digest = () => {
    const papers = ['2405.00003', '2405.00002', '2405.00001'].map((id) => h.store.papers.getByArxivId(id)!);
    return paperList('Daily digest — 1 May', papers);
  };
  const repliesIn = (threadTs: string) => h.fake.messages.filter((m) => m.thread_ts === threadTs);

  it('GIVEN a digest posted to a channel THEN "@paperboy compare 1 and 2" in its thread is answered there, against its numbering, once', async () => {
    // The channel's own last list has another order: the thread must use the digest's.
    h.store.lists.save(RESEARCH, '', [h.store.papers.getByArxivId('2405.00004')!.id, h.store.papers.getByArxivId('2405.00001')!.id]);
    const parent = await h.adapter.post(RESEARCH, digest());
    expect(parent.messageId).toBe(parent.threadId);
    const posted = h.fake.messages.find((m) => m.ts === parent.messageId);
    expect(posted).toBeDefined();
    expect(limitProblems(posted!)).toEqual([]);

    const envelope = mentionEnvelope('Ev-compare', {
      text: '<@UBOT> compare 1 and 2',
      ts: '1700000100.000001',
      thread_ts: parent.threadId,
    });
    const first = await sendSignedEvent(h.endpoint, SIGNING_SECRET, envelope);
    expect(first.status).toBe(200);
    const reply = await waitFor(() => repliesIn(parent.threadId)[0], 10_000, 'the reply in the thread');
    expect(reply.text).toBe('Comparing: Sparse Attention for Long Context | Video Diffusion Without Tears');

    const retry = await sendSignedEvent(h.endpoint, SIGNING_SECRET, envelope, { retryNum: 1 });
    expect(retry.status).toBe(200);
    const later = mentionEnvelope('Ev-later', { text: '<@UBOT> compare 3', ts: '1700000100.000002', thread_ts: parent.threadId });
    await sendSignedEvent(h.endpoint, SIGNING_SECRET, later);
    await waitFor(() => repliesIn(parent.threadId).length >= 2, 10_000, 'the reply to the later mention');
    expect(repliesIn(parent.threadId).map((m) => m.text)).toEqual([
      'Comparing: Sparse Attention for Long Context | Video Diffusion Without Tears',
      'Comparing: Diffusion Transformers at Scale',
    ]);
    expect(h.ran.filter((name) => name === 'compare')).toHaveLength(2);
  });

  it('GIVEN a mention outside a thread THEN the answer starts a thread under it', async () => {
    await sendSignedEvent(h.endpoint, SIGNING_SECRET, mentionEnvelope('Ev-top', { text: '<@UBOT> find sparse', ts: '1700000200.000001' }));
    const reply = await waitFor(() => repliesIn('1700000200.000001')[0], 10_000, 'the threaded answer');
    expect(reply.channel).toBe(RESEARCH.id);
    expect(h.store.lists.load(RESEARCH, '1700000200.000001')).toEqual([h.store.papers.getByArxivId('2405.00003')!.id]);
  });

  it('GIVEN a digest posted with an idempotency key THEN findPosted finds it in conversations.history, and nothing for another key', async () => {
    const since = new Date(1_699_999_000_000);
    const parent = await h.adapter.post(RESEARCH, digest(), { idempotencyKey: 'slack:C1:2024-05-01' });
    const sent = h.fake.callsTo('chat.postMessage').at(-1)!;
    expect(sent.body['metadata']).toEqual({ event_type: 'paperboy_digest', event_payload: { key: 'slack:C1:2024-05-01' } });

    const found = await h.adapter.findPosted!(RESEARCH, 'slack:C1:2024-05-01', since);
    expect(found).toEqual(parent);
    expect(await h.adapter.findPosted!(RESEARCH, 'slack:C1:2024-05-02', since)).toBeNull();
    const history = h.fake.callsTo('conversations.history').at(-1)!;
    expect(history.body).toMatchObject({ channel: 'C1', include_all_metadata: 'true', oldest: '1699999000.000000' });
  });
});
