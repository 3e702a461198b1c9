import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCore } from '../../src/app/core.ts';
import { loadConfig } from '../../src/config.ts';
import { createLogger, silentLogger } from '../../src/log.ts';
import type { AcceptedPost } from '../fakes/recording-adapter.ts';
import { HF_DAY, listingWorld } from './listing-world.ts';
import { Clock, seedListing, startInstance, subscribe, tempDb } from './harness.ts';

describe('the fetch before a digest', () => {
  const world = listingWorld();

  it('GIVEN the defaults THEN it fetches yesterday’s HF list too, so papers that joined it after the last fetch are stored', async () => {
    const db = world.tempDb();
    world.server.script('/api/daily_papers?date=2026-05-29&limit=100', { body: HF_DAY });
    world.server.script('/api/daily_papers?date=2026-05-30&limit=100', { body: '[]' });
    const asked = world.server.requests.length;
    const core = world.keep(await buildCore(loadConfig({ PAPERBOY_DB: db.path, HF_API_URL: `${world.server.url}/api` }), silentLogger));
    expect(await core.refreshListings('2026-05-30')).toEqual({ ok: true });
    expect(world.server.requests.slice(asked).map((r) => r.path)).toEqual([
      '/api/daily_papers?date=2026-05-29&limit=100',
      '/api/daily_papers?date=2026-05-30&limit=100',
    ]);
    expect(await core.store.papers.count()).toBe(30);
  });

  it('GIVEN HF cannot be reached THEN the digest says so in one human line; the URL, its password and the error go to the log only', async () => {
    const db = world.tempDb();
    const logged: string[] = [];
    const log = createLogger({ level: 'info', write: (line) => logged.push(line) });
    const port = new URL(world.server.url).port;
    // Node refuses a URL with credentials, and says so quoting the whole URL: exactly what must not reach a channel.
    const config = loadConfig({
      PAPERBOY_DB: db.path,
      HF_API_URL: `http://paperboy:s3cret@127.0.0.1:${port}/api`,
      PAPERBOY_FETCH_RETRIES: '0',
    });
    const core = world.keep(await buildCore(config, log));
    const clock = new Clock(new Date('2026-03-26T07:00:00Z'));
    const platform: AcceptedPost[] = [];
    const a = startInstance(db, clock, platform, 'A', {
      refresh: core.refreshListings,
      fetchRetry: { delaysMs: [], sleep: async () => {} },
    });
    seedListing(a.store, '2026-03-25', ['Known Paper About Agents'], '2026-03-25T04:00:00Z');
    subscribe(a.store, 'C1', {}, '2026-03-20T00:00:00Z');
    const report = await a.scheduler.tick(clock.set('2026-03-26T08:00:00Z'));
    expect(report.fetch).toMatchObject({ ok: false, unreachable: ['HF Daily Papers'] });
    const reply = platform[0]!.reply;
    expect(reply.blocks.filter((b) => b.type === 'note')[0]).toEqual({
      type: 'note',
      text: 'HF Daily Papers could not be reached; this digest is built from papers already known.',
    });
    expect(reply.papers?.map((p) => p.title)).toEqual(['Known Paper About Agents']);
    const shown = JSON.stringify(reply);
    for (const secret of ['s3cret', '127.0.0.1', 'daily_papers', 'credentials']) expect(shown).not.toContain(secret);
    expect(logged.join('\n')).toMatch(/fetching listings failed: .*daily_papers\?date=2026-03-2[56]/);
  });
});
