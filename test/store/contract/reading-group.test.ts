import { expect, it } from 'vitest';
import type { NewSession } from '../../../src/store/reading-group.ts';
import { addPapers, reposOf } from './repos.ts';
import { describeContract } from './stores.ts';

const C1 = { platform: 'slack' as const, id: 'C1' };
const POLICY = { staleAfterMs: 10 * 60_000, maxAttempts: 3, retryDelayMs: 60_000 };
const at = (minute: number) => new Date(Date.UTC(2026, 9, 20, 9, minute));
const PAPERS = [
  { title: 'A', arxivId: '2606.00001' },
  { title: 'B', arxivId: '2606.00002' },
];

const session = (paperId: number, startsAt: string, more: Partial<NewSession> = {}): NewSession => ({
  platform: 'slack',
  channelId: 'C1',
  channelName: 'papers',
  paperId,
  localDate: startsAt.slice(0, 10),
  localTime: '15:00',
  timezone: 'Europe/Berlin',
  startsAt,
  reminders: '1d,1h',
  createdBy: 'U1',
  createdAt: '2026-10-20T09:00:00.000Z',
  ...more,
});

describeContract('reading group store contract', (open) => {
  it('GIVEN claims THEN one presenter per paper per channel; only the presenter gives it back', async () => {
    const store = await open();
    const { readingGroup: group } = reposOf(store);
    const [a, b] = await addPapers(store, PAPERS);
    const ann = { paperId: a, userId: 'U1', userName: 'Ann', claimedAt: at(0).toISOString() };
    expect(await group.claim(C1, a!, { id: 'U1', name: 'Ann' }, at(0))).toEqual({ holder: ann, created: true });
    expect(await group.claim(C1, a!, { id: 'U2', name: 'Bo' }, at(1))).toEqual({ holder: ann, created: false });
    expect(await group.claim(C1, a!, { id: 'U1', name: 'Ann' }, at(2))).toEqual({ holder: ann, created: false });
    expect(await group.claim({ ...C1, id: 'C2' }, a!, { id: 'U2', name: 'Bo' }, at(1))).toMatchObject({ created: true });
    expect(await group.presenters(C1, [b!, a!, a!, 999])).toEqual(new Map([[a, ann]]));
    expect(await group.presenters(C1, [])).toEqual(new Map());
    expect(await group.unclaim(C1, a!, 'U2')).toEqual(ann);
    expect(await group.presenters(C1, [a!])).toEqual(new Map([[a, ann]]));
    expect(await group.unclaim(C1, a!, 'U1')).toEqual(ann);
    expect(await group.unclaim(C1, a!, 'U1')).toBeUndefined();
    expect(await group.presenters(C1, [a!])).toEqual(new Map());
    expect((await group.presenters({ ...C1, id: 'C2' }, [a!])).get(a!)).toMatchObject({ userId: 'U2' });
    const outcomes = await Promise.all(['U3', 'U4', 'U5'].map((id) => group.claim(C1, b!, { id, name: id }, at(3))));
    expect(outcomes.filter((o) => o.created)).toHaveLength(1);
    expect(new Set(outcomes.map((o) => o.holder.userId)).size).toBe(1);
  });

  it('GIVEN sessions THEN upcoming is soonest first without the cancelled, latestZone the newest, startingBetween across channels', async () => {
    const store = await open();
    const { readingGroup: group } = reposOf(store);
    const [a, b] = await addPapers(store, PAPERS);
    const later = await group.addSession(session(a!, '2026-10-26T14:00:00.000Z'));
    expect(later).toEqual({ id: expect.any(Number), ...session(a!, '2026-10-26T14:00:00.000Z'), cancelledAt: null });
    const sooner = await group.addSession(session(b!, '2026-10-22T13:00:00.000Z', { timezone: 'UTC', channelName: null }));
    const other = await group.addSession(session(b!, '2026-10-23T13:00:00.000Z', { channelId: 'C2', timezone: 'Asia/Tokyo' }));
    const gone = await group.addSession(session(a!, '2026-10-21T13:00:00.000Z', { reminders: '' }));
    expect(await group.session(sooner.id)).toEqual(sooner);
    expect(await group.session(999_999)).toBeUndefined();
    expect(await group.cancelSession(gone.id, at(5))).toBe(true);
    expect(await group.cancelSession(gone.id, at(6))).toBe(false);
    expect(await group.session(gone.id)).toMatchObject({ cancelledAt: at(5).toISOString(), reminders: '' });
    expect((await group.upcoming(C1, '2026-10-20T00:00:00.000Z')).map((s) => s.id)).toEqual([sooner.id, later.id]);
    expect((await group.upcoming(C1, '2026-10-22T13:00:00.001Z')).map((s) => s.id)).toEqual([later.id]);
    expect((await group.upcoming(C1, '2026-10-20T00:00:00.000Z', 1)).map((s) => s.id)).toEqual([sooner.id]);
    expect(await group.latestZone(C1)).toBe('Europe/Berlin');
    expect(await group.latestZone({ ...C1, id: 'C2' })).toBe('Asia/Tokyo');
    expect(await group.latestZone({ ...C1, id: 'C3' })).toBeUndefined();
    const between = await group.startingBetween('2026-10-21T00:00:00.000Z', '2026-10-26T14:00:00.000Z');
    expect(between.map((s) => s.id)).toEqual([sooner.id, other.id, later.id]);
  });

  it('GIVEN reschedule THEN the paper’s coming sessions here are cancelled and one added; two at once leave one session', async () => {
    const store = await open();
    const { readingGroup: group } = reposOf(store);
    const [a] = await addPapers(store, PAPERS);
    const first = await group.addSession(session(a!, '2026-10-26T14:00:00.000Z'));
    const past = await group.addSession(session(a!, '2026-10-19T13:00:00.000Z'));
    const moved = await group.reschedule(session(a!, '2026-10-27T14:00:00.000Z'), at(1));
    expect(moved.replaced.map((s) => s.id)).toEqual([first.id]);
    expect(await group.session(first.id)).toMatchObject({ cancelledAt: at(1).toISOString() });
    expect(await group.session(past.id)).toMatchObject({ cancelledAt: null });
    await Promise.all([
      group.reschedule(session(a!, '2026-10-28T14:00:00.000Z'), at(2)),
      group.reschedule(session(a!, '2026-10-29T14:00:00.000Z'), at(2)),
    ]);
    expect(await group.upcoming(C1, '2026-10-20T00:00:00.000Z')).toHaveLength(1);
  });

  it('GIVEN a reminder THEN it is claimed once: a fresh claim refused, a stale one taken over, updates only by the holder, done when posted', async () => {
    const store = await open();
    const { readingGroup: group } = reposOf(store);
    const [a] = await addPapers(store, PAPERS);
    const { id } = await group.addSession(session(a!, '2026-10-26T14:00:00.000Z'));
    expect(await group.reminder(id, '1d')).toBeUndefined();
    expect(await group.claimReminder(id, '1d', 'A', at(0), POLICY)).toEqual({ claimed: true, previous: undefined });
    const claimedA = {
      ...{ sessionId: id, lead: '1d', state: 'claimed', claimedBy: 'A', claimedAt: at(0).toISOString() },
      ...{ messageId: null, error: null, attempts: 1, updatedAt: at(0).toISOString() },
    };
    expect(await group.claimReminder(id, '1d', 'B', at(1), POLICY)).toEqual({ claimed: false, record: claimedA });
    expect(await group.claimReminder(id, '1h', 'B', at(1), POLICY)).toMatchObject({ claimed: true });
    expect(await group.markReminder(id, '1d', 'B', { state: 'posted', messageId: 'm' }, at(2))).toBe(false);
    expect(await group.claimReminder(id, '1d', 'B', at(20), POLICY)).toEqual({ claimed: true, previous: claimedA });
    expect(await group.markReminder(id, '1d', 'A', { state: 'posted', messageId: 'm' }, at(21))).toBe(false);
    expect(await group.markReminder(id, '1d', 'B', { state: 'failed', error: 'boom' }, at(21))).toBe(true);
    expect(await group.reminder(id, '1d')).toMatchObject({ state: 'failed', error: 'boom', attempts: 2, messageId: null });
    expect(await group.claimReminder(id, '1d', 'C', at(21), POLICY)).toMatchObject({ claimed: false });
    expect(await group.claimReminder(id, '1d', 'C', at(23), POLICY)).toMatchObject({ claimed: true, previous: { state: 'failed' } });
    expect(await group.markReminder(id, '1d', 'C', { state: 'posted', messageId: 'm1' }, at(24))).toBe(true);
    expect(await group.reminder(id, '1d')).toEqual({
      ...claimedA,
      ...{
        state: 'posted',
        claimedBy: 'C',
        claimedAt: at(23).toISOString(),
        messageId: 'm1',
        attempts: 3,
        updatedAt: at(24).toISOString(),
      },
    });
    expect(await group.claimReminder(id, '1d', 'D', at(59), POLICY)).toMatchObject({ claimed: false, record: { state: 'posted' } });
    expect(await group.markReminder(id, '1h', 'B', { state: 'skipped', error: 'too late' }, at(30))).toBe(true);
    expect(await group.claimReminder(id, '1h', 'D', at(59), POLICY)).toMatchObject({ claimed: false, record: { state: 'skipped' } });
    const { id: next } = await group.addSession(session(a!, '2026-10-27T14:00:00.000Z'));
    const outcomes = await Promise.all(['A', 'B', 'C', 'D'].map((holder) => group.claimReminder(next, '1h', holder, at(0), POLICY)));
    expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
  });
});
