import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log.ts';
import { notice, paperList } from '../../../src/message/build.ts';
import type { PostedRef } from '../../../src/platforms/types.ts';
import { FAKE_BOT, sendSignedEvent, sendSignedSlashCommand, waitFor, type StoredMessage } from '../../fakes/slack.ts';
import { mentionEnvelope, RESEARCH, SIGNING_SECRET, startSlackHarness, type SlackHarness } from './harness.ts';

describe('Slack answers (in threads, and shared): exactly once across retries (real Bolt app, fake Slack)', () => {
  let h: SlackHarness;
  const logLines: string[] = [];
  beforeAll(async () => {
    h = await startSlackHarness('http', { log: createLogger({ level: 'info', write: (line) => logLines.push(line) }) });
  });
  afterAll(() => h.close());

  const logged = (...parts: string[]) =>
    waitFor(() => logLines.find((line) => parts.every((part) => line.includes(part))), 10_000, `a log line with ${parts.join(', ')}`);
  const keyed = (key: string) => h.fake.messages.filter((m) => m.metadata?.event_payload['key'] === key);
  const attemptsWith = (key: string) =>
    h.fake.callsTo('chat.postMessage').filter((c) => (c.body['metadata'] as StoredMessage['metadata'])?.event_payload['key'] === key);
  const repliesIn = (threadTs: string) => h.fake.messages.filter((m) => m.thread_ts === threadTs);

  /** A digest of three papers: its thread is numbered by them until an answer there shows another list. */
  const postDigest = () => {
    const papers = ['2405.00001', '2405.00002', '2405.00003'].map((id) => h.store.papers.getByArxivId(id)!);
    return h.adapter.post(RESEARCH, paperList('Daily digest', papers));
  };

  /** "@paperboy find sparse" in the digest's thread. */
  const mentionFindSparse = async (parent: PostedRef, eventId: string, retryNum?: number) => {
    const ts = (Number(parent.threadId) + 1).toFixed(6);
    const envelope = mentionEnvelope(eventId, { text: '<@UBOT> find sparse', ts, thread_ts: parent.threadId });
    const sent = await sendSignedEvent(h.endpoint, SIGNING_SECRET, envelope, retryNum === undefined ? {} : { retryNum });
    expect(sent.status).toBe(200);
  };

  it('GIVEN Slack posts a thread answer but answers 500 THEN the answer is found in the thread by its key and not posted again', async () => {
    const parent = await postDigest();
    h.fake.failNext('chat.postMessage', { status: 500, afterPosting: true });
    await mentionFindSparse(parent, 'Ev-lost');
    const answer = await waitFor(() => keyed('mention:Ev-lost')[0], 10_000, 'the answer');
    await logged('not posting it again', answer.ts);

    expect(repliesIn(parent.threadId)).toEqual([answer]);
    expect(answer.text).toMatch(/^Titles with “sparse”/);
    expect(answer.metadata).toEqual({ event_type: 'paperboy_answer', event_payload: { key: 'mention:Ev-lost' } });
    expect(attemptsWith('mention:Ev-lost')).toHaveLength(1);
    const lookup = h.fake.callsTo('conversations.replies').at(-1)!;
    expect(lookup.body).toMatchObject({ channel: RESEARCH.id, ts: parent.threadId, include_all_metadata: 'true' });
  });

  it('GIVEN a thread answer refused with a 500 before Slack took it THEN it is looked for, sent again, and appears once', async () => {
    const parent = await postDigest();
    const lookupsBefore = h.fake.callsTo('conversations.replies').length;
    h.fake.failNext('chat.postMessage', { status: 500, afterPosting: false });
    await mentionFindSparse(parent, 'Ev-refused');
    const answer = await waitFor(() => keyed('mention:Ev-refused')[0], 10_000, 'the answer');

    expect(repliesIn(parent.threadId)).toEqual([answer]);
    expect(attemptsWith('mention:Ev-refused')).toHaveLength(2);
    expect(h.fake.callsTo('conversations.replies').length).toBeGreaterThan(lookupsBefore);
  });

  it('GIVEN the connection drops after Slack posted, in a thread of 250 replies THEN postInThread pages to the key and posts nothing more', async () => {
    const parent = await postDigest();
    const seconds = Math.floor(Number(parent.threadId));
    for (let i = 0; i < 250; i += 1) {
      h.fake.messages.push({
        channel: RESEARCH.id,
        ts: `${seconds}.${String(900_000 + i)}`,
        text: `earlier reply ${i}`,
        thread_ts: parent.threadId,
      });
    }
    const lookupsBefore = h.fake.callsTo('conversations.replies').length;
    h.fake.failNext('chat.postMessage', { dropConnection: true, afterPosting: true });
    const ref = await h.adapter.postInThread(parent, notice('An answer'), { idempotencyKey: 'k-dropped' });

    expect(keyed('k-dropped').map((m) => m.ts)).toEqual([ref.messageId]);
    expect(ref.threadId).toBe(parent.threadId);
    expect(attemptsWith('k-dropped')).toHaveLength(1);
    const pages = h.fake.callsTo('conversations.replies').slice(lookupsBefore);
    expect(pages.map((p) => p.body['cursor'])).toEqual([undefined, '200']);
  });

  it('GIVEN a mention delivered twice (a Slack retry) THEN it is answered once', async () => {
    const parent = await postDigest();
    await mentionFindSparse(parent, 'Ev-twice');
    await waitFor(() => keyed('mention:Ev-twice')[0], 10_000, 'the answer');
    await mentionFindSparse(parent, 'Ev-twice', 1);
    await logged('ignored a repeated delivery', 'Ev-twice');
    expect(repliesIn(parent.threadId).map((m) => m.metadata?.event_payload['key'])).toEqual(['mention:Ev-twice']);
  });

  /** `/papers find diffusion share` with its own trigger_id; resolves with the post once its list numbers its thread. */
  const share = async (triggerId: string) => {
    const sent = await sendSignedSlashCommand(h.endpoint, SIGNING_SECRET, {
      text: 'find diffusion share',
      responseUrl: h.fake.responseUrl(triggerId),
      triggerId,
    });
    expect(sent.status).toBe(200);
    const key = `share:${triggerId}`;
    return waitFor(() => keyed(key).find((m) => h.store.lists.load(RESEARCH, m.ts)), 10_000, `the shared post ${key}`);
  };

  it('GIVEN Slack posts a shared answer but answers 500 THEN it is found in the channel by its trigger_id and not posted again', async () => {
    h.fake.failNext('chat.postMessage', { status: 500, afterPosting: true });
    const posted = await share('111.222.lost');
    expect(keyed('share:111.222.lost')).toEqual([posted]);
    expect(posted).toMatchObject({ channel: RESEARCH.id, metadata: { event_type: 'paperboy_answer' } });
    expect(posted.thread_ts).toBeUndefined();
    expect(attemptsWith('share:111.222.lost')).toHaveLength(1);
    expect(h.fake.callsTo('conversations.history').at(-1)?.body).toMatchObject({ channel: RESEARCH.id, include_all_metadata: 'true' });
  });

  it('GIVEN a shared answer refused with a 500 before Slack took it THEN it is sent again and appears once, the user told nothing', async () => {
    h.fake.failNext('chat.postMessage', { status: 500, afterPosting: false });
    const posted = await share('111.222.refused');
    expect(keyed('share:111.222.refused')).toEqual([posted]);
    expect(attemptsWith('share:111.222.refused')).toHaveLength(2);
    expect(h.fake.responses.find((r) => r.id === '111.222.refused')).toBeUndefined();
  });

  it('GIVEN a signed share replayed byte for byte within the 5-minute window THEN both are acked and it is posted once', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const replay = () =>
      sendSignedSlashCommand(
        h.endpoint,
        SIGNING_SECRET,
        { text: 'find video share', responseUrl: h.fake.responseUrl('111.222.replayed'), triggerId: '111.222.replayed' },
        { timestamp },
      );
    expect((await replay()).status).toBe(200);
    await waitFor(() => keyed('share:111.222.replayed')[0], 10_000, 'the shared post');
    expect((await replay()).status).toBe(200);
    await logged('ignored a repeated share request', '111.222.replayed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(keyed('share:111.222.replayed')).toHaveLength(1);
    expect(attemptsWith('share:111.222.replayed')).toHaveLength(1);
    expect(h.fake.responses.filter((r) => r.id === '111.222.replayed')).toEqual([]);
  });

  it('GIVEN a shared answer THEN findPosted, which looks for digests, does not take it for one', async () => {
    await share('111.222.not-a-digest');
    expect(await h.adapter.findPosted!(RESEARCH, 'share:111.222.not-a-digest', new Date(Date.now() - 60_000))).toBeNull();
  });
});

describe('the fake Slack conversations.replies', () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await startSlackHarness('http');
  });
  afterAll(() => h.close());

  const replies = async (args: Record<string, string>) => {
    const response = await fetch(`${h.fake.apiUrl}conversations.replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${FAKE_BOT.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(args),
    });
    return (await response.json()) as {
      ok: boolean;
      error?: string;
      messages?: { ts: string; metadata?: unknown }[];
      response_metadata?: { next_cursor: string };
    };
  };

  it('GIVEN a thread THEN it lists the parent first, then the replies oldest first, in pages of `limit`, with metadata only when asked', async () => {
    const parent = await h.adapter.post(RESEARCH, notice('Parent'));
    const first = await h.adapter.postInThread(parent, notice('One'));
    const second = await h.adapter.postInThread(parent, notice('Two'), { idempotencyKey: 'k-two' });
    const third = await h.adapter.postInThread(parent, notice('Three'));

    const page1 = await replies({ channel: RESEARCH.id, ts: parent.threadId, limit: '2' });
    expect(page1.messages?.map((m) => m.ts)).toEqual([parent.messageId, first.messageId]);
    const page2 = await replies({ channel: RESEARCH.id, ts: parent.threadId, limit: '2', cursor: page1.response_metadata!.next_cursor });
    expect(page2.messages?.map((m) => m.ts)).toEqual([second.messageId, third.messageId]);
    expect(page2.response_metadata?.next_cursor).toBe('');
    expect(page2.messages?.some((m) => m.metadata)).toBe(false);

    const withMetadata = await replies({ channel: RESEARCH.id, ts: second.messageId, include_all_metadata: 'true' });
    expect(withMetadata.messages).toHaveLength(4);
    expect(withMetadata.messages?.[2]?.metadata).toEqual({ event_type: 'paperboy_answer', event_payload: { key: 'k-two' } });
  });

  it('GIVEN a ts with no message THEN thread_not_found', async () => {
    expect(await replies({ channel: RESEARCH.id, ts: '1.000001' })).toEqual({ ok: false, error: 'thread_not_found' });
  });
});
