/** The replicas scenario (replicas-scenario.ts) on one SQLite store file. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeReplicas } from './replicas-scenario.ts';

describeReplicas('two replicas behind a round-robin load balancer (real processes, one store)', async () => ({
  PAPERBOY_DB: join(mkdtempSync(join(tmpdir(), 'paperboy-replicas-')), 'paperboy.db'),
}));
