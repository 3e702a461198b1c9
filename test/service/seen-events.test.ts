import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.ts';

describe('seen_events (platform retries already handled)', () => {
  it('is pruned as events arrive: a day of memory, so the table stops growing', () => {
    const store = Store.open(':memory:');
    const count = () => (store.db.prepare('SELECT count(*) AS n FROM seen_events').get() as { n: number }).n;
    const start = Date.parse('2026-06-01T00:00:00Z');
    for (let hour = 0; hour < 24 * 10; hour++)
      for (let i = 0; i < 5; i++) store.events.firstSighting('slack', `e-${hour}-${i}`, new Date(start + hour * 3_600_000 + i * 1000));
    expect(count()).toBeLessThanOrEqual(5 * 26);
    const now = new Date(start + 240 * 3_600_000);
    expect(store.events.firstSighting('slack', 'e-239-0', now)).toBe(false);
    store.close();
  });
});
