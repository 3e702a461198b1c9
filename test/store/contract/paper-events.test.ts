import { expect, it } from 'vitest';
import type { SharedStore } from '../../../src/store/contract.ts';
import type { NotePlace } from '../../../src/store/followup-notes.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import type { ParsedPaper } from '../../../src/sources/types.ts';
import { reposOf } from './repos.ts';
import { describeContract } from './stores.ts';

const C1 = { platform: 'slack' as const, id: 'C1' };
const C2 = { platform: 'slack' as const, id: 'C2' };
const POLICY = { staleAfterMs: 10 * 60_000, maxAttempts: 3, retryDelayMs: 60_000 };

const paper = (n: number, more: Partial<ParsedPaper> = {}) =>
  parsed({ title: `Paper ${n}`, arxivId: `2606.0000${n}`, version: 'v1', upvotes: 5, ...more });
const ingest = (store: SharedStore, papers: ParsedPaper[], iso: string) =>
  store.papers.ingestListing(listing('hf-json', iso.slice(0, 10), papers), `l-${iso}`, iso, new Date(iso));
const idOf = async (store: SharedStore, n: number) => (await store.papers.getByArxivId(`2606.0000${n}`))!.id;

/** Papers 1-4 stored; 1 discussed in C1 (in thread T1 and in the channel), 2 in C2, 3 nowhere; 4 in C1 long ago. */
async function discussedPapers(store: SharedStore) {
  const { paperEvents } = reposOf(store);
  await ingest(
    store,
    [1, 2, 3, 4].map((n) => paper(n)),
    '2026-06-10T08:00:00.000Z',
  );
  const [p1, p2, p3, p4] = await Promise.all([1, 2, 3, 4].map((n) => idOf(store, n)));
  await paperEvents.discussed(C1, 'T1', [p1!, p1!], new Date('2026-06-10T09:00:00Z'));
  await paperEvents.discussed(C1, '', [p1!], new Date('2026-06-10T10:00:00Z'));
  await paperEvents.discussed(C1, 'T1', [p1!], new Date('2026-06-10T08:30:00Z'));
  await paperEvents.discussed(C2, '', [p2!, 999_999], new Date('2026-06-10T09:00:00Z'));
  await paperEvents.discussed(C1, '', [p4!], new Date('2026-01-01T09:00:00Z'));
  return { p1: p1!, p2: p2!, p3: p3!, p4: p4! };
}

describeContract('paper event store contract', (open) => {
  it('GIVEN discussed papers THEN an ingest that changes them records each change once, and nothing for a paper nobody discussed', async () => {
    const store = await open();
    const { paperEvents } = reposOf(store);
    const { p1, p2, p3 } = await discussedPapers(store);
    expect(await paperEvents.latestId()).toBe(0);
    const changed = (n: number) =>
      paper(n, { version: 'v2', githubRepo: ' https://github.com/x/y ', upvotes: 120, journalRef: 'ICML 2026', doi: '10.1/x' });
    await ingest(store, [changed(1), changed(2), changed(3)], '2026-06-11T08:00:00.000Z');
    expect((await paperEvents.ofPaper(p1)).map(({ kind, value, detail, detectedAt }) => [kind, value, detail, detectedAt])).toEqual([
      ['version', 'v2', null, '2026-06-11T08:00:00.000Z'],
      ['code', 'https://github.com/x/y', null, '2026-06-11T08:00:00.000Z'],
      ['journal', 'ICML 2026', null, '2026-06-11T08:00:00.000Z'],
      ['doi', '10.1/x', null, '2026-06-11T08:00:00.000Z'],
      ['upvotes', '100', '120', '2026-06-11T08:00:00.000Z'],
    ]);
    expect(await paperEvents.ofPaper(p2)).toHaveLength(5);
    expect(await paperEvents.ofPaper(p3)).toEqual([]);
    const latest = await paperEvents.latestId();
    expect(latest).toBe((await paperEvents.ofPaper(p2)).at(-1)!.id);
    // Seen again: nothing new. A higher mark is a new event; the same version announced again is not.
    await ingest(store, [changed(1)], '2026-06-12T08:00:00.000Z');
    expect(await paperEvents.latestId()).toBe(latest);
    await ingest(store, [paper(1, { version: 'v2', upvotes: 160 }), paper(1, { version: 'v3', upvotes: 170 })], '2026-06-13T08:00:00.000Z');
    expect((await paperEvents.ofPaper(p1)).slice(5).map((e) => [e.kind, e.value, e.detail])).toEqual([
      ['upvotes', '150', '160'],
      ['version', 'v3', null],
    ]);
  });

  it('GIVEN events THEN pending lists those after the first discussion, with the thread and upvotes then, until a posted note tells them', async () => {
    const store = await open();
    const { paperEvents, followupNotes } = reposOf(store);
    const { p1, p4 } = await discussedPapers(store);
    await ingest(store, [paper(1, { githubRepo: 'https://github.com/x/y' }), paper(4, { upvotes: 40 })], '2026-06-11T08:00:00.000Z');
    const pending = await paperEvents.pending(C1, '2026-05-01T00:00:00.000Z');
    expect(pending).toEqual([
      {
        id: expect.any(Number),
        paperId: p1,
        kind: 'code',
        value: 'https://github.com/x/y',
        detail: null,
        detectedAt: '2026-06-11T08:00:00.000Z',
        threadId: 'T1',
        upvotesThen: 5,
      },
    ]);
    expect(await paperEvents.pending(C1, '2026-06-10T09:30:00.000Z')).toHaveLength(1);
    expect(await paperEvents.pending(C1, '2026-06-10T10:00:00.001Z')).toEqual([]);
    expect((await paperEvents.pending(C1, '2025-01-01T00:00:00.000Z')).map((e) => e.paperId)).toEqual([p1, p4]);
    expect(await paperEvents.pending(C2, '2026-05-01T00:00:00.000Z')).toEqual([]);
    const place: NotePlace = { channel: C1, threadId: 'T1', date: '2026-06-11' };
    expect(await followupNotes.claim(place, 'A', new Date('2026-06-11T09:00:00Z'), POLICY)).toEqual({ claimed: true, previous: undefined });
    expect(await followupNotes.markPosted(place, 'A', 'm1', [pending[0]!.id, 999_999], new Date('2026-06-11T09:01:00Z'))).toBe(true);
    expect(await paperEvents.pending(C1, '2026-05-01T00:00:00.000Z')).toEqual([]);
    expect(await paperEvents.toldBetween(C1, '2026-06-11', '2026-06-11')).toEqual(pending);
    expect(await paperEvents.toldBetween(C1, '2026-06-12', '2026-06-20')).toEqual([]);
    expect(await paperEvents.toldBetween(C2, '2026-06-11', '2026-06-11')).toEqual([]);
  });

  it('GIVEN digests THEN digestThreadOf is the thread of the newest posted one here that listed the paper', async () => {
    const store = await open();
    const { paperEvents, seed } = reposOf(store);
    const { p1, p2 } = await discussedPapers(store);
    const digest = (channel: string, date: string, state: string, thread: string | null, ids: number[]) =>
      seed(
        'INSERT INTO digests (platform, channel_id, digest_date, state, thread_id, paper_ids, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        'slack',
        channel,
        date,
        state,
        thread,
        JSON.stringify(ids),
        `${date}T08:00:00.000Z`,
      );
    await digest('C1', '2026-06-10', 'posted', 't10', [p2, p1]);
    await digest('C1', '2026-06-11', 'posted', 't11', [p1 + 100, p2]);
    await digest('C1', '2026-06-12', 'failed', 't12', [p1]);
    await digest('C1', '2026-06-13', 'posted', null, [p1]);
    await digest('C2', '2026-06-14', 'posted', 't14', [p1]);
    expect(await paperEvents.digestThreadOf(C1, p1)).toBe('t10');
    expect(await paperEvents.digestThreadOf(C1, p2)).toBe('t11');
    expect(await paperEvents.digestThreadOf(C2, p1)).toBe('t14');
    expect(await paperEvents.digestThreadOf(C2, p2)).toBeUndefined();
  });
});

describeContract('follow-up note store contract', (open) => {
  const place: NotePlace = { channel: C1, threadId: '', date: '2026-06-11' };
  const at = (minute: number) => new Date(Date.UTC(2026, 5, 11, 9, minute));

  it('GIVEN a claim THEN only its holder updates it; a fresh claim is refused, a stale one taken over, a posted one done', async () => {
    const store = await open();
    const { followupNotes: notes } = reposOf(store);
    expect(await notes.get(place)).toBeUndefined();
    expect(await notes.claim(place, 'A', at(0), POLICY)).toEqual({ claimed: true, previous: undefined });
    const claimedA = { state: 'claimed', claimedBy: 'A', claimedAt: at(0).toISOString(), messageId: null, eventIds: [], attempts: 1 };
    expect(await notes.claim(place, 'B', at(1), POLICY)).toEqual({ claimed: false, note: { ...claimedA, updatedAt: at(0).toISOString() } });
    expect(await notes.recordComposed(place, 'B', [1], at(2))).toBe(false);
    expect(await notes.recordComposed(place, 'A', [1, 2], at(2))).toBe(true);
    expect(await notes.get(place)).toMatchObject({ eventIds: [1, 2], updatedAt: at(2).toISOString() });
    const takeover = await notes.claim(place, 'B', at(20), POLICY);
    expect(takeover).toEqual({ claimed: true, previous: { ...claimedA, eventIds: [1, 2], updatedAt: at(2).toISOString() } });
    expect(await notes.markFailed(place, 'A', 'late', at(21))).toBe(false);
    expect(await notes.release(place, 'A')).toBe(false);
    expect(await notes.markFailed(place, 'B', 'boom', at(21))).toBe(true);
    expect(await notes.get(place)).toMatchObject({ state: 'failed', attempts: 2, claimedBy: 'B' });
    expect(await notes.claim(place, 'C', at(21), POLICY)).toMatchObject({ claimed: false });
    expect(await notes.claim(place, 'C', at(23), POLICY)).toMatchObject({ claimed: true, previous: { state: 'failed' } });
    expect(await notes.markPosted(place, 'C', 'm1', [], at(24))).toBe(true);
    expect(await notes.get(place)).toMatchObject({ state: 'posted', messageId: 'm1', attempts: 3, eventIds: [] });
    expect(await notes.claim(place, 'D', at(59), POLICY)).toMatchObject({ claimed: false, note: { state: 'posted' } });
    expect(await notes.markPosted(place, 'C', 'm2', [], at(25))).toBe(false);
  });

  it('GIVEN a claim with nothing to post THEN its holder releases it and the next claim starts afresh', async () => {
    const store = await open();
    const { followupNotes: notes } = reposOf(store);
    await notes.claim(place, 'A', at(0), POLICY);
    expect(await notes.release(place, 'B')).toBe(false);
    expect(await notes.release(place, 'A')).toBe(true);
    expect(await notes.get(place)).toBeUndefined();
    expect(await notes.claim(place, 'B', at(1), POLICY)).toEqual({ claimed: true, previous: undefined });
    expect(await notes.get({ ...place, threadId: 'T1' })).toBeUndefined();
  });

  it('GIVEN many claims at once THEN exactly one wins', async () => {
    const store = await open();
    const { followupNotes: notes } = reposOf(store);
    const outcomes = await Promise.all(['A', 'B', 'C', 'D', 'E'].map((holder) => notes.claim(place, holder, at(0), POLICY)));
    expect(outcomes.filter((o) => o.claimed)).toHaveLength(1);
    expect(await notes.get(place)).toMatchObject({ attempts: 1 });
  });
});
