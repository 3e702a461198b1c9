/**
 * Load on the Slack HTTP receiver: `count` signed slash commands at once against the real Bolt app
 * and the fake Slack. Prints nothing and asserts nothing; `npm run bench` reports the figures.
 */
import { SLACK_ACK_DEADLINE_MS } from '../../src/platforms/slack/limits.ts';
import type { Store } from '../../src/store/store.ts';
import { sendSignedSlashCommand, waitFor } from '../fakes/slack.ts';
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

export async function benchSlackLoad({ count = 200, store }: { count?: number; store?: Store } = {}): Promise<SlackLoadResult> {
  const harness = await startSlackHarness('http', store ? { store } : {});
  try {
    const ids = Array.from({ length: count }, (_, i) => `load-${i}`);
    const sent = await Promise.all(
      ids.map((id) => sendSignedSlashCommand(harness.endpoint, SIGNING_SECRET, { text: 'find diffusion', responseUrl: harness.fake.responseUrl(id) })),
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
