import { describe, expect, it } from 'vitest';
import { printSlackManifest, slackManifest } from '../../../src/platforms/slack/manifest.ts';
import { signSlackRequest } from '../../fakes/slack.ts';

describe('Slack request signing (wire-facts §3.2)', () => {
  it('GIVEN the verified test vector THEN signSlackRequest gives the expected v0 signature', () => {
    const body =
      'token=deprecated&team_id=T0001&team_domain=example&channel_id=C2147483705&channel_name=test&user_id=U2147483697&user_name=steve&command=%2Fpapers&text=diffusion+top+5&api_app_id=A0001&is_enterprise_install=false&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT0001%2F1234%2Fabcd&trigger_id=13345224609.738474920.8088930838d88f008e0';
    expect(signSlackRequest(body, 'test_signing_secret_not_real', 1700000000)).toBe(
      'v0=b394b472a4cad9dc1386b03f720a1eceadfa1575354ac52cf79237dc003568e1',
    );
  });
});

describe('Slack app manifest', () => {
  it('GIVEN Socket Mode THEN /papers, the needed scopes, events, interactivity and socket mode are declared, with no URLs', () => {
    const manifest = slackManifest({ socketMode: true });
    expect(manifest).toMatchObject({
      features: { slash_commands: [{ command: '/papers', should_escape: false }] },
      oauth_config: {
        scopes: {
          bot: ['commands', 'chat:write', 'files:write', 'app_mentions:read', 'channels:history', 'groups:history', 'reactions:read'],
        },
      },
      settings: {
        event_subscriptions: { bot_events: ['app_mention', 'reaction_added', 'reaction_removed'] },
        interactivity: { is_enabled: true },
        socket_mode_enabled: true,
      },
    });
    expect(JSON.stringify(manifest)).not.toContain('url');
  });

  it('GIVEN HTTP mode THEN the request URL is the command URL and the events URL; without one it says what is missing', () => {
    const json = JSON.parse(
      printSlackManifest({ socketMode: false, commandName: '/pb', requestUrl: 'https://pb.example.org/slack/events' }),
    );
    expect(json.features.slash_commands[0]).toMatchObject({ command: '/pb', url: 'https://pb.example.org/slack/events' });
    expect(json.settings.event_subscriptions.request_url).toBe('https://pb.example.org/slack/events');
    expect(json.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://pb.example.org/slack/events' });
    expect(() => slackManifest({ socketMode: false })).toThrow(/request URL/);
  });
});
