import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCore } from '../../src/app/core.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { CHANNEL, harness, textOf } from '../commands/harness.ts';
import { HF_DAY, listingWorld } from './listing-world.ts';
import { tempDb } from './harness.ts';

describe('status', () => {
  const world = listingWorld();

  it('GIVEN one source fetched and one unreachable THEN it shows each one’s last fetch, result and papers, and the next digest', async () => {
    const db = world.tempDb();
    world.server.script('/api/daily_papers?date=2026-05-29&limit=100', { body: HF_DAY });
    world.server.script('/api/daily_papers?date=2026-05-30&limit=100', { body: '[]' });
    world.server.script('/rss/cs.CL', { status: 503, body: 'down' });
    const env = { PAPERBOY_DB: db.path, HF_API_URL: `${world.server.url}/api`, ARXIV_RSS_URL: `${world.server.url}/rss` };
    const core = world.keep(
      await buildCore(loadConfig({ ...env, PAPERBOY_SOURCES: 'hf,arxiv:cs.CL', PAPERBOY_FETCH_RETRIES: '0' }), silentLogger),
    );
    const { run } = harness({ store: core.store });
    expect(textOf(await run('status'))).toBe(
      'Status\nNo source has been fetched yet: the scheduler fetches before each digest.\nThis channel is not subscribed to the daily digest.',
    );

    await core.refreshListings('2026-05-30');
    // The harness's clock is Thu 18 Dec 2025, 12:00 UTC: the next weekday digest is Friday's.
    await core.store.subscriptions.upsert(CHANNEL, { time: '09:00', timezone: 'Europe/Berlin' });
    const lines = textOf(await run('status')).split('\n');
    expect(lines[0]).toBe('Status');
    expect(lines[1]).toMatch(/^HF Daily Papers: fetched at \w{3} \d{1,2} \w{3} \d{4} \d\d:\d\d Europe\/Berlin, 30 papers \(30 new\)$/);
    expect(lines[2]).toMatch(/^arXiv cs\.CL: failed \(details in the log\) at .*, 0 papers \(0 new\)$/);
    expect(lines[3]).toBe('Next digest: Fri 19 Dec 2025 09:00 Europe/Berlin.');
    expect(lines.join('\n')).not.toContain('127.0.0.1');
  });
});
