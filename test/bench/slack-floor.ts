/**
 * This machine's floor for the Slack load: the same client and the same signed requests against a bare
 * node:http server, in a process of its own, that answers each request with an empty 200 as soon as its
 * body is in (no signature check, no Bolt, no paperboy). The bench prints it beside paperboy's figure:
 * what is left between the two is the receiver's own cost. Forked by run.ts (child.ts).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SIGNING_SECRET } from '../platforms/slack/harness.ts';
import { inChildProcess, serveParent } from './child.ts';
import type { LoadPlan, LoadReport } from './slack-load-client.ts';
import { percentile } from './slack-load.ts';

export interface SlackFloorRequest {
  readonly count: number;
}

export interface SlackFloorResult {
  readonly p50: number;
  readonly p99: number;
}

serveParent(async ({ count }: SlackFloorRequest): Promise<SlackFloorResult> => {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
    const plan: LoadPlan = {
      endpoint,
      secret: SIGNING_SECRET,
      count,
      texts: ['search diffusion'],
      timeoutMs: 0,
      settleMs: 0,
      expectAnswers: false,
      warmUp: 40,
    };
    const report = await inChildProcess<LoadPlan, LoadReport>(new URL('./slack-load-client.ts', import.meta.url), plan);
    if (report.acks.some((a) => a.status !== 200)) throw new Error('slack floor: the bare server did not answer every request');
    const latencies = report.acks.map((a) => a.elapsedMs).sort((a, b) => a - b);
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
