/** The replicas scenario (replicas-scenario.ts) with both replicas on one PostgreSQL database (DATABASE_URL). */
import { describe, it } from 'vitest';
import { pgUnavailable, startPgCluster, type PgCluster } from '../helpers/pg-cluster.ts';
import { describeReplicas } from './replicas-scenario.ts';

const title = 'two replicas behind a round-robin load balancer (real processes, one PostgreSQL database)';
const unavailable = pgUnavailable();
let cluster: PgCluster | undefined;

if (unavailable && !process.env.CI) describe.skip(`${title} (${unavailable})`, () => it('needs PostgreSQL', () => {}));
else
  describeReplicas(
    title,
    async () => {
      cluster = await startPgCluster();
      return { DATABASE_URL: cluster.url };
    },
    () => cluster?.stop(),
  );
