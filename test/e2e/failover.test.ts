/** The failover scenario (failover-scenario.ts) on one SQLite store file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../../src/store/store.ts';
import { describeFailover } from './failover-scenario.ts';

describeFailover('three processes on one store, the scheduler’s leader killed mid-run', async () => {
  const db = join(mkdtempSync(join(tmpdir(), 'paperboy-failover-')), 'paperboy.db');
  return { env: { PAPERBOY_DB: db }, open: async () => Store.open(db) };
});
