/**
 * Slack's OAuth install through Bolt's installer, against the fake Slack: two workspaces install over HTTP
 * (GET /slack/install → state cookie → redirect with the code → oauth.v2.access), each stored with its token.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app/build.ts';
import { loadConfig } from '../../../src/config.ts';
import { silentLogger } from '../../../src/log.ts';
import type { SlackAdapter } from '../../../src/platforms/slack/index.ts';
import { FAKE_APP, sendSignedSlashCommand, startSlackFake, waitFor } from '../../fakes/slack.ts';
import { SIGNING_SECRET } from './harness.ts';
import { STATE_SECRET, startManyWorkspaces, type ManyWorkspaces } from './oauth-harness.ts';

describe('Slack OAuth install (many workspaces)', () => {
  let app: ManyWorkspaces;
  afterEach(async () => app?.close());

  it('GIVEN /slack/install THEN the browser goes to the authorize page with the client id, the bot scopes and a state that is also its cookie', async () => {
    app = await startManyWorkspaces();
    const { location, state, cookie } = await app.startInstall();
    expect(`${location.origin}${location.pathname}`).toBe(`${app.fake.url}/oauth/v2/authorize`);
    expect(location.searchParams.get('client_id')).toBe(FAKE_APP.clientId);
    expect(location.searchParams.get('scope')!.split(',')).toEqual(expect.arrayContaining(['commands', 'chat:write', 'reactions:read']));
    expect(state.length).toBeGreaterThan(10);
    expect(cookie).toBe(`slack-app-oauth-state=${state}`);
  });

  it('GIVEN two workspaces install THEN each installation is stored with the bot token oauth.v2.access gave, checked with auth.test', async () => {
    app = await startManyWorkspaces();
    const a = await app.install('TA');
    const b = await app.install('TB');
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.page).toContain('Thank you!');
    const exchanges = app.fake.callsTo('oauth.v2.access');
    expect(exchanges.map((c) => [c.body['client_id'], c.body['client_secret'], c.token])).toEqual([
      [FAKE_APP.clientId, FAKE_APP.clientSecret, undefined],
      [FAKE_APP.clientId, FAKE_APP.clientSecret, undefined],
    ]);
    expect(app.fake.callsTo('auth.test').map((c) => c.token)).toEqual([a.workspace.botToken, b.workspace.botToken]);
    for (const { workspace } of [a, b]) {
      const stored = JSON.parse(app.store.installations.forTeam(workspace.teamId)!.data);
      expect(stored).toMatchObject({
        team: { id: workspace.teamId, name: workspace.teamName },
        bot: { token: workspace.botToken, userId: workspace.botUserId, id: workspace.botId },
        appId: FAKE_APP.appId,
        isEnterpriseInstall: false,
      });
    }
  });

  it('GIVEN the redirect without the browser’s state cookie, or with a forged state THEN nothing is installed (400)', async () => {
    app = await startManyWorkspaces();
    const { state } = await app.startInstall();
    const { code } = app.fake.approveInstall('TA');
    const noCookie = await fetch(`${app.base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`);
    expect(noCookie.status).toBe(400);
    const forged = await fetch(`${app.base}/slack/oauth_redirect?code=${code}&state=forged`, {
      headers: { cookie: 'slack-app-oauth-state=forged' },
    });
    expect(forged.status).not.toBe(200);
    expect(app.fake.callsTo('oauth.v2.access')).toHaveLength(0);
    expect(app.store.installations.count()).toBe(0);
  });

  it('GIVEN a code Slack refuses THEN the page says the install failed and nothing is stored', async () => {
    app = await startManyWorkspaces();
    const { state, cookie } = await app.startInstall();
    const response = await fetch(`${app.base}/slack/oauth_redirect?code=not-issued&state=${encodeURIComponent(state)}`, {
      headers: { cookie },
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toContain('Something Went Wrong');
    expect(app.fake.callsTo('oauth.v2.access')).toHaveLength(1);
    expect(app.store.installations.count()).toBe(0);
  });

  it('GIVEN the OAuth settings in the environment THEN the app built from them installs a workspace and answers it with its token', async () => {
    const fake = await startSlackFake();
    const config = loadConfig({
      SLACK_CLIENT_ID: FAKE_APP.clientId,
      SLACK_CLIENT_SECRET: FAKE_APP.clientSecret,
      SLACK_STATE_SECRET: STATE_SECRET,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      HOST: '127.0.0.1',
      PORT: '0',
      PAPERBOY_DB: ':memory:',
      PAPERBOY_SOURCES: '',
      PAPERBOY_SAMPLE_LISTINGS: '',
      LOG_LEVEL: 'silent',
    });
    const built = await buildApp(config, { log: silentLogger });
    try {
      await built.startChat();
      const base = `http://127.0.0.1:${(built.adapters.slack as SlackAdapter).port}`;
      const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      const cookie = start.headers.getSetCookie()[0]!.split(';')[0]!;
      const { code, workspace } = fake.approveInstall('TZ');
      const done = await fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(state)}`, { headers: { cookie } });
      expect(done.status).toBe(200);
      expect(built.store.installations.forTeam('TZ')).toBeDefined();
      const answered = await sendSignedSlashCommand(`${base}/slack/events`, SIGNING_SECRET, {
        text: 'help share',
        teamId: 'TZ',
        responseUrl: fake.responseUrl('z'),
      });
      expect(answered.status).toBe(200);
      const post = await waitFor(() => fake.callsTo('chat.postMessage')[0], 10_000, 'the shared help');
      expect(post.token).toBe(workspace.botToken);
    } finally {
      await built.stop();
      await fake.close();
    }
  });
});
