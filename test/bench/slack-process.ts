/**
 * The Slack load bench in a process of its own, as a deployed bot runs: the bench's earlier phases leave
 * hundreds of megabytes on run.ts's heap, and collecting them would land on the acks being timed.
 * Forked by run.ts (child.ts) with the store's size; replies with the SlackLoadResult.
 */
import { commands } from '../../commands/index.ts';
import { parseQuery } from '../../src/core/query.ts';
import { searcherFor } from '../../src/search/searcher.ts';
import { Store } from '../../src/store/store.ts';
import { serveParent } from './child.ts';
import { benchQueries } from './queries.ts';
import { benchSlackLoad, type SlackLoadResult } from './slack-load.ts';
import { benchStore } from './stores.ts';

export interface SlackBenchRequest {
  readonly size: number;
}

serveParent(async ({ size }: SlackBenchRequest): Promise<SlackLoadResult> => {
  const store = Store.open((await benchStore({ size, seed: 1 })).path);
  try {
    // A running bot's search workers are up and warm; start them (and their caches) before the burst.
    for (const warmUp of benchQueries(8).slice(0, 20)) await searcherFor(store).search(parseQuery(warmUp.text), 10);
    const texts = benchQueries().map((q) => `search ${q.text}`);
    return await benchSlackLoad({ count: 200, store, app: { commands, texts } });
  } finally {
    store.close();
  }
});
