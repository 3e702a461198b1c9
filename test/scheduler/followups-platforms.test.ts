/**
 * Crash recovery of thread notes (follow-ups, late papers) relies on the real adapters' findPosted seeing a
 * keyed reply inside a thread: Slack keeps replies out of conversations.history, and a Discord thread is a
 * channel of its own. Real Bolt and discord.js against the loopback fakes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { paperList } from '../../src/message/build.ts';
import type { ChannelRef, ChatAdapter, PostedRef } from '../../src/platforms/types.ts';
import { postFollowups } from '../../src/scheduler/followups.ts';
import type { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';
import { startHarness } from '../platforms/discord/harness.ts';
import { RESEARCH, startSlackHarness } from '../platforms/slack/harness.ts';

const KEY = 'paperboy:test:thread-note';

/** One paper discussed in the digest's thread, whose code then appears: one follow-up due there. */
function followUpDue(store: Store, channel: ChannelRef, parent: PostedRef, arxivId: string): void {
  const paper = store.papers.getByArxivId(arxivId)!;
  store.subscriptions.upsert(channel, { timezone: 'UTC' });
  store.paperEvents.discussed(channel, parent.threadId, [paper.id], new Date(Date.now() - 60_000));
  const withCode = parsed({ title: paper.title, arxivId, upvotes: paper.upvotes, githubRepo: 'https://github.com/lab/code' });
  store.papers.ingestListing(listing('hf-json', '2026-01-02', [withCode]), 'later', `code-${arxivId}`);
}

/** The first attempt: the platform takes the note, then the connection drops before paperboy learns so. */
const droppingAfterPost = (adapter: ChatAdapter): ChatAdapter => ({
  ...adapter,
  postInThread: async (parent, reply, options) => {
    await adapter.postInThread(parent, reply, options);
    throw new Error('socket hang up');
  },
});

async function postTwice(store: Store, adapter: ChatAdapter, channel: ChannelRef) {
  const request = (a: ChatAdapter, instanceId: string) => ({
    store,
    adapters: { [channel.platform]: a },
    subscription: store.subscriptions.get(channel)!,
    now: () => new Date(),
    instanceId,
    policy: { retryDelayMs: 0 },
  });
  const first = await postFollowups(request(droppingAfterPost(adapter), 'A'));
  const second = await postFollowups(request(adapter, 'B'));
  return [...first, ...second];
}

describe('findPosted finds a keyed reply inside a thread (real SDKs, loopback fakes)', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('GIVEN Slack THEN a keyed thread reply is found by conversations.replies, and a follow-up whose answer was lost is not posted twice', async () => {
    const h = await startSlackHarness('http');
    stops.push(() => h.close());
    const papers = ['2405.00001', '2405.00002'].map((id) => h.store.papers.getByArxivId(id)!);
    const parent = await h.adapter.post(RESEARCH, paperList('Daily digest', papers));
    const since = new Date(Date.now() - 60_000);
    const reply = await h.adapter.postInThread(parent, paperList('Follow-up', papers.slice(0, 1)), { idempotencyKey: KEY });
    expect(await h.adapter.findPosted!(RESEARCH, KEY, since, parent.threadId)).toEqual(reply);
    expect(await h.adapter.findPosted!(RESEARCH, `${KEY}-other`, since, parent.threadId)).toBeNull();

    followUpDue(h.store, RESEARCH, parent, '2405.00002');
    const outcomes = await postTwice(h.store, h.adapter, RESEARCH);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'posted']);
    expect(outcomes[1]).toMatchObject({ recovered: true, threadId: parent.threadId });
    const notes = h.fake.messages.filter((m) => String(m.metadata?.event_payload['key'] ?? '').includes(':followup:'));
    expect(notes).toHaveLength(1);
    expect(notes[0]!.thread_ts).toBe(parent.threadId);
  });

  it('GIVEN Discord THEN a keyed reply in the digest thread carries the key and is found in the thread, and a lost follow-up is not posted twice', async () => {
    const h = await startHarness();
    stops.push(() => h.stop());
    const channel: ChannelRef = { platform: 'discord', id: h.fake.ids.channel };
    const papers = h.store.papers.findByTitle('diffusion', 3);
    const parent = await h.adapter.post(channel, paperList('Papers', papers));
    const since = new Date(Date.now() - 60_000);
    const reply = await h.adapter.postInThread(parent, paperList('Follow-up', papers.slice(0, 1)), { idempotencyKey: KEY });
    expect(await h.adapter.findPosted!(channel, KEY, since, parent.threadId)).toEqual(reply);
    expect(await h.adapter.findPosted!(channel, `${KEY}-other`, since, parent.threadId)).toBeNull();
    const create = h.fake.requests.find((r) => r.method === 'POST' && r.path === `/channels/${parent.threadId}/messages`)!;
    expect(create.body.enforce_nonce).toBe(true);

    followUpDue(h.store, channel, parent, papers[1]!.arxivId!);
    const before = h.fake.messagesIn(parent.threadId).length;
    const outcomes = await postTwice(h.store, h.adapter, channel);
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'posted']);
    expect(outcomes[1]).toMatchObject({ recovered: true, threadId: parent.threadId });
    expect(h.fake.messagesIn(parent.threadId).length).toBe(before + 1);
  });
});
