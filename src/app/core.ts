import { commands } from '../../commands/index.ts';
import type { Config } from '../config.ts';
import { createDispatcher } from '../dispatch/dispatch.ts';
import { ingestTargets } from '../ingest/ingest.ts';
import { createFullTextSource } from '../fulltext/fetch.ts';
import { createSummariser } from '../llm/index.ts';
import type { Summariser } from '../llm/types.ts';
import { createLogger, type Logger } from '../log.ts';
import type { Dispatcher } from '../platforms/types.ts';
import type { ListingsRefresh } from '../scheduler/fetch-first.ts';
import type { TargetReport } from '../ingest/ingest.ts';
import { fetchOptionsFor, sourceTargets, type SourceTarget } from '../sources/fetch.ts';
import type { StoreApi } from '../store/api.ts';
import { openStore, storeLocation } from '../store/open.ts';

export interface Core {
  readonly config: Config;
  readonly log: Logger;
  readonly store: StoreApi;
  readonly llm: Summariser;
  readonly dispatcher: Dispatcher;
  /** The scheduler plugs in here, so `subscribe` changes take effect without a restart. */
  onSubscriptionsChanged(listener: () => void): void;
  /** Fetches the configured sources' listings (PAPERBOY_SOURCES) for the PAPERBOY_FETCH_DAYS days ending today (or `day`). */
  refreshListings: ListingsRefresh;
}

/** Store, LLM and dispatcher: everything that answers commands, without any chat platform. */
export async function buildCore(
  config: Config,
  log: Logger = createLogger({ level: config.logLevel, format: config.logFormat }),
): Promise<Core> {
  // busy_timeout 0: another process's write lock must never block the event loop (store/busy.ts waits instead).
  const store = await openStore(storeLocation(config), { busyTimeoutMs: 0 });
  if (store.readOnly)
    log.warn(`the store (${config.dbPath}) is read-only (file, folder or disk): searches answer, changes cannot be saved`);
  const llm = createSummariser({ ...config.llm, cache: store.llm, log: log.child('llm') });
  let listener: () => void = () => {};
  const dispatcher = createDispatcher({
    services: {
      store,
      llm,
      fullText: createFullTextSource({ baseUrl: config.sources.arxivHtmlUrl, timeoutMs: config.sources.timeoutMs }),
      rootCommand: config.rootCommand,
      onSubscriptionsChanged: () => listener(),
    },
    commands,
    log: log.child('commands'),
  });

  const refreshListings: ListingsRefresh = async (day = new Date().toISOString().slice(0, 10)) => {
    const targets = sourceTargets(config.sources, day, config.sources.fetchDays);
    const report = await ingestTargets(
      store,
      targets.map((t) => t.url),
      {
        fetch: fetchOptionsFor(config.sources, ({ url, reason, waitMs }) =>
          log.warn(`fetching ${url} failed (${reason}); retrying in ${waitMs} ms`),
        ),
      },
    );
    // URLs and upstream errors stay in the log: a URL can hold a key, and a channel only needs the source's name.
    const failed = report.targets.flatMap((t, i) => (t.error ? [{ error: t.error, name: targets[i]?.name ?? 'A paper source' }] : []));
    for (const { error } of failed) log.warn(`fetching listings failed: ${error}`);
    // Only `status` reads these: a store busy past the wait must not fail the fetch.
    await store
      .retryWhileBusy(() => recordFetches(store, targets, report.targets, new Date()))
      .catch((error) => log.warn(`could not record the fetch results: ${String(error)}`));
    log.info(
      `fetched listings: ${report.totals.new} new, ${report.totals.updated} updated papers${failed.length ? `; ${failed.length} fetch(es) failed` : ''}`,
    );
    if (failed.length === 0) return { ok: true };
    return { ok: false, error: failed.map((f) => f.error).join('; '), unreachable: [...new Set(failed.map((f) => f.name))] };
  };

  return { config, log, store, llm, dispatcher, onSubscriptionsChanged: (l) => void (listener = l), refreshListings };
}

/** Each source's result for `status`: a source asked for several days failed if any of them did. */
async function recordFetches(store: StoreApi, targets: readonly SourceTarget[], reports: readonly TargetReport[], at: Date): Promise<void> {
  const bySource = new Map<string, { ok: boolean; papers: number; newPapers: number }>();
  targets.forEach((target, i) => {
    const report = reports[i];
    const seen = bySource.get(target.name) ?? { ok: true, papers: 0, newPapers: 0 };
    bySource.set(target.name, {
      ok: seen.ok && !!report && !report.error,
      papers: seen.papers + (report?.papers ?? 0),
      newPapers: seen.newPapers + (report?.new ?? 0),
    });
  });
  for (const [source, { ok, papers, newPapers }] of bySource)
    await store.digestQueries.recordFetch({
      source,
      fetchedAt: at.toISOString(),
      ok,
      result: ok ? 'fetched' : 'failed (details in the log)',
      papers,
      newPapers,
    });
}
