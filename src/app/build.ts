import { hostname } from 'node:os';
import type { Config } from '../config.ts';
import { composeDigest } from '../core/digest.ts';
import { listOf, rememberPost } from '../core/lists.ts';
import type { Logger } from '../log.ts';
import { createDiscordAdapter } from '../platforms/discord/index.ts';
import { createSlackAdapter } from '../platforms/slack/index.ts';
import { createTerminalAdapter, TERMINAL_CHANNEL } from '../platforms/terminal/index.ts';
import type { ChatAdapter, Platform } from '../platforms/types.ts';
import { createScheduler } from '../scheduler/scheduler.ts';
import { buildCore, type Core } from './core.ts';

export interface App extends Core {
  /** Slack and Discord, as configured; empty means the terminal is the platform. */
  readonly chatAdapters: readonly ChatAdapter[];
  readonly adapters: Partial<Record<Platform, ChatAdapter>>;
  startChat(): Promise<void>;
  runTerminal(): Promise<number>;
  stop(): Promise<void>;
}

export interface AppOptions {
  log?: Logger;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
}

/** Wires config → store → llm → dispatcher → adapters → scheduler. Nothing else constructs clients. */
export function buildApp(config: Config, options: AppOptions = {}): App {
  const core = buildCore(config, options.log);
  const { store, llm, log } = core;
  const chatAdapters: ChatAdapter[] = [];
  if (config.slack)
    chatAdapters.push(
      createSlackAdapter({ ...config.slack, host: config.http.host, port: config.http.port, store, log: log.child('slack') }),
    );
  if (config.discord) {
    const { interactions, ...discord } = config.discord;
    const endpoint = interactions ? { interactions: { ...interactions, host: config.http.host } } : {};
    chatAdapters.push(createDiscordAdapter({ ...discord, ...endpoint, store, log: log.child('discord') }));
  }
  const terminal = createTerminalAdapter({
    ...(options.input ? { input: options.input } : {}),
    ...(options.output ? { output: options.output } : {}),
  });
  const adapters: Partial<Record<Platform, ChatAdapter>> = { terminal };
  for (const adapter of chatAdapters) adapters[adapter.platform] = adapter;

  const scheduler = createScheduler({
    store,
    llm,
    adapters,
    refresh: core.refreshListings,
    log: log.child('scheduler'),
    instanceId: config.scheduler.instanceId ?? `${hostname()}:${process.pid}`,
    catchUpGraceHours: config.scheduler.catchUpGraceHours,
  });
  core.onSubscriptionsChanged(() => scheduler.onSubscriptionsChanged());

  return {
    ...core,
    chatAdapters,
    adapters,
    async startChat() {
      for (const adapter of chatAdapters) await adapter.start(core.dispatcher);
      await scheduler.start();
      log.info(`paperboy is running on ${chatAdapters.map((a) => a.platform).join(' and ')}`);
    },
    async runTerminal() {
      const digest = await composeDigest({ store, llm }, { channel: TERMINAL_CHANNEL });
      await terminal.post(TERMINAL_CHANNEL, digest.reply);
      const list = listOf(digest.reply);
      if (list) rememberPost(store, { channel: TERMINAL_CHANNEL }, list);
      await scheduler.start();
      await terminal.start(core.dispatcher);
      return 0;
    },
    async stop() {
      await scheduler.stop();
      for (const adapter of [...chatAdapters, terminal])
        await adapter.stop().catch((error: unknown) => log.warn(`stopping ${adapter.platform}: ${String(error)}`));
      store.close();
    },
  };
}
