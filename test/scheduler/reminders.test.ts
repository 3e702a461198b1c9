import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { postReminders } from '../../src/scheduler/reminders.ts';
import type { Store } from '../../src/store/store.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { textOf } from '../commands/harness.ts';
import { Clock, seedListing, startInstance, tempDb } from './harness.ts';

const C1 = { platform: 'slack' as const, id: 'C1', name: 'reading' };
const PAPER = 'Sparse Attention at Scale';

describe('reading-group reminders', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  /** A store with a paper, and `schedule …` typed in C1 at the clock's time through the real commands. */
  function setUp(at: string) {
    db = tempDb();
    const clock = new Clock(new Date(at));
    const platform: AcceptedPost[] = [];
    const seed = db.open();
    seedListing(seed, '2026-03-02', [PAPER, 'Graph Agents'], '2026-03-02T04:00:00Z');
    const dispatcher = createDispatcher({
      services: { store: seed, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands,
      log: silentLogger,
      now: clock.now,
    });
    const type = async (line: string, store: Store = seed) => {
      const { command, text } = dispatcher.parseText(line);
      const reply = await dispatcher.run({ command, input: { text }, channel: C1, user: { id: 'U1', name: 'ada' } });
      expect(reply.tone, textOf(reply)).toBeUndefined();
      return { reply, sessions: store.readingGroup.upcoming(C1, '2000-01-01') };
    };
    return { clock, platform, seed, type };
  }

  const reminders = (platform: AcceptedPost[]) => platform.filter((p) => p.idempotencyKey?.includes(':reading:'));
  const texts = (platform: AcceptedPost[]) => reminders(platform).map((p) => textOf(p.reply).split('\n').slice(0, 2).join(' | '));

  it('GIVEN a session on Mon 26 Oct 2026 15:00 Berlin scheduled before the autumn change THEN the day-before reminder posts on Sun 25th at 15:00 CET, once across a restart, and the hour-before at 14:00 CET', async () => {
    const { clock, platform, type } = setUp('2026-10-20T10:00:00Z');
    await type(`schedule "${PAPER}" 2026-10-26 15:00 tz:Europe/Berlin`);
    const a = startInstance(db, clock, platform, 'A');
    // 15:00 at the summer offset would be 13:00 UTC; after the change 15:00 CET is 14:00 UTC.
    for (const at of ['2026-10-24T13:00:00Z', '2026-10-25T13:00:00Z', '2026-10-25T13:59:59Z']) await a.scheduler.tick(clock.set(at));
    expect(reminders(platform)).toEqual([]);
    await a.scheduler.tick(clock.set('2026-10-25T14:00:00Z'));
    expect(texts(platform)).toEqual([
      `Reading group tomorrow at 15:00 (Europe/Berlin) | “${PAPER}”, no presenter yet: starts in 24 hours.`,
    ]);
    await a.scheduler.tick(clock.set('2026-10-25T14:00:20Z'));
    await a.scheduler.stop();

    // A restart: a new Store handle and a new scheduler on the same file.
    const b = startInstance(db, clock, platform, 'B');
    for (const at of ['2026-10-25T14:01:00Z', '2026-10-25T20:00:00Z', '2026-10-26T12:59:00Z']) await b.scheduler.tick(clock.set(at));
    expect(reminders(platform)).toHaveLength(1);
    await b.scheduler.tick(clock.set('2026-10-26T13:00:00Z'));
    for (const at of ['2026-10-26T13:00:20Z', '2026-10-26T13:40:00Z', '2026-10-26T14:00:00Z']) await b.scheduler.tick(clock.set(at));
    expect(texts(platform)).toEqual([
      `Reading group tomorrow at 15:00 (Europe/Berlin) | “${PAPER}”, no presenter yet: starts in 24 hours.`,
      `Reading group today at 15:00 (Europe/Berlin) | “${PAPER}”, no presenter yet: starts in 1 hour.`,
    ]);
    expect(reminders(platform).map((p) => p.channel.id)).toEqual(['C1', 'C1']);
    expect(new Set(reminders(platform).map((p) => p.idempotencyKey)).size).toBe(2);
    const session = b.store.readingGroup.upcoming(C1, '2000-01-01')[0]!;
    expect(b.store.readingGroup.reminder(session.id, '1d')).toMatchObject({ state: 'posted', claimedBy: 'A' });
    expect(b.store.readingGroup.reminder(session.id, '1h')).toMatchObject({ state: 'posted', claimedBy: 'B', attempts: 1 });
    await b.scheduler.stop();
  });

  it('GIVEN a session on Sun 29 Mar 2026 15:00 Berlin, the day of the spring change THEN “a day before” is Sat 15:00 CET, not 24 hours before', async () => {
    const { clock, platform, type } = setUp('2026-03-20T10:00:00Z');
    const { sessions } = await type(`schedule "${PAPER}" 2026-03-29 15:00 tz:Europe/Berlin remind:1d,30m`);
    expect(sessions[0]).toMatchObject({ startsAt: '2026-03-29T13:00:00.000Z', reminders: '1d,30m' });
    const a = startInstance(db, clock, platform, 'A');
    await a.scheduler.tick(clock.set('2026-03-28T13:00:00Z'));
    expect(reminders(platform)).toEqual([]);
    await a.scheduler.tick(clock.set('2026-03-28T14:00:00Z'));
    await a.scheduler.tick(clock.set('2026-03-29T12:30:00Z'));
    expect(texts(platform)).toEqual([
      `Reading group tomorrow at 15:00 (Europe/Berlin) | “${PAPER}”, no presenter yet: starts in 23 hours.`,
      `Reading group today at 15:00 (Europe/Berlin) | “${PAPER}”, no presenter yet: starts in 30 minutes.`,
    ]);
    await a.scheduler.stop();
  });

  it('GIVEN two instances on one store THEN each reminder posts once, by the lease and, without it, by the claim', async () => {
    const { clock, platform, type } = setUp('2026-03-20T10:00:00Z');
    await type(`claim "${PAPER}"`);
    await type(`schedule "${PAPER}" 2026-03-24 15:00 tz:Europe/Berlin`);
    const a = startInstance(db, clock, platform, 'A');
    const b = startInstance(db, clock, platform, 'B');
    clock.set('2026-03-23T14:00:00Z');
    const [ra, rb] = await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect([ra.leader, rb.leader]).toEqual([true, false]);
    expect(texts(platform)).toEqual([
      `Reading group tomorrow at 15:00 (Europe/Berlin) | “${PAPER}”, presented by ada: starts in 24 hours.`,
    ]);

    // Two processes at the same moment with no lease between them: the claim row lets one post.
    clock.set('2026-03-24T13:00:00Z');
    const run = (x: typeof a, id: string) =>
      postReminders({ store: x.store, adapters: { slack: x.adapter }, now: clock.now, instanceId: id });
    const outcomes = (await Promise.all([run(a, 'A'), run(b, 'B'), run(a, 'A2'), run(b, 'B2')])).flat();
    expect(outcomes.map((o) => o.status)).toEqual(['posted']);
    expect(reminders(platform)).toHaveLength(2);
    await Promise.all([a.scheduler.stop(), b.scheduler.stop()]);
  });

  it('GIVEN a crash after the platform accepted a reminder, before the store recorded it THEN the restart finds the post and does not post again', async () => {
    const { clock, platform, type } = setUp('2026-03-20T10:00:00Z');
    await type(`schedule "${PAPER}" 2026-03-24 15:00 tz:Europe/Berlin`);
    const a = startInstance(db, clock, platform, 'A');
    a.adapter.crashAfterAccept = () => a.store.close(); // the process dies with the HTTP response in flight
    await a.scheduler.tick(clock.set('2026-03-23T14:00:00Z')).catch(() => undefined);
    expect(reminders(platform)).toHaveLength(1);

    const b = startInstance(db, clock, platform, 'B');
    const session = b.store.readingGroup.upcoming(C1, '2000-01-01')[0]!;
    expect(b.store.readingGroup.reminder(session.id, '1d')).toMatchObject({ state: 'claimed', claimedBy: 'A' });
    await b.scheduler.tick(clock.set('2026-03-23T14:02:00Z')); // the dead claim is still fresh: wait
    await b.scheduler.tick(clock.set('2026-03-23T14:06:00Z')); // stale: take over, recognise the post
    expect(reminders(platform)).toHaveLength(1);
    expect(b.store.readingGroup.reminder(session.id, '1d')).toMatchObject({
      state: 'posted',
      claimedBy: 'B',
      attempts: 2,
      messageId: platform[0]!.ref.messageId,
    });
    await b.scheduler.stop();
  });

  it('GIVEN a rejected post THEN it is retried on a later tick and posted once', async () => {
    const { clock, platform, type } = setUp('2026-03-20T10:00:00Z');
    await type(`schedule "${PAPER}" 2026-03-24 15:00 tz:Europe/Berlin`);
    const a = startInstance(db, clock, platform, 'A');
    a.adapter.rejectNext = new Error('ratelimited');
    await a.scheduler.tick(clock.set('2026-03-23T14:00:00Z'));
    const session = a.store.readingGroup.upcoming(C1, '2000-01-01')[0]!;
    expect(a.store.readingGroup.reminder(session.id, '1d')).toMatchObject({ state: 'failed', error: 'ratelimited' });
    await a.scheduler.tick(clock.set('2026-03-23T14:02:00Z'));
    expect(reminders(platform)).toEqual([]);
    await a.scheduler.tick(clock.set('2026-03-23T14:06:00Z'));
    await a.scheduler.tick(clock.set('2026-03-23T14:12:00Z'));
    expect(reminders(platform)).toHaveLength(1);
    await a.scheduler.stop();
  });

  it('GIVEN downtime THEN a reminder is posted late only while half its lead is ahead, never after the start, never before it was scheduled or once cancelled', async () => {
    const { clock, platform, type } = setUp('2026-03-20T10:00:00Z');
    // Session 1 on Tue 24 Mar 15:00 CET (14:00Z): 1d due Mon 14:00Z, 1h due Tue 13:00Z.
    await type(`schedule "${PAPER}" 2026-03-24 15:00 tz:Europe/Berlin`);
    const a = startInstance(db, clock, platform, 'A');
    await a.scheduler.tick(clock.set('2026-03-24T10:00:00Z')); // 20 h late for 1d (over 12): not posted
    expect(reminders(platform)).toEqual([]);
    await a.scheduler.tick(clock.set('2026-03-24T13:40:00Z')); // 40 min late for 1h (over 30): not posted
    expect(reminders(platform)).toEqual([]);
    await a.scheduler.tick(clock.set('2026-03-24T14:00:00Z')); // started
    expect(reminders(platform)).toEqual([]);
    const first = a.store.readingGroup.upcoming(C1, '2000-01-01')[0]!;
    expect([a.store.readingGroup.reminder(first.id, '1d'), a.store.readingGroup.reminder(first.id, '1h')]).toEqual([undefined, undefined]);

    // Session 2 on Fri 27 Mar 15:00 CET: back up 2 h after the 1d was due (posted, “in 22 hours”); 20 min after the 1h.
    clock.set('2026-03-24T15:00:00Z');
    await type(`schedule "Graph Agents" 2026-03-27 15:00 tz:Europe/Berlin`);
    await a.scheduler.tick(clock.set('2026-03-26T16:00:00Z'));
    await a.scheduler.tick(clock.set('2026-03-27T13:20:00Z'));
    expect(texts(platform)).toEqual([
      'Reading group tomorrow at 15:00 (Europe/Berlin) | “Graph Agents”, no presenter yet: starts in 22 hours.',
      'Reading group today at 15:00 (Europe/Berlin) | “Graph Agents”, no presenter yet: starts in 40 minutes.',
    ]);

    // Scheduled 30 minutes ahead: both reminders were due before it existed. Cancelled: none.
    clock.set('2026-03-28T10:00:00Z');
    await type(`schedule "${PAPER}" 2026-03-28 11:30 tz:Europe/Berlin`);
    await type(`schedule "Graph Agents" 2026-03-30 15:00 tz:Europe/Berlin`);
    await type(`cancel "Graph Agents"`);
    for (const at of [
      '2026-03-28T10:01:00Z',
      '2026-03-28T10:20:00Z',
      '2026-03-29T13:00:00Z',
      '2026-03-30T12:00:00Z',
      '2026-03-30T13:00:00Z',
    ])
      await a.scheduler.tick(clock.set(at));
    expect(reminders(platform)).toHaveLength(2);
    await a.scheduler.stop();
  });
});
