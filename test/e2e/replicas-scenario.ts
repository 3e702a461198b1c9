/**
 * Two real paperboy processes in Slack HTTP mode on one store, behind a loopback load balancer that
 * alternates between them: any replica answers any signed request, exactly once. The store is a SQLite file
 * (replicas.test.ts) or one PostgreSQL database (pg-replicas.test.ts): `env` names it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRoundRobinProxy } from '../fakes/round-robin-proxy.ts';
import { FAKE_BOT, sendSignedEvent, sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../fakes/slack.ts';
import { freePort, runPaperboy, startPaperboy, type Running } from './process.ts';

const SECRET = 'replicas_signing_secret';
const COMMANDS = 200;
const TEXTS = ['search "video generation"', 'search diffusion', 'search agents', 'search attention'];

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;

export function describeReplicas(
  title: string,
  locate: () => Promise<Record<string, string>>,
  release: () => void | Promise<void> = () => {},
): void {
  describe(title, () => {
    let slack: SlackFake;
    let replicas: Running[] = [];
    let endpoints: string[];
    let proxy: Awaited<ReturnType<typeof startRoundRobinProxy>>;

    beforeAll(async () => {
      let store: Record<string, string>;
      [slack, store] = await Promise.all([startSlackFake(), locate()]);
      const ports = [await freePort(), await freePort()];
      const envOf = (i: number) => ({
        ...store,
        PAPERBOY_INSTANCE_ID: `replica-${'AB'[i]}`,
        SLACK_BOT_TOKEN: FAKE_BOT.token,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_API_URL: slack.apiUrl,
        HOST: '127.0.0.1',
        PORT: String(ports[i]),
      });
      expect((await runPaperboy(['demo'], envOf(0))).code).toBe(0);
      replicas = [0, 1].map((i) => startPaperboy(['start'], envOf(i)));
      await Promise.all(replicas.map((r) => r.waitForOutput(/paperboy is running on slack/, 30_000)));
      endpoints = ports.map((port) => `http://127.0.0.1:${port}/slack/events`);
      proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
    }, 40_000);

    afterAll(async () => {
      await Promise.all(replicas.map((r) => r.stop()));
      await Promise.all([proxy?.close(), slack?.close()]);
      await release();
    });

    it('acks each of 200 signed slash commands within 3 s and answers each exactly once, from both replicas', async () => {
      // A running bot has answered some commands before a burst (its code loaded, its search workers up): not timed.
      await Promise.all(
        TEXTS.flatMap((text, t) =>
          [0, 1].map((target) =>
            sendSignedSlashCommand(endpoints[target]!, SECRET, { text, responseUrl: slack.responseUrl(`warm-${target}-${t}`) }),
          ),
        ),
      );
      await waitFor(() => slack.responses.filter((r) => r.id.startsWith('warm-')).length === 2 * TEXTS.length, 10_000, 'warm-up answers');
      // All at once, as a burst: the hardest case for the acks (test/bench measures the same on one process).
      const sent = await Promise.all(
        Array.from({ length: COMMANDS }, (_, i) =>
          sendSignedSlashCommand(`${proxy.url}/slack/events`, SECRET, {
            text: TEXTS[i % TEXTS.length]!,
            userId: `U${i % 17}`,
            channelId: `C${i % 5}`,
            responseUrl: slack.responseUrl(`cmd-${i}`),
          }),
        ),
      );
      const acks = sent.map((s) => s.elapsedMs).sort((a, b) => a - b);
      const [p50, p99] = [percentile(acks, 0.5), percentile(acks, 0.99)];
      console.info(`${COMMANDS} slash commands through the proxy: ack p50 ${p50.toFixed(0)} ms, p99 ${p99.toFixed(0)} ms`);
      expect(sent.map((s) => s.status)).toEqual(Array(COMMANDS).fill(200));
      expect(acks.at(-1)).toBeLessThan(3000);

      await waitFor(() => new Set(slack.responses.map((r) => r.id)).size >= COMMANDS, 20_000, 'an answer to every command');
      await new Promise((resolve) => setTimeout(resolve, 500)); // a second answer would come by now
      const answers = new Map<string, number>();
      for (const r of slack.responses) answers.set(r.id, (answers.get(r.id) ?? 0) + 1);
      const counts = Array.from({ length: COMMANDS }, (_, i) => answers.get(`cmd-${i}`) ?? 0);
      expect(counts).toEqual(Array(COMMANDS).fill(1));
      const answered = slack.responses.filter((r) => r.id.startsWith('cmd-'));
      expect(answered.filter((r) => JSON.stringify(r.body).includes('could not'))).toEqual([]);
      const byReplica = [0, 1].map((t) => proxy.forwarded.filter((f) => f.target === t && f.status === 200).length);
      expect(byReplica).toEqual([COMMANDS / 2, COMMANDS / 2]);
    }, 40_000);

    it('handles an app_mention once when Slack retries it (same event_id) and the retry lands on the other replica', async () => {
      const ts = '1700000000.000900';
      const envelope = {
        token: 'x',
        team_id: 'T1',
        api_app_id: 'A1',
        type: 'event_callback',
        event_id: 'Ev-replicas-1',
        event_time: 1_700_000_000,
        event: { type: 'app_mention', user: 'U1', text: `<@${FAKE_BOT.userId}> search diffusion`, ts, channel: 'C9', event_ts: ts },
      };
      expect((await sendSignedEvent(endpoints[0]!, SECRET, envelope)).status).toBe(200);
      proxy.steerNextTo(1);
      expect((await sendSignedEvent(`${proxy.url}/slack/events`, SECRET, envelope, { retryNum: 1 })).status).toBe(200);
      expect(proxy.forwarded.at(-1)).toMatchObject({ target: 1, status: 200 });

      const inThread = () => slack.callsTo('chat.postMessage').filter((c) => c.body.thread_ts === ts);
      await waitFor(() => inThread().length > 0, 10_000, 'the answer in the thread');
      await replicas[1]!.waitForOutput(/ignored a repeated delivery/, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(inThread()).toHaveLength(1);
    });

    it('posts a shared answer once when the same slash command (same trigger_id) reaches A and then B', async () => {
      const fields = {
        text: 'search diffusion share',
        channelId: 'C600',
        triggerId: '99345224609.738474920.replicas',
        responseUrl: slack.responseUrl('share'),
      };
      for (const target of [0, 1]) {
        proxy.steerNextTo(target);
        expect((await sendSignedSlashCommand(`${proxy.url}/slack/events`, SECRET, fields)).status).toBe(200);
      }
      const shared = () => slack.callsTo('chat.postMessage').filter((c) => c.body.channel === 'C600');
      await waitFor(() => shared().length > 0, 10_000, 'the shared answer');
      await replicas[1]!.waitForOutput(/ignored a repeated share request/, 5_000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(shared()).toHaveLength(1);
    });

    it('resolves "summarize 2" on replica B against the numbered list a search on replica A showed', async () => {
      const who = { userId: 'U500', channelId: 'C500' };
      proxy.steerNextTo(0);
      await sendSignedSlashCommand(`${proxy.url}/slack/events`, SECRET, {
        ...who,
        text: 'search "video generation"',
        responseUrl: slack.responseUrl('list-a'),
      });
      const list = await waitFor(() => slack.responses.find((r) => r.id === 'list-a'));
      expect(proxy.forwarded.at(-1)).toMatchObject({ target: 0 });
      const second = secondTitle(list.body);

      proxy.steerNextTo(1);
      await sendSignedSlashCommand(`${proxy.url}/slack/events`, SECRET, {
        ...who,
        text: 'summarize 2',
        responseUrl: slack.responseUrl('sum-b'),
      });
      const summary = await waitFor(() => slack.responses.find((r) => r.id === 'sum-b'));
      expect(proxy.forwarded.at(-1)).toMatchObject({ target: 1 });
      expect(JSON.stringify(summary.body)).toContain(second);
    });
  });
}

/** The second numbered paper's title in a search answer's blocks ("*2.* *Title*"). */
function secondTitle(body: Record<string, unknown>): string {
  const text = JSON.stringify(body.blocks);
  const match = /\*2\.\* \*([^*]+)\*/.exec(text);
  if (!match) throw new Error(`no second paper in ${text.slice(0, 2000)}`);
  return match[1]!.trim();
}
