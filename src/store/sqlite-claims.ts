/**
 * The SQLite store's exactly-once machinery behind the asynchronous contract (contract.ts): today's
 * DigestRepo, DigestNotes, LeaseRepo and SeenEventRepo, each write waiting out another process's write lock.
 */
import type { DigestClaims, DigestNoteClaims, LeaseStore, SeenEvents } from './contract.ts';
import type { Store } from './store.ts';

export function sqliteDigestClaims(store: Store): DigestClaims {
  const repo = store.digests;
  const write = <T>(work: () => T): Promise<T> => store.retryWhileBusy(work);
  const notes = repo.notes;
  const noteClaims: DigestNoteClaims = {
    list: async (channel, date) => notes.list(channel, date),
    get: async (channel, date, kind) => notes.get(channel, date, kind),
    claim: (channel, date, kind, holder, now, policy) => write(() => notes.claim(channel, date, kind, holder, now, policy)),
    recordComposed: (channel, date, kind, holder, paperIds, now) =>
      write(() => notes.recordComposed(channel, date, kind, holder, paperIds, now)),
    markPosted: (channel, date, kind, holder, messageId, now) => write(() => notes.markPosted(channel, date, kind, holder, messageId, now)),
    markFailed: (channel, date, kind, holder, error, now) => write(() => notes.markFailed(channel, date, kind, holder, error, now)),
    release: (channel, date, kind, holder) => write(() => notes.release(channel, date, kind, holder)),
  };
  return {
    get: async (channel, date) => repo.get(channel, date),
    claim: (channel, date, holder, now, policy) => write(() => repo.claim(channel, date, holder, now, policy)),
    recordComposed: (channel, date, holder, paperIds, composedAt, now) =>
      write(() => repo.recordComposed(channel, date, holder, paperIds, composedAt, now)),
    markPosted: (channel, date, holder, posted, now) => write(() => repo.markPosted(channel, date, holder, posted, now)),
    markSkipped: (channel, date, holder, note, now) => write(() => repo.markSkipped(channel, date, holder, note, now)),
    markFailed: (channel, date, holder, error, now) => write(() => repo.markFailed(channel, date, holder, error, now)),
    recordMissed: (channel, date, note, now) => write(() => repo.recordMissed(channel, date, note, now)),
    lastDelivered: async (channel, beforeDate) => repo.lastDelivered(channel, beforeDate),
    history: async (channel, limit) => repo.history(channel, limit),
    notes: noteClaims,
  };
}

export function sqliteLeases(store: Store): LeaseStore {
  const repo = store.leases;
  return {
    acquire: (name, holder, ttlMs, now) => store.retryWhileBusy(() => repo.acquire(name, holder, ttlMs, now)),
    renew: (name, holder, ttlMs, now) => store.retryWhileBusy(() => repo.renew(name, holder, ttlMs, now)),
    release: (name, holder) => store.retryWhileBusy(() => repo.release(name, holder)),
    get: async (name) => repo.get(name),
  };
}

export function sqliteSeenEvents(store: Store): SeenEvents {
  const repo = store.events;
  return {
    firstSighting: (platform, eventId, now) => store.retryWhileBusy(() => repo.firstSighting(platform, eventId, now)),
    prune: (before) => store.retryWhileBusy(() => repo.prune(before)),
  };
}
