import { afterEach, describe, expect, it } from 'vitest';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

/** Ticks every minute from 06:00 to 08:59 UTC on each day: the window around 09:00 Berlin, CET or CEST. */
async function tickEveryMinute(tick: (now: Date) => Promise<unknown>, clock: Clock, days: string[]): Promise<void> {
  for (const day of days) {
    for (let minute = 6 * 60; minute < 9 * 60; minute += 1) {
      const hh = String(Math.floor(minute / 60)).padStart(2, '0');
      const mm = String(minute % 60).padStart(2, '0');
      await tick(clock.set(`${day}T${hh}:${mm}:00Z`));
    }
  }
}

describe('GIVEN a channel subscribed at 09:00 Europe/Berlin on weekdays', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it.each([
    [
      'March',
      ['2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
      ['2026-03-26T08:00:00.000Z', '2026-03-27T08:00:00.000Z', '2026-03-30T07:00:00.000Z', '2026-03-31T07:00:00.000Z'],
    ],
    [
      'October',
      ['2026-10-22', '2026-10-23', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-27'],
      ['2026-10-22T07:00:00.000Z', '2026-10-23T07:00:00.000Z', '2026-10-26T08:00:00.000Z', '2026-10-27T08:00:00.000Z'],
    ],
  ])(
    'THEN around the %s DST change it posts at 09:00 local each weekday, once, and nothing at the weekend',
    async (_month, days, expected) => {
      db = tempDb();
      const clock = new Clock(new Date(`${days[0]}T00:00:00Z`));
      const platform: AcceptedPost[] = [];
      const a = startInstance(db, clock, platform, 'A');
      seedListing(a.store, days[0]!, ['Sparse Attention at Scale', 'Diffusion Policies for Robots'], `${days[0]}T04:00:00Z`);
      subscribe(a.store, 'C1', {}, '2026-01-01T00:00:00Z');
      await tickEveryMinute((now) => a.scheduler.tick(now), clock, days);
      expect(platform.map((p) => p.at.toISOString())).toEqual(expected);
      expect(platform.map((p) => p.idempotencyKey)).toEqual(expected.map((iso) => `paperboy:slack:C1:${iso.slice(0, 10)}`));
      expect(a.cron.active()).toEqual([{ expression: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Berlin' }]);
    },
  );
});

describe('catch-up and restarts', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  function setUp() {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T06:00:00Z'));
    const platform: AcceptedPost[] = [];
    const first = startInstance(db, clock, platform, 'A');
    seedListing(first.store, '2026-03-26', ['Sparse Attention at Scale', 'Diffusion Policies for Robots'], '2026-03-26T04:00:00Z');
    subscribe(first.store, 'C1', {}, '2026-03-20T00:00:00Z');
    return { clock, platform, first };
  }

  it('GIVEN the digest was posted THEN a restart the same day does not post it again', async () => {
    const { clock, platform, first } = setUp();
    clock.set('2026-03-26T08:00:00Z');
    await first.scheduler.start();
    expect(platform).toHaveLength(1);
    await first.scheduler.stop();
    clock.set('2026-03-26T08:30:00Z');
    const second = startInstance(db, clock, platform, 'A-restarted');
    await second.scheduler.start();
    await second.scheduler.tick(clock.set('2026-03-26T12:00:00Z'));
    await second.scheduler.stop();
    expect(platform).toHaveLength(1);
    expect(second.store.digests.get({ platform: 'slack', id: 'C1' }, '2026-03-26')).toMatchObject({ state: 'posted', claimedBy: 'A' });
  });

  it('GIVEN paperboy was down over 09:00 THEN a start at 11:00 posts the digest once (catch-up)', async () => {
    const { clock, platform, first } = setUp();
    await first.scheduler.heartbeat(); // 07:00 local: leader, nothing due; then the process dies
    first.store.close();
    const second = startInstance(db, clock, platform, 'B');
    clock.set('2026-03-26T10:00:00Z');
    await second.scheduler.start();
    await second.scheduler.tick(clock.set('2026-03-26T10:05:00Z'));
    await second.scheduler.stop();
    expect(platform.map((p) => p.at.toISOString())).toEqual(['2026-03-26T10:00:00.000Z']);
  });

  it('GIVEN paperboy was down all day THEN the next day it does not post yesterday’s, records it missed, and posts today’s', async () => {
    const { clock, platform, first } = setUp();
    await first.scheduler.heartbeat();
    first.store.close();
    const second = startInstance(db, clock, platform, 'B');
    clock.set('2026-03-27T06:00:00Z'); // Friday 07:00 Berlin
    await second.scheduler.start();
    expect(platform).toHaveLength(0);
    expect(second.store.digests.get({ platform: 'slack', id: 'C1' }, '2026-03-26')).toMatchObject({ state: 'missed' });
    await second.scheduler.tick(clock.set('2026-03-27T08:00:00Z'));
    await second.scheduler.stop();
    expect(platform.map((p) => p.idempotencyKey)).toEqual(['paperboy:slack:C1:2026-03-27']);
  });

  it('GIVEN a catch-up grace of 1 h THEN a start at 11:00 records the digest missed instead of posting it', async () => {
    const { clock, platform } = setUp();
    const late = startInstance(db, clock, platform, 'B', { catchUpGraceHours: 1 });
    await late.scheduler.tick(clock.set('2026-03-26T10:00:00Z'));
    expect(platform).toHaveLength(0);
    expect(late.store.digests.get({ platform: 'slack', id: 'C1' }, '2026-03-26')?.state).toBe('missed');
  });
});

describe('subscription changes', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  it('GIVEN the time changes from 09:00 to 10:00 THEN the jobs follow at once and the digest posts at 10:00, without a restart', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T06:00:00Z'));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A');
    seedListing(a.store, '2026-03-26', ['Sparse Attention at Scale'], '2026-03-26T04:00:00Z');
    subscribe(a.store, 'C1', {}, '2026-03-20T00:00:00Z');
    await a.scheduler.heartbeat();
    expect(a.cron.active()).toEqual([{ expression: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Berlin' }]);

    subscribe(a.store, 'C1', { time: '10:00' });
    await a.scheduler.onSubscriptionsChanged();
    expect(a.cron.active()).toEqual([{ expression: '0 10 * * 1,2,3,4,5', timezone: 'Europe/Berlin' }]);
    clock.set('2026-03-26T08:00:00Z');
    await a.cron.fire('0 10 * * 1,2,3,4,5'); // a fire at 09:00 local finds nothing due
    expect(platform).toHaveLength(0);
    clock.set('2026-03-26T09:00:00Z');
    await a.cron.fire('0 10 * * 1,2,3,4,5');
    expect(platform.map((p) => p.at.toISOString())).toEqual(['2026-03-26T09:00:00.000Z']);
  });

  it('GIVEN another process subscribes a channel THEN the leader adds its job at the next heartbeat', async () => {
    db = tempDb();
    const clock = new Clock(new Date('2026-03-26T06:00:00Z'));
    const a = startInstance(db, clock, [], 'A');
    subscribe(a.store, 'C1', {});
    await a.scheduler.heartbeat();
    const commandsOnly = db.open();
    subscribe(commandsOnly, 'C2', { time: '08:30', timezone: 'America/New_York', days: [1, 3, 5] });
    await a.scheduler.heartbeat();
    expect(a.cron.active()).toEqual([
      { expression: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Berlin' },
      { expression: '30 8 * * 1,3,5', timezone: 'America/New_York' },
    ]);
  });
});
