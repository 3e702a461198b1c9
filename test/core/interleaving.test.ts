/**
 * On a store that answers later (PostgreSQL), requests awaiting it interleave: what was a read and a write in one
 * synchronous turn must be one store call, or two requests at once change the outcome.
 */
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { sharedNewPapers } from '../../src/core/digest.ts';
import { extendThreadList, rememberShared } from '../../src/core/lists.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { CHANNEL, seedStore } from '../commands/harness.ts';
import { laterStore } from '../helpers/later-store.ts';

const thread = { channel: CHANNEL, threadId: 'T1' };
const sharedList = { channel: CHANNEL, threadId: 'T1', userId: '' };

describe('two requests at once on a store that answers later', () => {
  it('GIVEN two answers shared into an unnumbered thread THEN the thread keeps the first one’s numbering', async () => {
    const sqlite = seedStore();
    const { store } = laterStore(sqlite);
    await Promise.all([
      rememberShared(store, thread, { paperIds: [1, 2], label: 'first' }),
      rememberShared(store, thread, { paperIds: [3], label: 'second' }),
    ]);
    expect(sqlite.lists.get(sharedList)).toMatchObject({ paperIds: [1, 2], label: 'first' });
  });

  it('GIVEN two extensions of a thread’s list THEN both papers join it, after those already there', async () => {
    const sqlite = seedStore();
    const { store } = laterStore(sqlite);
    sqlite.lists.put(sharedList, { paperIds: [1], label: 'digest' });
    await Promise.all([extendThreadList(store, thread, [2], 'late'), extendThreadList(store, thread, [3, 1], 'late')]);
    expect(sqlite.lists.get(sharedList)).toMatchObject({ paperIds: [1, 2, 3], label: 'digest' });
  });

  it('GIVEN the same paper scheduled twice at once THEN one session is on the agenda, the other moved', async () => {
    const sqlite = seedStore();
    const { store } = laterStore(sqlite);
    const dispatcher = createDispatcher({
      services: { store, llm: new OfflineSummariser('offline'), rootCommand: 'papers' },
      commands,
      log: silentLogger,
      now: () => new Date('2025-12-18T12:00:00Z'),
    });
    const run = (text: string) => {
      const { command, text: rest } = dispatcher.parseText(text);
      return dispatcher.run({ command, input: { text: rest }, channel: CHANNEL, user: { id: 'U1', name: 'ada' } });
    };
    await Promise.all([run('schedule 2512.00004 2025-12-22 15:00'), run('schedule 2512.00004 2025-12-23 15:00')]);
    const paper = sqlite.papers.getByArxivId('2512.00004')!.id;
    const upcoming = sqlite.readingGroup.upcoming(CHANNEL, '2025-12-18T00:00:00Z').filter((s) => s.paperId === paper);
    expect(upcoming).toHaveLength(1);
  });

  it('GIVEN channels composing at once THEN the scheduler’s new papers are read once for all of them', async () => {
    const { store, calls } = laterStore(seedStore());
    const shared = sharedNewPapers(store, () => new Date('2025-12-19T00:00:00Z'));
    const reads = await Promise.all([shared.since('2025-12-01T00:00:00Z'), shared.since('2025-12-01T00:00:00Z')]);
    expect(calls.get('digestQueries.firstSeenSince')).toBe(1);
    expect(reads[0]!.papers.length).toBeGreaterThan(0);
    expect(reads[1]!.papers).toEqual(reads[0]!.papers);
  });
});
