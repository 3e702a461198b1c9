/**
 * The PostgreSQL connection pool and its migrations. Every replica runs migrate() at start-up; an advisory
 * lock lets one apply them while the others wait, then find nothing left to do.
 */
import pg from 'pg';
import { StoreVersionError } from '../db.ts';
import { pgMigrations } from './migrations.ts';

export type PgPool = pg.Pool;

/** Any number, so that two deployments' locks in one database cannot collide by accident: "paperboy" in ASCII. */
const MIGRATION_LOCK = 0x7061706572;

export function openPool(url: string, max = 10): PgPool {
  const pool = new pg.Pool({ connectionString: url, max });
  // An idle client losing its connection (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return pool;
}

/** Runs `work` in one transaction on one client, rolling back when it throws. */
export async function inTransaction<T>(pool: PgPool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection lost mid-transaction (server restart, pg_terminate_backend) also emits 'error' on the client,
  // which would crash the process with no listener: the failing query already rejects, which is what we report.
  let lost: unknown;
  const onError = (error: unknown) => (lost = error);
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.removeListener('error', onError);
    client.release(lost instanceof Error ? lost : undefined);
  }
}

/** Applies pending migrations; returns how many. Refuses a database written by a newer paperboy. */
export async function migratePg(pool: PgPool): Promise<number> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS paperboy_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM paperboy_migrations');
    const current = rows[0]?.v ?? 0;
    const latest = pgMigrations.at(-1)?.version ?? 0;
    if (current > latest)
      throw new StoreVersionError(
        `this database's schema is version ${current}, newer than this paperboy knows (${latest}): a newer paperboy wrote it. ` +
          'Upgrade paperboy; the database was left unchanged.',
      );
    let applied = 0;
    for (const migration of pgMigrations) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO paperboy_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
      applied += 1;
    }
    return applied;
  });
}
