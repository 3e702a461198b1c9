import { afterEach, describe, expect, it } from 'vitest';
import { paperList } from '../../../src/message/build.ts';
import { DiscordPermissionError } from '../../../src/platforms/discord/index.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { messageProblems } from '../../fakes/discord-limits.ts';
import { MISSING_PERMISSIONS, RATE_LIMITED, type RecordedRequest } from '../../fakes/discord.ts';
import { startHarness, waitFor, type Harness } from './harness.ts';

const KEY = 'digest:discord:100000000000000004:2025-12-18';

describe('Discord digests and thread conversations (real discord.js against a fake Discord)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  const setup = async () => {
    harness = await startHarness();
    const channel: ChannelRef = { platform: 'discord', id: harness.fake.ids.channel };
    const papers = harness.store.papers.findByTitle('diffusion', 3);
    const digest = paperList('Papers 2025-12-18', papers);
    return { h: harness, channel, papers, digest };
  };
  const messageCreates = (h: Harness, channelId: string) => (r: RecordedRequest) =>
    r.method === 'POST' && r.path === `/channels/${channelId}/messages`;

  it('GIVEN a digest THEN it is posted with nonce + enforce_nonce and a thread is started on it', async () => {
    const { h, channel, digest } = await setup();
    const posted = await h.adapter.post(channel, digest, { idempotencyKey: KEY });

    const create = h.fake.requests.find(messageCreates(h, channel.id))!;
    expect(create.body.nonce).toMatch(/^.{1,25}$/);
    expect(create.body.enforce_nonce).toBe(true);
    expect(create.body.allowed_mentions).toEqual({ parse: [] });
    expect(messageProblems(create.body)).toEqual([]);
    const thread = h.fake.requests.find(
      (r) => r.method === 'POST' && r.path === `/channels/${channel.id}/messages/${posted.messageId}/threads`,
    )!;
    expect(thread.body).toEqual({ name: 'Papers 2025-12-18 — ask me here', auto_archive_duration: 1440 });
    expect(posted).toEqual({ channel, messageId: posted.messageId, threadId: posted.messageId });
  });

  it('GIVEN the same digest posted twice with one key THEN Discord returns the first message: no duplicate, no second thread', async () => {
    const { h, channel, digest } = await setup();
    const first = await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    const second = await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    expect(second).toEqual(first);
    expect(h.fake.messagesIn(channel.id)).toHaveLength(1);
    expect(h.fake.requests.filter((r) => r.path.endsWith('/threads'))).toHaveLength(1);
  });

  it('GIVEN a mention "compare 1 2" in the digest thread THEN the comparison is posted in that thread, once', async () => {
    const { h, channel, papers, digest } = await setup();
    const posted = await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    h.store.lists.save(
      channel,
      posted.threadId,
      papers.map((p) => p.id),
    ); // as the scheduler records the digest
    await waitFor(() => h.adapter.client.channels.cache.get(posted.threadId));

    const question = h.fake.say(posted.threadId, `<@${h.fake.ids.bot}> compare 1 2`);
    const answer = await waitFor(() => h.fake.requests.find(messageCreates(h, posted.threadId)));
    expect(JSON.stringify(answer.body)).toContain(`Comparing ${papers[0]!.title} vs ${papers[1]!.title}`);
    expect(answer.body.message_reference).toMatchObject({ message_id: question.id });
    expect(answer.body.allowed_mentions).toEqual({ parse: [] });

    h.fake.gateway.dispatch('MESSAGE_CREATE', question); // a redelivery of the same message
    h.fake.say(posted.threadId, 'compare 1 2 (no mention)', false);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.fake.requests.filter(messageCreates(h, posted.threadId))).toHaveLength(1);
  });

  it('GIVEN /papers compare 1 2 used inside the digest thread THEN it refers to the digest numbering', async () => {
    const { h, channel, papers, digest } = await setup();
    const posted = await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    h.store.lists.save(
      channel,
      posted.threadId,
      papers.map((p) => p.id),
    );
    await waitFor(() => h.adapter.client.channels.cache.get(posted.threadId));
    const compare = { name: 'papers', options: [{ type: 1, name: 'compare', options: [{ type: 3, name: 'refs', value: '2 3' }] }] };
    const { token } = h.fake.interact(compare, { channelId: posted.threadId });
    const edit = await waitFor(() => h.fake.requests.find((r) => r.method === 'PATCH' && r.path.includes(token)));
    expect(JSON.stringify(edit.body)).toContain(`Comparing ${papers[1]!.title} vs ${papers[2]!.title}`);
  });

  it('GIVEN a 429 with retry_after on message create THEN it is waited out and the message arrives once', async () => {
    const { h, channel, digest } = await setup();
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...RATE_LIMITED });
    await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    const attempts = h.fake.requests.filter(messageCreates(h, channel.id));
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(900); // Retry-After: 1
    expect(h.fake.messagesIn(channel.id)).toHaveLength(1);
  });

  it('GIVEN no permission to post THEN a clear error naming the channel and what to grant', async () => {
    const { h, channel, digest } = await setup();
    h.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...MISSING_PERMISSIONS });
    const failure = h.adapter.post(channel, digest, { idempotencyKey: KEY });
    await expect(failure).rejects.toBeInstanceOf(DiscordPermissionError);
    await expect(failure).rejects.toThrow(/grant the bot .*Send Messages.*Create Public Threads in #papers/);
  });

  it('GIVEN no permission to create threads THEN the error says so; findPosted later finds the post and completes its thread', async () => {
    const { h, channel, digest } = await setup();
    const since = new Date(Date.now() - 60_000);
    h.fake.failNext({ method: 'POST', path: /\/threads$/, ...MISSING_PERMISSIONS });
    await expect(h.adapter.post(channel, digest, { idempotencyKey: KEY })).rejects.toThrow(
      /Create Public Threads and Send Messages in Threads in #papers/,
    );

    const found = await h.adapter.findPosted!(channel, KEY, since);
    const [message] = h.fake.messagesIn(channel.id);
    expect(found).toEqual({ channel, messageId: message!.id, threadId: message!.id });
    expect(h.fake.requests.filter((r) => r.path.endsWith('/threads'))).toHaveLength(2);
  });

  it('GIVEN a posted digest THEN findPosted finds it by its invisible marker, and not for another key', async () => {
    const { h, channel, digest } = await setup();
    const since = new Date(Date.now() - 60_000);
    h.fake.say(channel.id, 'unrelated chatter', false);
    const posted = await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    const [message] = h.fake.messagesIn(channel.id).filter((m) => m.id === posted.messageId);
    const visible = [message!.content, ...message!.embeds.map((e: any) => [e.title, e.description, e.footer?.text, e.fields])];
    expect(JSON.stringify(visible)).not.toMatch(/#k:/);
    expect(await h.adapter.findPosted!(channel, KEY, since)).toEqual(posted);
    expect(await h.adapter.findPosted!(channel, `${KEY}-other`, since)).toBeNull();
    expect(await h.adapter.findPosted!(channel, KEY, new Date(Date.now() + 60_000))).toBeNull();
    const list = h.fake.requests.find((r) => r.method === 'GET' && r.path === `/channels/${channel.id}/messages`)!;
    expect(list.query.get('limit')).toBe('100');
  });

  it('GIVEN a digest posted before 250 other messages THEN findPosted pages back through the history to it', async () => {
    const { h, channel, digest } = await setup();
    const since = new Date(Date.now() - 60_000);
    const posted = await h.adapter.post(channel, digest, { idempotencyKey: KEY });
    for (let i = 0; i < 250; i++) h.fake.say(channel.id, `chatter ${i}`, false);
    expect(await h.adapter.findPosted!(channel, KEY, since)).toEqual(posted);
    const pages = h.fake.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${channel.id}/messages`);
    expect(pages.map((r) => r.query.get('before') !== null)).toEqual([false, true, true]);
    expect(await h.adapter.findPosted!(channel, `${KEY}-other`, since)).toBeNull();
  });

  it('GIVEN postInThread THEN the reply goes to the thread channel', async () => {
    const { h, channel, digest } = await setup();
    const posted = await h.adapter.post(channel, digest);
    const reply = await h.adapter.postInThread(posted, digest);
    expect(reply.threadId).toBe(posted.threadId);
    expect(h.fake.messagesIn(posted.threadId).map((m) => m.id)).toContain(reply.messageId);
  });
});
