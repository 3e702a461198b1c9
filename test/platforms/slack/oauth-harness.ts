/**
 * paperboy in many-workspace mode: the real Bolt app (HTTP mode, Bolt's installer) and every real command,
 * against the fake Slack, with the browser's side of Slack's OAuth install played over HTTP.
 */
import { expect } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { silentLogger, type Logger } from '../../../src/log.ts';
import { createSlackAdapter, type SlackAdapter } from '../../../src/platforms/slack/index.ts';
import { Store } from '../../../src/store/store.ts';
import { seedStore } from '../../commands/harness.ts';
import {
  FAKE_APP,
  sendSignedEvent,
  sendSignedSlashCommand,
  startSlackFake,
  waitFor,
  type FakeWorkspace,
  type SlackFake,
} from '../../fakes/slack.ts';
import { SIGNING_SECRET } from './harness.ts';

export const STATE_SECRET = 'state-secret-for-tests-only-0123456789';
const STATE_COOKIE = 'slack-app-oauth-state';

export interface ManyWorkspaces {
  readonly fake: SlackFake;
  readonly store: Store;
  readonly adapter: SlackAdapter;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  /** GET /slack/install, the consent on the fake, then the redirect back with the code and the state cookie. */
  install(teamId: string): Promise<{ workspace: FakeWorkspace; status: number; page: string }>;
  /** What a browser gets from /slack/install: Slack's authorize URL and the state cookie. */
  startInstall(): Promise<{ location: URL; state: string; cookie: string }>;
  /**
   * A signed `/papers <text>` typed by `userId` in `channelId` of `teamId`; resolves with the HTTP status and the
   * answer at its response_url, or (`posted`: a shared answer) once chat.postMessage was called.
   */
  slash(
    teamId: string,
    text: string,
    where?: { channelId?: string; userId?: string; posted?: boolean },
  ): Promise<{ status: number; text: string }>;
  /** A signed Events API delivery of `event` from `teamId`. */
  event(teamId: string, event: Record<string, unknown>): Promise<number>;
  close(): Promise<void>;
}

export async function startManyWorkspaces(options: { log?: Logger; store?: Store } = {}): Promise<ManyWorkspaces> {
  const fake = await startSlackFake();
  const store = options.store ?? seedStore(Store.open(':memory:'));
  const dispatcher = createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands,
    log: silentLogger,
  });
  const adapter = createSlackAdapter({
    oauth: { clientId: FAKE_APP.clientId, clientSecret: FAKE_APP.clientSecret, stateSecret: STATE_SECRET },
    signingSecret: SIGNING_SECRET,
    mode: 'http',
    apiUrl: fake.apiUrl,
    host: '127.0.0.1',
    port: 0,
    store,
    log: options.log ?? silentLogger,
  });
  await adapter.start(dispatcher);
  const base = `http://127.0.0.1:${adapter.port}`;
  let sent = 0;
  let events = 0;

  const startInstall = async () => {
    const response = await fetch(`${base}/slack/install`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location')!);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${STATE_COOKIE}=`))!;
    expect(cookie).toBeDefined();
    return { location, state: location.searchParams.get('state')!, cookie: cookie.split(';')[0]! };
  };

  return {
    fake,
    store,
    adapter,
    base,
    startInstall,
    async install(teamId) {
      const { state, cookie } = await startInstall();
      const { code, workspace } = fake.approveInstall(teamId);
      const query = new URLSearchParams({ code, state });
      const response = await fetch(`${base}/slack/oauth_redirect?${query}`, { headers: { cookie }, redirect: 'manual' });
      return { workspace, status: response.status, page: await response.text() };
    },
    async slash(teamId, text, where = {}) {
      const id = `answer-${++sent}`;
      const postsBefore = fake.callsTo('chat.postMessage').length;
      const response = await sendSignedSlashCommand(`${base}/slack/events`, SIGNING_SECRET, {
        text,
        teamId,
        responseUrl: fake.responseUrl(id),
        ...(where.channelId ? { channelId: where.channelId } : {}),
        ...(where.userId ? { userId: where.userId } : {}),
      });
      if (response.status !== 200) return { status: response.status, text: '' };
      if (where.posted) {
        const post = await waitFor(() => fake.callsTo('chat.postMessage')[postsBefore], 10_000, `the post of ${text}`);
        return { status: response.status, text: String(post.body['text']) };
      }
      const answer = await waitFor(
        () => fake.responses.filter((r) => r.id === id).find((r) => r.body['text'] !== 'Working on it…'),
        10_000,
        `the answer to ${text}`,
      );
      return { status: response.status, text: String(answer.body['text']) };
    },
    async event(teamId, event) {
      const envelope = {
        token: 'deprecated',
        team_id: teamId,
        api_app_id: FAKE_APP.appId,
        event,
        type: 'event_callback',
        event_id: `Ev${teamId}${++events}`,
        event_time: Math.floor(Date.now() / 1000),
      };
      return (await sendSignedEvent(`${base}/slack/events`, SIGNING_SECRET, envelope)).status;
    },
    async close() {
      await adapter.stop();
      await fake.close();
      if (!options.store) store.close();
    },
  };
}
