/** What the status and refresh suites share: a listing server for the suite, and per test a store file and the core on it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Core } from '../../src/app/core.ts';
import { startListingServer } from '../fakes/listing-server.ts';
import { tempDb } from './harness.ts';

/** 30 papers of HF's list for 2026-05-29. */
export const HF_DAY = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'hf', 'sotawhat_hf_daily_papers.json'), 'utf8');

type ListingServer = Awaited<ReturnType<typeof startListingServer>>;

/** Registers the suite's hooks; each test takes its store file with tempDb() and hands its core to keep(). */
export function listingWorld() {
  let server: ListingServer | undefined;
  let db: ReturnType<typeof tempDb> | undefined;
  let core: Core | undefined;
  beforeAll(async () => {
    server = await startListingServer();
  });
  afterAll(() => server?.close());
  afterEach(() => {
    core?.store.close();
    core = undefined;
    db?.cleanup();
    db = undefined;
  });
  return {
    get server(): ListingServer {
      return server!;
    },
    tempDb() {
      db = tempDb();
      return db;
    },
    keep(built: Core): Core {
      core = built;
      return built;
    },
  };
}
