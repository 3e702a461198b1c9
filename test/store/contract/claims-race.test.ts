/**
 * The claims on PostgreSQL under real concurrency: three PgStores, each with its own pg Pool and connections
 * (as three replica processes would have), on one database. Without PostgreSQL the cases fail in CI and are
 * skipped elsewhere, as in stores.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimPolicy } from '../../../src/store/digests.ts';
import { PgStore } from '../../../src/store/pg/store.ts';
import { pgUnavailable, startPgCluster, type PgCluster } from '../../helpers/pg-cluster.ts';

const POLICY: ClaimPolicy = { staleAfterMs: 5 * 60_000, maxAttempts: 3, retryDelayMs: 60_000 };
const T0 = Date.parse('2026-12-07T08:00:00Z');
const at = (ms: number) => new Date(T0 + ms);
const ROUNDS = 50;
const REPLICAS = ['a', 'b', 'c'] as const;

const givenServer = /^postgres(?:ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : undefined;
const unavailable = givenServer ? undefined : pgUnavailable();

const withParams = (url: string, database: string, params: Record<string, string>): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  for (const [name, value] of Object.entries(params)) parsed.searchParams.set(name, value);
  return parsed.toString();
};

const suite = unavailable ? (process.env.CI ? describe : describe.skip) : describe;

suite(`claims on PostgreSQL across replicas${unavailable ? ` (${unavailable})` : ''}`, () => {
  let cluster: PgCluster | undefined;
  let admin: pg.Client;
  let db: pg.Client;
  const stores: PgStore[] = [];
  const database = `claims_race_${process.pid}`;

  beforeAll(async () => {
    if (unavailable) throw new Error(`PostgreSQL claim tests cannot run in CI: ${unavailable}`);
    const server = givenServer ?? (cluster = await startPgCluster()).url;
    admin = new pg.Client({ connectionString: withParams(server, 'postgres', {}) });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    for (const name of REPLICAS)
      stores.push(await PgStore.open(withParams(server, database, { application_name: `replica-${name}` }), { maxConnections: 4 }));
    db = new pg.Client({ connectionString: withParams(server, database, {}) });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(stores.map((store) => store.close()));
    await db?.end();
    await admin?.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin?.end();
    cluster?.stop();
  });

  /** Every replica at once; which one won each round. */
  const race = async <T>(attempt: (store: PgStore, holder: string) => Promise<T>, won: (result: T) => boolean) => {
    const results = await Promise.all(stores.map((store, i) => attempt(store, REPLICAS[i]!)));
    return REPLICAS.filter((_, i) => won(results[i]!));
  };

  it(`GIVEN three replicas racing ${ROUNDS} times for a digest, its stale takeover, a note, the lease and an event THEN exactly one wins each`, async () => {
    // Warm every pool so the racers meet in the database, not in connection set-up.
    await Promise.all(stores.flatMap((store) => [1, 2, 3].map(() => store.pool.query('SELECT 1'))));
    const tally = { digest: new Set<string>(), takeover: new Set<string>(), lease: new Set<string>() };
    for (let round = 0; round < ROUNDS; round++) {
      const channel = { platform: 'slack' as const, id: `C${round}` };
      const first = await race(
        (s, h) => s.digests.claim(channel, '2026-12-07', h, at(0), POLICY),
        (r) => r.claimed,
      );
      expect(first, `round ${round}: digest`).toHaveLength(1);
      tally.digest.add(first[0]!);
      const later = at(POLICY.staleAfterMs);
      const takeover = await race(
        (s, h) => s.digests.claim(channel, '2026-12-07', h, later, POLICY),
        (r) => r.claimed,
      );
      expect(takeover, `round ${round}: takeover`).toHaveLength(1);
      tally.takeover.add(takeover[0]!);
      expect(await stores[0]!.digests.get(channel, '2026-12-07')).toMatchObject({ claimedBy: takeover[0], attempts: 2 });
      const note = await race(
        (s, h) => s.digests.notes.claim(channel, '2026-12-07', 'late:1', h, at(0), POLICY),
        (r) => r.claimed,
      );
      expect(note, `round ${round}: note`).toHaveLength(1);
      // Each round the previous holder's lease has lapsed: all three try to take it over at once.
      const lease = await race(
        (s, h) => s.leases.acquire('scheduler', h, 1_000, at(round * 2_000)),
        (held) => held,
      );
      expect(lease, `round ${round}: lease`).toHaveLength(1);
      expect((await stores[1]!.leases.get('scheduler'))?.holder).toBe(lease[0]);
      tally.lease.add(lease[0]!);
      const event = await race(
        (s) => s.events.firstSighting('slack', `Ev${round}`, at(round)),
        (isNew) => isNew,
      );
      expect(event, `round ${round}: event`).toHaveLength(1);
    }
    // Not a single replica winning every round by arriving first: the races were real.
    expect(tally.digest.size + tally.takeover.size + tally.lease.size).toBeGreaterThan(3);
  }, 60_000);

  /** The server processes serving a replica's pool. */
  const backends = async (replica: string, waiting = false): Promise<number[]> => {
    const { rows } = await db.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()
       AND ($2::boolean IS FALSE OR wait_event_type = 'Lock')`,
      [`replica-${replica}`, waiting],
    );
    return rows.map((row) => row.pid);
  };
  const terminate = async (pids: readonly number[]) => {
    await db.query('SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    for (let i = 0; i < 100 && (await db.query('SELECT 1 FROM pg_stat_activity WHERE pid = ANY($1::int[])', [pids])).rowCount; i++)
      await sleep(20);
    await sleep(100); // the pools hear their sockets close and drop those clients
  };

  it("GIVEN the holder's connections terminated after it claimed, and the next claimer's mid-claim THEN a third takes over after staleness, exactly once", async () => {
    const [a, b, c] = stores as [PgStore, PgStore, PgStore];
    const channel = { platform: 'slack' as const, id: 'CDIE' };
    const date = '2026-12-07';
    expect(await a.digests.claim(channel, date, 'a', at(0), POLICY)).toMatchObject({ claimed: true, attempt: 1 });
    expect(await a.leases.acquire('dying', 'a', 60_000, at(0))).toBe(true);
    await terminate(await backends('a'));
    // The claim and the lease are rows, not sessions: a's dead connections leave both in place until they lapse.
    expect(await b.digests.claim(channel, date, 'b', at(POLICY.staleAfterMs - 1), POLICY)).toMatchObject({ reason: 'in-progress' });
    expect(await b.leases.acquire('dying', 'b', 60_000, at(59_999))).toBe(false);
    expect(await b.leases.acquire('dying', 'b', 60_000, at(60_000))).toBe(true);

    // b takes the stale claim over, and is killed inside its claim transaction, holding the row lock.
    await db.query(`CREATE FUNCTION hold_claim() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NEW; END $$`);
    await db.query('CREATE TRIGGER hold_claim BEFORE UPDATE ON digests FOR EACH ROW EXECUTE FUNCTION hold_claim()');
    await db.query('SELECT pg_advisory_lock(4242)');
    const stale = at(POLICY.staleAfterMs);
    const midClaim = b.digests.claim(channel, date, 'b', stale, POLICY).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    let stuck: number[] = [];
    for (let i = 0; i < 250 && stuck.length === 0; i++)
      stuck = await backends('b', true).then(async (p) => (p.length ? p : (await sleep(20), [])));
    expect(stuck).toHaveLength(1);
    // Meanwhile c neither waits for b's transaction nor takes the row from under it.
    expect(await c.digests.claim(channel, date, 'c', stale, POLICY)).toMatchObject({ claimed: false, reason: 'in-progress' });
    await terminate(stuck);
    expect(await midClaim).toHaveProperty('error');
    await db.query('SELECT pg_advisory_unlock(4242)');
    await db.query('DROP TRIGGER hold_claim ON digests');

    // b's attempt left nothing: c's takeover is the second attempt, after a's.
    const taken = await c.digests.claim(channel, date, 'c', stale, POLICY);
    expect(taken).toMatchObject({ claimed: true, attempt: 2, previous: { claimedBy: 'a', attempts: 1 } });
    const posted = { messageId: 'm', threadId: 't' };
    expect(await a.digests.markPosted(channel, date, 'a', posted, stale)).toBe(false);
    expect(await b.digests.markPosted(channel, date, 'b', posted, stale)).toBe(false);
    expect(await c.digests.markPosted(channel, date, 'c', posted, stale)).toBe(true);
    expect(await b.digests.claim(channel, date, 'b', at(10 * POLICY.staleAfterMs), POLICY)).toMatchObject({ reason: 'done' });
    expect(await a.digests.get(channel, date)).toMatchObject({ state: 'posted', claimedBy: 'c', attempts: 2, messageId: 'm' });
  }, 60_000);
});
