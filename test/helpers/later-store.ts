/**
 * The SQLite store as another engine's store answers (src/store/api.ts): every repository call resolves a turn
 * of the event loop later, as a database round trip does, so requests awaiting the store can interleave.
 * `calls` counts the calls by "repository.method".
 */
import { setImmediate as turn } from 'node:timers/promises';
import type { StoreApi } from '../../src/store/api.ts';
import type { Store } from '../../src/store/store.ts';

export function laterStore(store: Store): { store: StoreApi; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const later = (repo: object, name: string): object =>
    new Proxy(repo, {
      get(target, key) {
        const value: unknown = Reflect.get(target, key);
        if (key === 'notes') return later(value as object, `${name}.notes`);
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          const method = `${name}.${String(key)}`;
          calls.set(method, (calls.get(method) ?? 0) + 1);
          await turn();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const repos = new Map<PropertyKey, object>();
  const api = new Proxy(store, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value === 'function') return (value as (...a: unknown[]) => unknown).bind(target);
      if (typeof value !== 'object' || value === null || key === 'db') return value;
      if (!repos.has(key)) repos.set(key, later(value, String(key)));
      return repos.get(key);
    },
  });
  return { store: api as StoreApi, calls };
}
