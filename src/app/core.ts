import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { createDispatcher } from '../dispatch/dispatch.ts';
import { ingestTargets } from '../ingest/ingest.ts';
import { createSummariser } from '../llm/index.ts';
import type { Summariser } from '../llm/types.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Dispatcher } from '../platforms/types.ts';
import { fetchOptionsFor, sourceUrls } from '../sources/fetch.ts';
import { Store } from '../store/store.ts';

export interface Core {
  readonly config: Config;
  readonly log: Logger;
  readonly store: Store;
  readonly llm: Summariser;
  readonly dispatcher: Dispatcher;
  /** The scheduler plugs in here, so `subscribe` changes take effect without a restart. */
  onSubscriptionsChanged(listener: () => void): void;
  /** Fetches today's listings from the configured sources (PAPERBOY_SOURCES) into the store. */
  refreshListings(): Promise<{ ok: boolean; error?: string }>;
}

/** Store, LLM and dispatcher: everything that answers commands, without any chat platform. */
export function buildCore(config: Config, log: Logger = createLogger({ level: config.logLevel, format: config.logFormat })): Core {
  const store = Store.open(config.dbPath);
  const llm = createSummariser({ ...config.llm, db: store.db, log: log.child('llm') });
  let listener: () => void = () => {};
  const dispatcher = createDispatcher({
    services: {
      store,
      llm,
      rootCommand: config.rootCommand,
      onSubscriptionsChanged: () => listener(),
    },
    commands,
    log: log.child('commands'),
  });

  const refreshListings = async () => {
    const day = new Date().toISOString().slice(0, 10);
    const report = await ingestTargets(store, sourceUrls(config.sources, day), {
      fetch: fetchOptionsFor(config.sources, ({ url, reason, waitMs }) =>
        log.warn(`fetching ${url} failed (${reason}); retrying in ${waitMs} ms`),
      ),
    });
    const failures = report.targets.filter((t) => t.error).map((t) => t.error!);
    log.info(
      `fetched listings: ${report.totals.new} new, ${report.totals.updated} updated papers${failures.length ? `; ${failures.length} source(s) failed` : ''}`,
    );
    return failures.length === 0 ? { ok: true } : { ok: false, error: failures.join('; ') };
  };

  return { config, log, store, llm, dispatcher, onSubscriptionsChanged: (l) => void (listener = l), refreshListings };
}
