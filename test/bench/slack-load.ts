/**
 * Load on Bolt's HTTPReceiver: `count` signed slash commands at once against the real Bolt app.
 * Slack's side (the requests, their timing and the response_url server) runs in a child process,
 * slack-load-client.ts, so it does not compete with the receiver for this event loop.
 * Prints nothing and asserts nothing; `npm run bench` reports the figures.
 */
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import type { AnyCommand } from '../../src/dispatch/define.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { SLACK_ACK_DEADLINE_MS } from '../../src/platforms/slack/limits.ts';
import type { Store } from '../../src/store/store.ts';
import { startSlackFake } from '../fakes/slack.ts';
import { httpAdapter, SIGNING_SECRET, startSlackHarness } from '../platforms/slack/harness.ts';
import { inChildProcess } from './child.ts';
import type { LoadPlan, LoadReport } from './slack-load-client.ts';

export interface SlackLoadResult {
  /** Ack latency (request written → HTTP 200 received, timed by the client), milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Every command was acked with a 200 and got exactly one answer at its own response_url. */
  readonly answeredOnce: boolean;
  /** Acks slower than Slack's 3 s deadline. */
  readonly late: number;
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export interface SlackLoadOptions {
  count?: number;
  store?: Store;
  /** Real commands instead of the harness's test ones (with `store`), and the texts to send, in turn. */
  app?: { commands: readonly AnyCommand[]; texts: readonly string[] };
}

/** The Bolt app over a real registry, as startSlackHarness does for its test commands. */
async function startApp(store: Store, commands: readonly AnyCommand[]) {
  const fake = await startSlackFake();
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands,
    log: silentLogger,
  });
  const adapter = httpAdapter(fake, store);
  await adapter.start(dispatcher);
  return {
    fake,
    endpoint: `http://127.0.0.1:${adapter.port ?? 0}/slack/events`,
    close: async () => (await adapter.stop(), await fake.close()),
  };
}

const CLIENT = new URL('./slack-load-client.ts', import.meta.url);

export async function benchSlackLoad({ count = 200, store, app }: SlackLoadOptions = {}): Promise<SlackLoadResult> {
  const harness = app && store ? await startApp(store, app.commands) : await startSlackHarness('http', store ? { store } : {});
  const texts = app?.texts ?? ['find diffusion'];
  try {
    const report = await inChildProcess<LoadPlan, LoadReport>(CLIENT, {
      endpoint: harness.endpoint,
      secret: SIGNING_SECRET,
      count,
      texts,
      timeoutMs: 60_000,
      settleMs: 500,
      warmUp: 40,
    });
    if (report.acks.length !== count) throw new Error(`slack load: ${report.error ?? `${report.acks.length} acks`}`);
    const latencies = report.acks.map((a) => a.elapsedMs).sort((a, b) => a - b);
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      answeredOnce: report.acks.every((a) => a.status === 200) && report.answers.every((n) => n === 1),
      late: latencies.filter((ms) => ms >= SLACK_ACK_DEADLINE_MS).length,
    };
  } finally {
    await harness.close();
  }
}
