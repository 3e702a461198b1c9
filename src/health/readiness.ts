import { errorMessage } from '../errors.ts';
import type { Platform } from '../platforms/types.ts';
import { SCHEDULER_LEASE } from '../scheduler/scheduler.ts';
import type { StoreApi } from '../store/api.ts';

export type PlatformState = 'connected' | 'connecting' | 'stopped';

export interface Readiness {
  readonly ready: boolean;
  /** "ok", or why the store does not answer. */
  readonly store: string;
  readonly platforms: Partial<Record<Platform, PlatformState>>;
  /** When this store last posted a digest (ISO time), null if never. */
  readonly lastDigestAt: string | null;
  /** Whether this instance holds the scheduler lease (runs the digests) right now. */
  readonly scheduler: { readonly instanceId: string; readonly leader: boolean };
}

export interface ReadinessSource {
  readonly store: StoreApi;
  readonly instanceId: string;
  readonly platforms: () => Partial<Record<Platform, PlatformState>>;
  readonly now?: () => Date;
}

/** Ready when the store answers a query and every configured platform is connected. */
export async function readiness(source: ReadinessSource): Promise<Readiness> {
  const platforms = source.platforms();
  let store = 'ok';
  let lastDigestAt: string | null = null;
  let leader = false;
  try {
    lastDigestAt = (await source.store.health()).lastDigestAt;
    const lease = await source.store.leases.get(SCHEDULER_LEASE);
    leader = !!lease && lease.holder === source.instanceId && lease.expiresAt > (source.now?.() ?? new Date());
  } catch (error) {
    store = errorMessage(error);
  }
  const ready = store === 'ok' && Object.values(platforms).every((state) => state === 'connected');
  return { ready, store, platforms, lastDigestAt, scheduler: { instanceId: source.instanceId, leader } };
}
