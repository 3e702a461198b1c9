/** The many-workspace settings: validated with the rest (one message listing every problem), and the manifest's install URLs. */
import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../../src/cli/digest-post.ts';
import { loadConfig } from '../../../src/config.ts';
import { ConfigError } from '../../../src/errors.ts';
import { slackManifest } from '../../../src/platforms/slack/manifest.ts';
import { Store } from '../../../src/store/store.ts';

const OAUTH = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: '0123456789abcdef0123',
  SLACK_SIGNING_SECRET: 'signing',
};

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('Slack OAuth settings', () => {
  it('GIVEN client id, client secret, state secret and signing secret THEN Slack runs in HTTP mode for many workspaces, without a bot token', () => {
    expect(loadConfig({ ...OAUTH, SLACK_API_URL: 'http://127.0.0.1:9/api' }).slack).toEqual({
      oauth: { clientId: '1111.2222', clientSecret: 'client-secret', stateSecret: '0123456789abcdef0123' },
      signingSecret: 'signing',
      mode: 'http',
      commandName: '/papers',
      apiUrl: 'http://127.0.0.1:9/api/',
    });
  });

  it('GIVEN only some of the OAuth settings, a bot token beside them, Socket Mode, no signing secret and a short state secret THEN one error names them all', () => {
    const partial = problems({ SLACK_CLIENT_ID: '1111.2222', SLACK_SIGNING_SECRET: 's', PORT: 'x' });
    expect(partial).toContain('missing: SLACK_CLIENT_SECRET, SLACK_STATE_SECRET');
    expect(partial).toContain('PORT must be a whole number');
    const { SLACK_SIGNING_SECRET: _signing, ...withoutSigning } = OAUTH;
    const message = problems({ ...withoutSigning, SLACK_STATE_SECRET: 'short', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' });
    for (const expected of [
      'SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set',
      'unset SLACK_APP_TOKEN',
      'needs SLACK_SIGNING_SECRET',
      'SLACK_STATE_SECRET must be a random string of at least 16 characters',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('GIVEN the single-workspace settings THEN nothing changes: the bot token, no OAuth', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      mode: 'http',
      commandName: '/papers',
    });
  });
});

describe('Slack manifest for installs', () => {
  it('GIVEN HTTP mode THEN the redirect URL is /slack/oauth_redirect on the same host, and uninstall events are subscribed', () => {
    const manifest = slackManifest({ socketMode: false, requestUrl: 'https://pb.example.org/slack/events' }) as {
      oauth_config: { redirect_urls: string[] };
      settings: { event_subscriptions: { bot_events: string[] }; org_deploy_enabled: boolean };
    };
    expect(manifest.oauth_config.redirect_urls).toEqual(['https://pb.example.org/slack/oauth_redirect']);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(['app_uninstalled', 'tokens_revoked']));
    expect(manifest.settings.org_deploy_enabled).toBe(false);
  });
});

describe('digest post --to', () => {
  it('GIVEN slack:TEAM:CHANNEL THEN the channel of that workspace, as stored in many-workspace mode', () => {
    expect(parseTarget('slack:T1:C0123')).toEqual({ platform: 'slack', id: 'T1:C0123' });
    expect(parseTarget('slack:C0123')).toEqual({ platform: 'slack', id: 'C0123' });
    expect(parseTarget('slack:T1:C1:X')).toBeNull();
  });
});

describe('installation store', () => {
  it('GIVEN an installation stored twice (a reinstall) THEN it is replaced in place; an uninstall removes it and only its workspace’s digests', () => {
    const store = Store.open(':memory:');
    const key = { teamId: 'TA', enterpriseId: '' };
    store.installations.put(key, '{"bot":{"token":"xoxb-old"}}', new Date('2026-01-01T00:00:00Z'));
    store.installations.put(key, '{"bot":{"token":"xoxb-new"}}', new Date('2026-01-02T00:00:00Z'));
    expect(store.installations.forTeam('TA')).toEqual({
      ...key,
      data: '{"bot":{"token":"xoxb-new"}}',
      installedAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    });
    store.installations.put({ teamId: 'TAB', enterpriseId: 'E1' }, '{}');
    for (const id of ['TA:C1', 'TA:C2', 'TAB:C1', 'C1']) store.subscriptions.upsert({ platform: 'slack', id }, {});
    store.subscriptions.upsert({ platform: 'discord', id: 'TA:C9' }, {});
    expect(store.installations.uninstall('TA', 'TA:')).toEqual({ installation: true, subscriptions: 2 });
    expect(store.subscriptions.list().map((s) => `${s.platform}/${s.channelId}`)).toEqual(['discord/TA:C9', 'slack/C1', 'slack/TAB:C1']);
    expect(store.installations.forTeam('TA')).toBeUndefined();
    expect(store.installations.get({ teamId: 'TAB', enterpriseId: 'E1' })).toBeDefined();
    store.close();
  });
});
