import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import type { Config } from '../config.ts';
import { composeDigest } from '../core/digest.ts';
import { listOf, rememberPost } from '../core/lists.ts';
import { readiness, type PlatformState, type Readiness } from '../health/readiness.ts';
import { startHealthServer, type HealthServer } from '../health/server.ts';
import type { Logger } from '../log.ts';
import { isPostgresUrl } from '../store/contract.ts';
import { createTerminalAdapter, TERMINAL_CHANNEL } from '../platforms/terminal/index.ts';
import type { ChatAdapter, Platform } from '../platforms/types.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import { buildCore, type Core } from './core.ts';
import { trackInFlight, type TrackedDispatcher } from './in-flight.ts';

export interface App extends Core {
  /** Slack and Discord, as configured; empty means the terminal is the platform. */
  readonly chatAdapters: readonly ChatAdapter[];
  readonly adapters: Partial<Record<Platform, ChatAdapter>>;
  /** The dispatcher the adapters use: it knows which answers are still being computed. */
  readonly dispatcher: TrackedDispatcher;
  startChat(): Promise<void>;
  runTerminal(): Promise<number>;
  /** GET /healthz and /readyz on `port` (0: any free port); resolves with the port it listens on. */
  startHealth(port: number): Promise<number>;
  readiness(): Promise<Readiness>;
  /** Stops taking work, waits up to the grace period for answers being computed, then closes the store. */
  stop(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/**
 * Wires config → store → llm → dispatcher → adapters → scheduler. Nothing else constructs clients. The Slack
 * and Discord SDKs are imported only when configured: they are most of a start-up's time.
 */
export async function buildApp(config: Config, options: AppOptions = {}): Promise<App> {
  const core = await buildCore(config, options.log);
  const { store, llm, log } = core;
  const dispatcher = trackInFlight(core.dispatcher);
  const chatAdapters: ChatAdapter[] = [];
  if (config.slack) {
    const { createSlackAdapter } = await import('../platforms/slack/index.ts');
    chatAdapters.push(
      createSlackAdapter({ ...config.slack, host: config.http.host, port: config.http.port, store, log: log.child('slack') }),
    );
  }
  if (config.discord) {
    const { createDiscordAdapter } = await import('../platforms/discord/index.ts');
    const { interactions, ...discord } = config.discord;
    const endpoint = interactions ? { interactions: { ...interactions, host: config.http.host } } : {};
    chatAdapters.push(createDiscordAdapter({ ...discord, ...endpoint, store, log: log.child('discord') }));
  }
  const terminal = createTerminalAdapter({
    // Charts go beside the store, in the data folder (an in-memory store: the system's temporary folder).
    ...(config.dbPath !== ':memory:' && !isPostgresUrl(config.dbPath) ? { filesDir: join(dirname(config.dbPath), 'charts') } : {}),
    ...(options.input ? { input: options.input } : {}),
    ...(options.output ? { output: options.output } : {}),
  });
  const adapters: Partial<Record<Platform, ChatAdapter>> = { terminal };
  for (const adapter of chatAdapters) adapters[adapter.platform] = adapter;
  const states: Partial<Record<Platform, PlatformState>> = {};
  for (const adapter of chatAdapters) states[adapter.platform] = 'connecting';

  const instanceId = config.scheduler.instanceId ?? `${hostname()}:${process.pid}`;
  const scheduler = createScheduler({
    store,
    llm,
    adapters,
    refresh: core.refreshListings,
    log: log.child('scheduler'),
    instanceId,
    catchUpGraceHours: config.scheduler.catchUpGraceHours,
    leaseTtlMs: config.scheduler.leaseTtlMs,
    claimPolicy: { staleAfterMs: config.scheduler.claimStaleMs },
    followups: config.followups,
  });
  core.onSubscriptionsChanged(() => void scheduler.onSubscriptionsChanged());
  let health: HealthServer | undefined;
  const ready = () => readiness({ store, instanceId, platforms: () => ({ ...states }) });

  return {
    ...core,
    dispatcher,
    chatAdapters,
    adapters,
    async startChat() {
      for (const adapter of chatAdapters) {
        await adapter.start(dispatcher);
        states[adapter.platform] = 'connected';
      }
      await scheduler.start();
      log.info(`paperboy is running on ${chatAdapters.map((a) => a.platform).join(' and ')}`);
    },
    async runTerminal() {
      const digest = await composeDigest({ store, llm }, { channel: TERMINAL_CHANNEL });
      await terminal.post(TERMINAL_CHANNEL, digest.reply);
      const list = listOf(digest.reply);
      if (list && !store.readOnly) await rememberPost(store, { channel: TERMINAL_CHANNEL }, list);
      await scheduler.start();
      await terminal.start(dispatcher);
      return 0;
    },
    async startHealth(port) {
      health = await startHealthServer({ host: config.http.host, port, readiness: ready, log: log.child('health') });
      return health.port;
    },
    readiness: ready,
    async stop() {
      await scheduler.stop();
      if (!(await dispatcher.settle(config.shutdownGraceMs)))
        log.warn(`shutting down with answers still being computed after ${config.shutdownGraceMs} ms`);
      for (const adapter of [...chatAdapters, terminal]) {
        await adapter.stop().catch((error: unknown) => log.warn(`stopping ${adapter.platform}: ${String(error)}`));
        if (adapter.platform !== 'terminal') states[adapter.platform] = 'stopped';
      }
      await health?.close();
      await store.close();
    },
  };
}
