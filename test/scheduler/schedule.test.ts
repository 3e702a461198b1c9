import { createTask } from 'node-cron';
import { describe, expect, it } from 'vitest';
import { cronSchedule, localDate, planToday, previousDigestDate, zonedInstant } from '../../src/scheduler/schedule.ts';

const berlin = { time: '09:00', timezone: 'Europe/Berlin', days: [1, 2, 3, 4, 5], createdAt: '2026-01-01T00:00:00Z' };

describe('digest times in a channel time zone', () => {
  it.each([
    ['2026-03-27', '2026-03-27T08:00:00.000Z'], // Friday before the March change: CET, UTC+1
    ['2026-03-30', '2026-03-30T07:00:00.000Z'], // Monday after it: CEST, UTC+2
    ['2026-10-23', '2026-10-23T07:00:00.000Z'], // Friday before the October change: CEST
    ['2026-10-26', '2026-10-26T08:00:00.000Z'], // Monday after it: CET
  ])('GIVEN 09:00 Europe/Berlin on %s THEN it is %s', (date, instant) => {
    expect(zonedInstant(date, '09:00', 'Europe/Berlin').toISOString()).toBe(instant);
  });

  it('GIVEN a wall time that a DST change skips or repeats THEN it resolves to one real instant', () => {
    expect(zonedInstant('2026-03-29', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 03:30 CEST
    expect(zonedInstant('2026-03-08', '02:30', 'America/New_York').toISOString()).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
    expect(zonedInstant('2026-10-25', '02:30', 'Europe/Berlin').toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 02:30, CEST
  });

  it('GIVEN an instant THEN the local date is the one in the channel zone', () => {
    expect(localDate(new Date('2026-03-30T22:30:00Z'), 'Europe/Berlin')).toBe('2026-03-31');
    expect(localDate(new Date('2026-03-30T22:30:00Z'), 'America/Los_Angeles')).toBe('2026-03-30');
  });
});

describe('when a digest is due', () => {
  it('GIVEN Friday 08:59 and 09:00 Berlin across the March change THEN due only from 09:00, and never at the weekend', () => {
    expect(planToday(berlin, new Date('2026-03-27T07:59:00Z'), 24).kind).toBe('not-yet');
    expect(planToday(berlin, new Date('2026-03-27T08:00:00Z'), 24)).toMatchObject({ kind: 'due', date: '2026-03-27' });
    expect(planToday(berlin, new Date('2026-03-28T08:00:00Z'), 24).kind).toBe('rest-day');
    expect(planToday(berlin, new Date('2026-03-29T07:00:00Z'), 24).kind).toBe('rest-day');
    expect(planToday(berlin, new Date('2026-03-30T06:59:00Z'), 24).kind).toBe('not-yet');
    expect(planToday(berlin, new Date('2026-03-30T07:00:00Z'), 24)).toMatchObject({ kind: 'due', date: '2026-03-30' });
  });

  it('GIVEN a restart at 11:00 after down-time over 09:00 THEN due (catch-up); past the grace or the local day THEN not', () => {
    expect(planToday(berlin, new Date('2026-03-27T10:00:00Z'), 24).kind).toBe('due');
    expect(planToday(berlin, new Date('2026-03-27T10:00:00Z'), 1).kind).toBe('too-late');
    expect(planToday(berlin, new Date('2026-03-27T22:59:00Z'), 24).kind).toBe('due'); // 23:59 local
    expect(planToday(berlin, new Date('2026-03-30T06:00:00Z'), 24).kind).toBe('not-yet'); // Monday 08:00: Friday's is not due
  });

  it('GIVEN a restart on Monday THEN Friday is the previous digest day, unless the subscription is newer', () => {
    expect(previousDigestDate(berlin, new Date('2026-03-30T06:00:00Z'))).toBe('2026-03-27');
    expect(previousDigestDate({ ...berlin, createdAt: '2026-03-29T12:00:00Z' }, new Date('2026-03-30T06:00:00Z'))).toBeNull();
  });

  it('GIVEN a subscription made after today’s time THEN today is not due: the first digest is the next one', () => {
    const late = { ...berlin, createdAt: '2026-03-27T09:30:00Z' };
    expect(planToday(late, new Date('2026-03-27T10:00:00Z'), 24).kind).toBe('before-subscription');
  });
});

describe('node-cron jobs', () => {
  it('GIVEN 09:00 on weekdays THEN one expression with the zone, and node-cron 4 fires it at 09:00 local on both sides of both changes', () => {
    const job = cronSchedule(berlin)!;
    expect(job).toMatchObject({ expression: '0 9 * * 1,2,3,4,5', timezone: 'Europe/Berlin' });
    const task = createTask(job.expression, () => undefined, { timezone: job.timezone });
    const fires = (iso: string) => task.match(new Date(iso));
    for (const iso of ['2026-03-27T08:00:00Z', '2026-03-30T07:00:00Z', '2026-10-23T07:00:00Z', '2026-10-26T08:00:00Z'])
      expect(fires(iso)).toBe(true);
    for (const iso of ['2026-03-27T07:00:00Z', '2026-03-30T08:00:00Z', '2026-10-23T08:00:00Z', '2026-10-26T07:00:00Z'])
      expect(fires(iso)).toBe(false);
    for (const iso of ['2026-03-28T08:00:00Z', '2026-03-29T07:00:00Z', '2026-10-24T07:00:00Z', '2026-10-25T08:00:00Z'])
      expect(fires(iso)).toBe(false);
    void task.destroy();
  });

  it('GIVEN no days or a malformed time THEN no job', () => {
    expect(cronSchedule({ ...berlin, days: [] })).toBeNull();
    expect(cronSchedule({ ...berlin, time: '9am' })).toBeNull();
    expect(cronSchedule({ ...berlin, time: '07:05', days: [5, 1, 1] })?.expression).toBe('5 7 * * 1,5');
  });
});
