import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import history from '../../commands/history.ts';
import { runDigestCommand } from '../../src/cli/digest-command.ts';
import { runDigestPost } from '../../src/cli/digest-post.ts';
import { loadConfig } from '../../src/config.ts';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import type { Store } from '../../src/store/store.ts';
import { startListingServer } from '../fakes/listing-server.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';
import { Clock, seedListing, subscribe, tempDb } from './harness.ts';

describe('npx paperboy digest post', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  function setUp() {
    db = tempDb();
    const store = db.open();
    const clock = new Clock(new Date('2026-03-26T10:00:00Z'));
    const slack = new RecordingAdapter('slack', { clock: clock.now });
    const terminal = new RecordingAdapter('terminal', { clock: clock.now, canFindPosted: false });
    seedListing(store, '2026-03-26', ['Sparse Attention at Scale', 'Diffusion Policies for Robots'], '2026-03-26T04:00:00Z');
    subscribe(store, 'C1', {}, '2026-03-20T00:00:00Z');
    const lines: string[] = [];
    let fetches = 0;
    const refresh = async () => ((fetches += 1), { ok: true });
    const post = (to: string, extra: { date?: string; force?: boolean } = {}, fetchFirst = false) =>
      runDigestPost(
        { to, ...extra },
        {
          store,
          llm: new OfflineSummariser(),
          adapters: { slack, terminal },
          now: clock.now,
          instanceId: 'cli',
          print: (l) => lines.push(l),
          ...(fetchFirst ? { refresh, fetchRetry: { delaysMs: [1, 1], sleep: async () => {} } } : {}),
        },
      );
    return { store, slack, terminal, lines, post, fetches: () => fetches };
  }

  it('GIVEN a channel THEN it posts once; again says it was already posted; --force posts again', async () => {
    const { store, slack, post } = setUp();
    expect(await post('slack:C1')).toMatchObject({
      exitCode: 0,
      message: 'Posted the digest for 2026-03-26 to slack:C1 (message C1-1, 2 papers).',
    });
    const again = await post('slack:C1');
    expect(again).toMatchObject({
      exitCode: 0,
      message: 'Already posted the digest for 2026-03-26 to slack:C1 at 2026-03-26T10:00:00.000Z (message C1-1); --force posts it again.',
    });
    const forced = await post('slack:C1', { force: true });
    expect(forced.exitCode).toBe(0);
    expect(slack.postsIn('C1').map((p) => p.idempotencyKey)).toEqual(['paperboy:slack:C1:2026-03-26', 'paperboy:slack:C1:2026-03-26#2']);
    expect(store.digests.get({ platform: 'slack', id: 'C1' }, '2026-03-26')).toMatchObject({
      state: 'posted',
      messageId: 'C1-2',
      attempts: 2,
    });
  });

  it('GIVEN --date and the terminal THEN the digest is keyed by that date and goes to the local channel', async () => {
    const { store, terminal, post } = setUp();
    expect((await post('terminal', { date: '2026-03-20' })).exitCode).toBe(0);
    expect(terminal.postsIn('local')).toHaveLength(1);
    expect(store.digests.get({ platform: 'terminal', id: 'local' }, '2026-03-20')?.state).toBe('posted');
  });

  it('GIVEN a bad target or an unconfigured platform THEN it says so and posts nothing', async () => {
    const { slack, post } = setUp();
    expect(await post('slack')).toMatchObject({ exitCode: 2, outcome: null });
    expect(await post('discord:123')).toMatchObject({
      exitCode: 2,
      message: 'Cannot post the digest for 2026-03-26 to discord:123: no discord connection is configured (see .env.example).',
    });
    expect(slack.accepted).toHaveLength(0);
  });

  it('GIVEN an unconfigured platform THEN it says so before fetching anything', async () => {
    const { post, fetches } = setUp();
    expect(await post('discord:123', {}, true)).toMatchObject({ exitCode: 2, outcome: { status: 'no-adapter' } });
    expect(fetches()).toBe(0);
    expect((await post('slack:C1', {}, true)).exitCode).toBe(0);
    expect(fetches()).toBe(1);
  });

  it('GIVEN --date THEN it posts that day’s listing, under that day, not the latest one', async () => {
    const { store, slack, post } = setUp();
    seedListing(store, '2026-03-20', ['Retrieval Heads Explained', 'Tiny Recursive Models'], '2026-03-20T04:00:00Z');
    const posted = await post('slack:C1', { date: '2026-03-20' });
    expect(posted).toMatchObject({ exitCode: 0, message: 'Posted the digest for 2026-03-20 to slack:C1 (message C1-1, 2 papers).' });
    const reply = slack.postsIn('C1')[0]!.reply;
    expect(reply.blocks[0]).toEqual({ type: 'header', text: 'Daily papers — Fri 20 Mar 2026' });
    expect(reply.papers?.map((p) => p.title)).toEqual(['Retrieval Heads Explained', 'Tiny Recursive Models']);
  });

  it('GIVEN a failing platform THEN the failure is printed, recorded with why, and exit code 1', async () => {
    const { store, slack, post } = setUp();
    slack.rejectNext = new Error('channel_not_found');
    expect(await post('slack:C1')).toMatchObject({
      exitCode: 1,
      message: 'Posting the digest for 2026-03-26 to slack:C1 failed (attempt 1): channel_not_found',
    });
    expect(store.digests.get({ platform: 'slack', id: 'C1' }, '2026-03-26')).toMatchObject({ state: 'failed', error: 'channel_not_found' });
  });
});

describe('npx paperboy digest post, fetching first', () => {
  let server: Awaited<ReturnType<typeof startListingServer>>;
  let db: ReturnType<typeof tempDb>;
  beforeAll(async () => {
    server = await startListingServer();
  });
  afterAll(() => server.close());
  afterEach(() => {
    vi.restoreAllMocks();
    db.cleanup();
  });

  it('GIVEN HF answers 503 THEN each URL is asked PAPERBOY_FETCH_RETRIES + 1 times, once over, and the digest posts with the note and exit 0', async () => {
    db = tempDb();
    seedListing(db.open(), '2026-03-25', ['Known Paper About Agents'], '2026-03-25T04:00:00Z');
    server.script('/api/daily_papers', { status: 503, headers: { 'retry-after': '0' }, body: 'upstream overloaded' });
    const env = { PAPERBOY_DB: db.path, HF_API_URL: `${server.url}/api`, PAPERBOY_FETCH_RETRIES: '1', PAPERBOY_FETCH_DAYS: '1' };
    const asked = server.requests.length;
    const out: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const started = Date.now();
    const code = await runDigestCommand(['post', '--to', 'terminal'], { ...loadConfig(env), logLevel: 'silent' });
    expect(code).toBe(0);
    expect(server.requests.length - asked).toBe(2);
    expect(Date.now() - started).toBeLessThan(5_000);
    const printed = out.join('').replace(/\s+/g, ' ');
    expect(printed).toContain('HF Daily Papers could not be reached; this digest is built from papers already known.');
    expect(printed).toContain('Known Paper About Agents');
    expect(printed).toMatch(/Posted the digest for \d{4}-\d{2}-\d{2} to terminal/);
    expect(printed).not.toContain(server.url);
  });

  it('GIVEN Slack is not configured THEN it says so at once, without asking any source', async () => {
    db = tempDb();
    const asked = server.requests.length;
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const env = { PAPERBOY_DB: db.path, HF_API_URL: `${server.url}/api` };
    expect(await runDigestCommand(['post', '--to', 'slack:C1'], { ...loadConfig(env), logLevel: 'silent' })).toBe(2);
    expect(server.requests.length - asked).toBe(0);
  });
});

describe('digest history', () => {
  let db: ReturnType<typeof tempDb>;
  afterEach(() => db.cleanup());

  const run = (store: Store, text: string) =>
    createDispatcher({
      services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
      commands: [history],
      log: silentLogger,
    }).run({ command: 'history', input: { text }, channel: { platform: 'slack', id: 'C1' }, user: { id: 'U1', name: 'ada' } });

  it('GIVEN posted, failed and missed days THEN history lists them newest first in the channel’s time zone', async () => {
    db = tempDb();
    const store = db.open();
    subscribe(store, 'C1', {}, '2026-03-20T00:00:00Z');
    const channel = { platform: 'slack' as const, id: 'C1' };
    const policy = { staleAfterMs: 300_000, maxAttempts: 3, retryDelayMs: 300_000 };
    store.digests.recordMissed(
      channel,
      '2026-03-24',
      'paperboy was not running at 09:00 (Europe/Berlin)',
      new Date('2026-03-25T08:00:00Z'),
    );
    store.digests.claim(channel, '2026-03-25', 'A', new Date('2026-03-25T08:00:00Z'), policy);
    store.digests.recordComposed(channel, '2026-03-25', 'A', [1, 2, 3], new Date('2026-03-25T08:00:00Z'), new Date('2026-03-25T08:00:00Z'));
    store.digests.markPosted(channel, '2026-03-25', 'A', { messageId: 'm', threadId: 'm' }, new Date('2026-03-25T08:00:02Z'));
    store.digests.claim(channel, '2026-03-26', 'A', new Date('2026-03-26T08:00:00Z'), policy);
    store.digests.markFailed(channel, '2026-03-26', 'A', 'not_in_channel', new Date('2026-03-26T08:00:01Z'));
    const reply = await run(store, '');
    expect(reply.blocks[1]).toEqual({
      type: 'text',
      text: [
        'Thu 26 Mar 2026: failed after 1 attempt, last at 09:00 Europe/Berlin: not_in_channel',
        'Wed 25 Mar 2026: posted at 09:00 Europe/Berlin, 3 papers',
        'Tue 24 Mar 2026: missed: paperboy was not running at 09:00 (Europe/Berlin)',
      ].join('\n'),
    });
    expect((await run(store, 'limit:1')).fallback.split('\n')).toHaveLength(3);
  });

  it('GIVEN no digests THEN it says so and how the channel is subscribed', async () => {
    db = tempDb();
    const store = db.open();
    expect((await run(store, '')).fallback).toBe('No digests yet in this channel.\nThis channel is not subscribed to the daily digest.');
  });
});
