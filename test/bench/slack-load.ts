/**
 * Load on the Slack HTTP receiver: `count` signed slash commands at once against the real Bolt app
 * and the fake Slack. Prints nothing and asserts nothing; `npm run bench` reports the figures.
 */
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import type { AnyCommand } from '../../src/dispatch/define.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { silentLogger } from '../../src/log.ts';
import { createSlackAdapter } from '../../src/platforms/slack/index.ts';
import { SLACK_ACK_DEADLINE_MS } from '../../src/platforms/slack/limits.ts';
import type { Store } from '../../src/store/store.ts';
import { FAKE_BOT, sendSignedSlashCommand, startSlackFake, waitFor } from '../fakes/slack.ts';
import { SIGNING_SECRET, startSlackHarness } from '../platforms/slack/harness.ts';

export interface SlackLoadResult {
  /** Ack latency (request sent → HTTP 200 received), milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Every command got exactly one answer at its own response_url. */
  readonly answeredOnce: boolean;
  /** Acks slower than Slack's 3 s deadline. */
  readonly late: number;
}

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

export interface SlackLoadOptions {
  count?: number;
  store?: Store;
  /** Real commands instead of the harness's test ones (with `store`), and the texts to send, in turn. */
  app?: { commands: readonly AnyCommand[]; texts: readonly string[] };
}

/** The Bolt app over a real registry, as startSlackHarness does for its test commands. */
async function startApp(store: Store, commands: readonly AnyCommand[]) {
  const fake = await startSlackFake();
  const dispatcher = createDispatcher({ services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' }, commands, log: silentLogger });
  const adapter = createSlackAdapter({
    botToken: FAKE_BOT.token, signingSecret: SIGNING_SECRET, mode: 'http', apiUrl: fake.apiUrl, host: '127.0.0.1', port: 0, store, log: silentLogger,
  });
  await adapter.start(dispatcher);
  return { fake, endpoint: `http://127.0.0.1:${adapter.port ?? 0}/slack/events`, close: async () => (await adapter.stop(), await fake.close()) };
}

export async function benchSlackLoad({ count = 200, store, app }: SlackLoadOptions = {}): Promise<SlackLoadResult> {
  const harness = app && store ? await startApp(store, app.commands) : await startSlackHarness('http', store ? { store } : {});
  const texts = app?.texts ?? ['find diffusion'];
  try {
    const ids = Array.from({ length: count }, (_, i) => `load-${i}`);
    const sent = await Promise.all(
      ids.map((id, i) => sendSignedSlashCommand(harness.endpoint, SIGNING_SECRET, { text: texts[i % texts.length]!, responseUrl: harness.fake.responseUrl(id) })),
    );
    const answers = () => {
      const perId = new Map<string, number>();
      for (const response of harness.fake.responses) perId.set(response.id, (perId.get(response.id) ?? 0) + 1);
      return perId;
    };
    await waitFor(() => answers().size >= count, 60_000, `${count} answers`);
    const latencies = sent.map((s) => s.elapsedMs).sort((a, b) => a - b);
    const perId = answers();
    return {
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies.at(-1) ?? 0,
      answeredOnce: sent.every((s) => s.status === 200) && ids.every((id) => perId.get(id) === 1),
      late: latencies.filter((ms) => ms >= SLACK_ACK_DEADLINE_MS).length,
    };
  } finally {
    await harness.close();
  }
}
