/**
 * Three real paperboy processes on one store; the one holding the scheduler lease is killed (SIGKILL) in the
 * middle of its digest run, with one post accepted by Slack whose answer never came back and one never sent.
 * A survivor takes the lease over and every channel still gets its digest exactly once. The store is a
 * SQLite file (failover.test.ts) or one PostgreSQL database (pg-failover.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from '../../src/store/api.ts';
import { startListingServer } from '../fakes/listing-server.ts';
import { FAKE_BOT, startSlackFake, waitFor, type SlackFake } from '../fakes/slack.ts';
import { freePort, runPaperboy, startPaperboy, type Running } from './process.ts';

const CHANNELS = ['C1', 'C2', 'C3', 'C4'];
/** Its post is accepted by Slack, and the answer is lost with the process. */
const ACCEPTED_UNANSWERED = 'C2';
/** Its post is still on its way when the process dies: Slack never had it. */
const NEVER_SENT = 'C3';
const LEADS = /this instance now runs the digest schedule/;

/** Where the processes keep their store: `env` names it, `open` opens it in the test. */
export interface SharedLocation {
  readonly env: Record<string, string>;
  open(): Promise<StoreApi>;
}

/** A time zone where it is not near midnight now, and the time two minutes ago there ("HH:MM"). */
function dueMinutesAgo(now: Date): { timezone: string; time: string } {
  const timezone = now.getUTCHours() >= 1 ? 'UTC' : 'Etc/GMT-3';
  const local = new Date(now.getTime() - 2 * 60_000 + (timezone === 'UTC' ? 0 : 3 * 3_600_000));
  return { timezone, time: local.toISOString().slice(11, 16) };
}

export function describeFailover(
  title: string,
  locate: () => Promise<SharedLocation>,
  release: () => void | Promise<void> = () => {},
): void {
  describe(title, () => {
    let slack: SlackFake;
    let listings: Awaited<ReturnType<typeof startListingServer>>;
    let processes: Running[] = [];
    let location: SharedLocation;

    beforeAll(async () => {
      [slack, listings, location] = await Promise.all([startSlackFake(), startListingServer(), locate()]);
      listings.script('/api/daily_papers', { status: 200, headers: { 'content-type': 'application/json' }, body: '[]' });
      const base = {
        ...location.env,
        HF_API_URL: `${listings.url}/api`,
        SLACK_BOT_TOKEN: FAKE_BOT.token,
        SLACK_SIGNING_SECRET: 'failover_secret',
        SLACK_API_URL: slack.apiUrl,
        HOST: '127.0.0.1',
        // Short enough for a test: the lease lapses 3 s after the leader's last renewal, a dead claim after 4 s.
        PAPERBOY_LEASE_SECONDS: '3',
        PAPERBOY_CLAIM_STALE_SECONDS: '4',
      };
      expect((await runPaperboy(['demo'], base)).code).toBe(0);
      const now = new Date();
      const seed = await location.open();
      for (const id of CHANNELS)
        await seed.subscriptions.upsert(
          { platform: 'slack', id },
          { ...dueMinutesAgo(now), days: [0, 1, 2, 3, 4, 5, 6], postWhenEmpty: true },
          new Date(now.getTime() - 10 * 60_000),
        );
      await seed.close();
      slack.hangOnce('chat.postMessage', ACCEPTED_UNANSWERED, true);
      slack.hangOnce('chat.postMessage', NEVER_SENT);
      const ports = await Promise.all([freePort(), freePort(), freePort()]);
      processes = ports.map((port, i) => startPaperboy(['start'], { ...base, PORT: String(port), PAPERBOY_INSTANCE_ID: `p${i + 1}` }));
    }, 40_000);

    afterAll(async () => {
      await Promise.all(processes.map((p) => p.stop()));
      await Promise.all([slack?.close(), listings?.close()]);
      await release();
    });

    it('posts every channel’s digest exactly once after a survivor takes the lease over', async () => {
      const digestsIn = (channel: string) =>
        slack.messages.filter((m) => m.channel === channel && !m.thread_ts && m.metadata?.event_type === 'paperboy_digest');
      const calledFor = (channel: string) => slack.callsTo('chat.postMessage').some((c) => c.body.channel === channel);
      await waitFor(() => processes.find((p) => LEADS.test(p.output())), 30_000, 'a leader');
      await waitFor(() => calledFor(ACCEPTED_UNANSWERED) && calledFor(NEVER_SENT), 20_000, 'the leader mid-run');
      // Stuck on Slack for longer than the lease: its heartbeat keeps the lease, so no other process leads meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      const leader = processes.find((p) => LEADS.test(p.output()))!;
      expect(processes.filter((p) => LEADS.test(p.output()))).toHaveLength(1);
      const killedAt = performance.now();
      leader.child.kill('SIGKILL');
      await leader.stop();
      expect(digestsIn(NEVER_SENT)).toHaveLength(0);
      expect(digestsIn(ACCEPTED_UNANSWERED)).toHaveLength(1);

      const survivors = processes.filter((p) => p !== leader);
      await waitFor(() => CHANNELS.every((c) => digestsIn(c).length > 0), 25_000, 'a digest in every channel');
      console.info(`every channel had its digest ${((performance.now() - killedAt) / 1000).toFixed(1)} s after the leader was killed`);
      const store = await location.open();
      try {
        const recordOf = async (id: string) => store.digests.get({ platform: 'slack', id }, await localDay(id, store));
        await waitForAsync(
          async () => (await Promise.all(CHANNELS.map(recordOf))).every((r) => r?.state === 'posted'),
          10_000,
          'every digest recorded as posted',
        );
        await new Promise((resolve) => setTimeout(resolve, 2_500)); // two more heartbeats: a second post would come by now
        expect(CHANNELS.map((c) => digestsIn(c).length)).toEqual([1, 1, 1, 1]);
        expect(survivors.filter((p) => LEADS.test(p.output()))).toHaveLength(1);
        for (const id of [ACCEPTED_UNANSWERED, NEVER_SENT]) {
          const record = (await recordOf(id))!;
          expect(record.attempts).toBe(2);
          expect(record.messageId).toBe(digestsIn(id)[0]!.ts);
        }
      } finally {
        await store.close();
      }
    }, 60_000);
  });
}

async function waitForAsync(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The digest date of a subscription today, in its time zone. */
async function localDay(channelId: string, store: StoreApi): Promise<string> {
  const { timezone } = (await store.subscriptions.get({ platform: 'slack', id: channelId }))!;
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}
