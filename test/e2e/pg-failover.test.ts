/** The failover scenario (failover-scenario.ts) with the three processes on one PostgreSQL database (DATABASE_URL). */
import { describe, it } from 'vitest';
import { PgAppStore } from '../../src/store/pg/app-store.ts';
import { pgUnavailable, startPgCluster, type PgCluster } from '../helpers/pg-cluster.ts';
import { describeFailover } from './failover-scenario.ts';

const title = 'three processes on one PostgreSQL database, the scheduler’s leader killed mid-run';
const unavailable = pgUnavailable();
let cluster: PgCluster | undefined;

if (unavailable && !process.env.CI) describe.skip(`${title} (${unavailable})`, () => it('needs PostgreSQL', () => {}));
else
  describeFailover(
    title,
    async () => {
      cluster = await startPgCluster();
      return { env: { DATABASE_URL: cluster.url }, open: () => PgAppStore.open(cluster!.url) };
    },
    () => cluster?.stop(),
  );
