/**
 * The implementations the contract suite runs against: SQLite (in memory, through sqlite-papers.ts) and
 * PostgreSQL (a throw-away cluster per test file, test/helpers/pg-cluster.ts, or the server DATABASE_URL
 * names; each test gets a database of its own). Without PostgreSQL its cases fail in CI (CI=true) with one
 * line saying why, and are skipped elsewhere.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SharedStore } from '../../../src/store/contract.ts';
import { openSharedStore } from '../../../src/store/open-shared.ts';
import { pgUnavailable, startPgCluster, type PgCluster } from '../../helpers/pg-cluster.ts';

export type OpenStore = () => Promise<SharedStore>;

/** A server to use instead of a throw-away cluster (it must let us create databases). */
const givenServer = /^postgres(?:ql)?:\/\//.test(process.env.DATABASE_URL ?? '') ? process.env.DATABASE_URL! : undefined;

/** Runs `cases` once per implementation, each case with a fresh, empty store from `open`. */
export function describeContract(title: string, cases: (open: OpenStore) => void): void {
  // Both through openSharedStore, as the bot will open its store: a postgres:// location is PostgreSQL, any other a SQLite file.
  describe(`${title} (SQLite)`, () => {
    const opened: SharedStore[] = [];
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });
    cases(async () => {
      const store = await openSharedStore(':memory:');
      expect(store.kind).toBe('sqlite');
      opened.push(store);
      return store;
    });
  });

  const unavailable = givenServer ? undefined : pgUnavailable();
  if (unavailable) {
    if (process.env.CI) describe(`${title} (PostgreSQL)`, () => it('has a PostgreSQL server', () => failUnavailable(unavailable)));
    else describe.skip(`${title} (PostgreSQL: ${unavailable})`, () => cases(async () => Promise.reject(new Error(unavailable))));
    return;
  }
  describe(`${title} (PostgreSQL)`, () => {
    let cluster: PgCluster | undefined;
    let admin: pg.Client;
    let serverUrl: (database: string) => string;
    let made = 0;
    const opened: { store: SharedStore; database: string }[] = [];
    beforeAll(async () => {
      if (givenServer) {
        serverUrl = (database) => withDatabase(givenServer, database);
      } else {
        cluster = await startPgCluster();
        serverUrl = cluster.urlFor;
      }
      admin = new pg.Client({ connectionString: serverUrl('postgres') });
      await admin.connect();
    }, 60_000);
    afterEach(async () => {
      for (const { store, database } of opened.splice(0)) {
        await store.close();
        await admin.query(`DROP DATABASE IF EXISTS ${database}`);
      }
    });
    afterAll(async () => {
      await admin?.end();
      cluster?.stop();
    });
    cases(async () => {
      const database = `contract_${process.pid}_${++made}`;
      await admin.query(`CREATE DATABASE ${database}`);
      const store = await openSharedStore(serverUrl(database));
      expect(store.kind).toBe('postgres');
      opened.push({ store, database });
      return store;
    });
  });
}

function failUnavailable(why: string): never {
  const error = new Error(`PostgreSQL contract tests cannot run in CI: ${why}`);
  error.stack = error.message;
  throw error;
}

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};
