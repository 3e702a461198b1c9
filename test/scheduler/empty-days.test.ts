import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCore, type Core } from '../../src/app/core.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { digestHistory } from '../../src/scheduler/history.ts';
import type { SubscriptionChange } from '../../src/store/channels.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { startListingServer } from '../fakes/listing-server.ts';
import { textOf } from '../commands/harness.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb, type Instance } from './harness.ts';

/** 2026-03-26 is a Thursday; Berlin's 09:00 is 08:00 UTC. */
const at = (day: string) => `${day}T08:00:00Z`;

describe('an empty or short digest says which step made it so', () => {
  let db: ReturnType<typeof tempDb>;
  let core: Core | undefined;
  let server: Awaited<ReturnType<typeof startListingServer>>;
  beforeAll(async () => {
    server = await startListingServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    core?.store.close();
    core = undefined;
    db.cleanup();
  });

  /** C1 posts on empty days, C2 skips them (empty:skip); both had a digest on the 25th. */
  async function twoChannels(change: SubscriptionChange, extra: Parameters<typeof startInstance>[4] = {}, fresh = true) {
    if (fresh) db = tempDb();
    const clock = new Clock(new Date(at('2026-03-25')));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A', extra);
    seedListing(a.store, '2026-03-25', ['Known Paper About Agents'], '2026-03-25T04:00:00Z');
    subscribe(a.store, 'C1', { ...change, postWhenEmpty: true }, '2026-03-20T00:00:00Z');
    subscribe(a.store, 'C2', { ...change, postWhenEmpty: false }, '2026-03-20T00:00:00Z');
    await a.scheduler.tick(clock.set(at('2026-03-25')));
    return { a, clock, platform };
  }
  const lastPost = (a: Instance, channel: string) => textOf(a.adapter.postsIn(channel).at(-1)!.reply);
  const skipNote = (a: Instance, day: string) => a.store.digests.get({ platform: 'slack', id: 'C2' }, day)?.note;

  it('GIVEN nothing arrived since the last digest THEN it says so, and empty:skip records it', async () => {
    const { a, clock } = await twoChannels({});
    await a.scheduler.tick(clock.set(at('2026-03-26')));
    expect(lastPost(a, 'C1')).toBe('No new papers on Thu 26 Mar 2026.\nNothing new since the last digest (Wed 25 Mar 2026).');
    expect(a.adapter.postsIn('C2')).toHaveLength(1);
    expect(skipNote(a, '2026-03-26')).toBe('Nothing new since the last digest (Wed 25 Mar 2026) (empty:skip)');
    expect(textOf(await digestHistory(a.store, { platform: 'slack', id: 'C2' }))).toContain(
      'Thu 26 Mar 2026: not posted: Nothing new since the last digest (Wed 25 Mar 2026) (empty:skip)',
    );
  });

  it('GIVEN a Saturday THEN it names arXiv’s announcement days', async () => {
    const { a, clock } = await twoChannels({ days: [0, 1, 2, 3, 4, 5, 6] });
    await a.scheduler.tick(clock.set(at('2026-03-28')));
    expect(lastPost(a, 'C1')).toBe('No new papers on Sat 28 Mar 2026.\narXiv announces no new papers on Saturdays.');
    expect(skipNote(a, '2026-03-28')).toBe('arXiv announces no new papers on Saturdays (empty:skip)');
    seedListing(a.store, '2026-03-29', ['Video Diffusion Models'], '2026-03-29T04:00:00Z');
    await a.scheduler.tick(clock.set(at('2026-03-29')));
    expect(lastPost(a, 'C1')).toContain(
      ': Only 1 new paper since the last digest (Sat 28 Mar 2026): arXiv announces no new papers on Sundays.',
    );
  });

  it('GIVEN the sources could not be reached THEN one line names them; the details stay in the log', async () => {
    server.script('/api/daily_papers', { status: 503, body: 'upstream down at http://internal:9/x' });
    db = tempDb();
    const config = loadConfig({ PAPERBOY_DB: db.path, HF_API_URL: `${server.url}/api`, PAPERBOY_FETCH_RETRIES: '0' });
    core = await buildCore(config, silentLogger);
    db.cleanup = (
      (cleanup) => () =>
        cleanup()
    )(db.cleanup);
    const retry = { delaysMs: [], sleep: async () => {} };
    const { a, clock } = await twoChannels({}, { refresh: core.refreshListings, fetchRetry: retry }, false);
    await a.scheduler.tick(clock.set(at('2026-03-26')));
    const text = lastPost(a, 'C1');
    expect(text).toBe(
      'HF Daily Papers could not be reached; this digest is built from papers already known.\nNo new papers on Thu 26 Mar 2026.',
    );
    expect(skipNote(a, '2026-03-26')).toBe('HF Daily Papers could not be reached (empty:skip)');
  });

  it('GIVEN the topics and min:N removed every new paper THEN it says how many each removed', async () => {
    const { a, clock } = await twoChannels({ topics: ['graph'], topicMode: 'filter', minUpvotes: 15 });
    // Upvotes 30, 20, 10: min:15 removes Protein Folding, the topics the other two.
    seedListing(a.store, '2026-03-26', ['Quantum Agents', 'Video Diffusion Models', 'Protein Folding'], '2026-03-26T04:00:00Z');
    await a.scheduler.tick(clock.set(at('2026-03-26')));
    const why =
      'The channel’s topics (graph) removed 2 papers and min:15 removed 1 paper of 3 new papers since the last digest (Wed 25 Mar 2026)';
    expect(lastPost(a, 'C1')).toContain(`No new papers matching your topics (graph) with at least 15 upvotes on Thu 26 Mar 2026.\n${why}.`);
    expect(skipNote(a, '2026-03-26')).toBe(`${why} (empty:skip)`);
  });

  it('GIVEN a digest shorter than its size THEN its intro says why', async () => {
    const { a, clock } = await twoChannels({ size: 5, topics: ['agents'], topicMode: 'filter' });
    seedListing(a.store, '2026-03-26', ['Graph Agents for Planning', 'Video Diffusion Models'], '2026-03-26T04:00:00Z');
    await a.scheduler.tick(clock.set(at('2026-03-26')));
    expect(lastPost(a, 'C1')).toContain(
      '1 of 2 new papers match your topics (agents); ranked by upvotes. Why fewer than 5: The channel’s topics (agents) removed 1 paper of 2 new papers since the last digest (Wed 25 Mar 2026).',
    );
    db.cleanup();
    const { a: b, clock: c2 } = await twoChannels({ size: 5 });
    seedListing(b.store, '2026-03-26', ['Video Diffusion Models'], '2026-03-26T04:00:00Z');
    await b.scheduler.tick(c2.set(at('2026-03-26')));
    expect(lastPost(b, 'C1')).toContain('Why fewer than 5: Only 1 new paper since the last digest (Wed 25 Mar 2026).');
  });
});
