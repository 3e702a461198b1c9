/**
 * The bot on PostgreSQL (DATABASE_URL): the app opens the PostgreSQL store from configuration, answers
 * commands (search ranks there) and posts a digest exactly once through the scheduler's path.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, type App } from '../../src/app/build.ts';
import { runBackup } from '../../src/cli/backup-command.ts';
import { runDigestPost } from '../../src/cli/digest-post.ts';
import { loadConfig } from '../../src/config.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { PgAppStore } from '../../src/store/pg/app-store.ts';
import { CHANNEL, textOf } from '../commands/harness.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';
import { pgUnavailable, startPgCluster, type PgCluster } from '../helpers/pg-cluster.ts';
import { listing, parsed } from '../helpers/papers.ts';

const unavailable = pgUnavailable();
const describePg = unavailable && !process.env.CI ? describe.skip : describe;

describePg('the bot on PostgreSQL (DATABASE_URL)', () => {
  let cluster: PgCluster;
  let app: App | undefined;
  beforeAll(async () => {
    cluster = await startPgCluster();
    const admin = new pg.Client({ connectionString: cluster.url });
    await admin.connect();
    await admin.query('CREATE DATABASE bot');
    await admin.end();
  }, 60_000);
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });
  afterAll(() => cluster?.stop());

  const config = () => loadConfig({ DATABASE_URL: cluster.urlFor('bot'), PAPERBOY_SAMPLE_LISTINGS: '', PAPERBOY_SHUTDOWN_GRACE_MS: '0' });

  it('GIVEN DATABASE_URL THEN the app opens PostgreSQL, answers a search and posts a digest exactly once', async () => {
    app = await buildApp(config(), { log: silentLogger });
    expect(app.store).toBeInstanceOf(PgAppStore);
    const papers = [
      parsed({ title: 'Diffusion Transformers for Video Generation', arxivId: '2603.00001', upvotes: 40, publishedAt: '2026-03-26' }),
      parsed({ title: 'Sparse Attention at Scale', arxivId: '2603.00002', upvotes: 10, publishedAt: '2026-03-26' }),
    ];
    await app.store.papers.ingestListing(listing('hf-json', '2026-03-26', papers), 'hf-2026-03-26', 'h1', new Date('2026-03-26T04:00:00Z'));

    const run = async (text: string) => {
      const { command, text: rest } = app!.dispatcher.parseText(text);
      return textOf(await app!.dispatcher.run({ command, input: { text: rest }, channel: CHANNEL, user: { id: 'U1', name: 'ada' } }));
    };
    const found = await run('search diffusion');
    expect(found).toContain('Diffusion Transformers for Video Generation');
    expect(found).not.toContain('Sparse Attention at Scale');
    await run('subscribe 09:00 Europe/Berlin');
    expect((await app.store.subscriptions.get(CHANNEL))?.time).toBe('09:00');

    const slack = new RecordingAdapter('slack', { clock: () => new Date('2026-03-26T10:00:00Z') });
    const post = () =>
      runDigestPost(
        { to: 'slack:C1', date: '2026-03-26' },
        {
          store: app!.store,
          llm: new OfflineSummariser(),
          adapters: { slack },
          now: () => new Date('2026-03-26T10:00:00Z'),
          print: () => {},
        },
      );
    expect((await post()).message).toBe('Posted the digest for 2026-03-26 to slack:C1 (message C1-1, 2 papers).');
    expect((await post()).message).toMatch(/^Already posted the digest for 2026-03-26 to slack:C1/);
    expect(slack.postsIn('C1')).toHaveLength(1);
    expect(await app.store.health()).toEqual({ lastDigestAt: '2026-03-26T10:00:00.000Z' });
  });

  it('GIVEN a second app on the same database THEN it sees the first one’s papers; stopping ends its pool', async () => {
    app = await buildApp(config(), { log: silentLogger });
    expect(await app.store.papers.count()).toBe(2);
    const store = app.store as PgAppStore;
    await app.stop();
    app = undefined;
    expect(store.pool.ended).toBe(true);
  });

  it('GIVEN DATABASE_URL THEN `paperboy backup` refuses and names pg_dump', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await runBackup(['copy.db'], config())).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(/PostgreSQL database \(DATABASE_URL\): back it up with pg_dump/);
    } finally {
      stderr.mockRestore();
    }
  });
});

describe('DATABASE_URL', () => {
  it('GIVEN a URL that is not PostgreSQL THEN the config is refused without echoing it (it holds a password)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/paperboy' })).toThrow(/DATABASE_URL must be a PostgreSQL URL/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:hunter2@db/paperboy' })).not.toThrow(/hunter2/);
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@127.0.0.1/x' }).databaseUrl).toBe('postgres://u:p@127.0.0.1/x');
    expect(loadConfig({}).databaseUrl).toBeUndefined();
  });
});
