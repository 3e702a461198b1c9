import { afterEach, describe, expect, it } from 'vitest';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { createSlackAdapter } from '../../src/platforms/slack/index.ts';
import type { ChatAdapter } from '../../src/platforms/types.ts';
import { localDate } from '../../src/scheduler/schedule.ts';
import { createScheduler } from '../../src/scheduler/scheduler.ts';
import type { Store } from '../../src/store/store.ts';
import { FAKE_BOT, startSlackFake, type SlackFake } from '../fakes/slack.ts';
import { Clock, FakeCron, seedListing, subscribe, tempDb } from './harness.ts';

/**
 * The scheduler with the real Slack adapter (Bolt's WebClient) against the fake Slack Web API.
 * The fake stamps messages with the real time, so these tests run on today's date.
 */
describe('scheduled digests on Slack', () => {
  let db: ReturnType<typeof tempDb>;
  let fake: SlackFake;
  afterEach(async () => {
    await fake.close();
    db.cleanup();
  });

  const started = new Date();
  const today = localDate(started, 'Europe/Berlin');

  async function setUp() {
    db = tempDb();
    fake = await startSlackFake();
    const clock = new Clock(started);
    const seed = db.open();
    seedListing(
      seed,
      today,
      ['Sparse Attention at Scale', 'Diffusion Policies for Robots'],
      new Date(started.getTime() - 3_600_000).toISOString(),
    );
    subscribe(seed, 'C1', { time: '00:00', days: [0, 1, 2, 3, 4, 5, 6] }, new Date(started.getTime() - 2 * 86_400_000).toISOString());
    return clock;
  }

  const instance = (store: Store, clock: Clock, name: string, adapter: ChatAdapter = slackAdapter(store)) =>
    createScheduler({
      store,
      llm: new OfflineSummariser(),
      adapters: { slack: adapter },
      log: silentLogger,
      now: clock.now,
      instanceId: name,
      cron: new FakeCron(),
      leaseTtlMs: 1_000,
      claimPolicy: { staleAfterMs: 1_000 },
    });
  const slackAdapter = (store: Store) =>
    createSlackAdapter({
      botToken: FAKE_BOT.token,
      signingSecret: 'not-used-for-posting',
      mode: 'http',
      apiUrl: fake.apiUrl,
      store,
      log: silentLogger,
    });
  const key = () => `paperboy:slack:C1:${today}`;

  it('GIVEN a due digest THEN chat.postMessage carries the key in metadata, and a restart posts nothing more', async () => {
    const clock = await setUp();
    const a = db.open();
    await instance(a, clock, 'A').tick();
    const posts = fake.callsTo('chat.postMessage');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body['metadata']).toEqual({ event_type: 'paperboy_digest', event_payload: { key: key() } });
    a.close();
    const b = db.open();
    const report = await instance(b, clock, 'B').tick(new Date(started.getTime() + 60_000));
    expect(report).toMatchObject({ leader: true, deliveries: [] });
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(b.digests.get({ platform: 'slack', id: 'C1' }, today)).toMatchObject({ state: 'posted', messageId: fake.messages[0]!.ts });
  });

  it('GIVEN the process dies after Slack accepted the post THEN the restart finds it in conversations.history and posts nothing', async () => {
    const clock = await setUp();
    const a = db.open();
    const real = slackAdapter(a);
    const dying: ChatAdapter = {
      ...real,
      post: async (channel, reply, options) => {
        await real.post(channel, reply, options);
        a.close();
        throw new Error('killed after Slack accepted the post');
      },
    };
    await instance(a, clock, 'A', dying).tick();
    expect(fake.messages).toHaveLength(1);

    const b = db.open();
    const report = await instance(b, clock, 'B').tick(new Date(started.getTime() + 2_000));
    expect(report.deliveries.map((d) => [d.outcome.status, d.outcome.status === 'posted' && d.outcome.recovered])).toEqual([
      ['posted', true],
    ]);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(1);
    expect(fake.callsTo('conversations.history').length).toBeGreaterThan(0);
    const record = b.digests.get({ platform: 'slack', id: 'C1' }, today)!;
    expect(record).toMatchObject({ state: 'posted', claimedBy: 'B', messageId: fake.messages[0]!.ts });
    expect(b.lists.load({ platform: 'slack', id: 'C1' }, record.threadId!)).toEqual(record.paperIds);
  });

  it('GIVEN Slack posts but the answer is lost (500) THEN the digest is still posted once', async () => {
    const clock = await setUp();
    fake.failNext('chat.postMessage', { status: 500, afterPosting: true });
    const a = db.open();
    const report = await instance(a, clock, 'A').tick();
    expect(report.deliveries.map((d) => d.outcome.status)).toEqual(['posted']);
    expect(fake.messages).toHaveLength(1);
  });
});
