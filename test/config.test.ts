import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

const KEY = 'ea4a6c63e29c520abef5507b132ec5f9954776aebebe7b92421eea691446d22c';

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('loadConfig', () => {
  it('GIVEN nothing set THEN the offline default: no chat platform, no LLM, the sample listings, port 3000', () => {
    const config = loadConfig({});
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.llm.apiKey).toBeUndefined();
    expect(config).toMatchObject({ dbPath: 'data/paperboy.db', sampleListingsDir: 'data/listings', http: { host: '0.0.0.0', port: 3000 } });
  });

  it('GIVEN several mistakes THEN one error lists every one of them', () => {
    const message = problems({
      PORT: 'eighty',
      SLACK_BOT_TOKEN: 'xoxp-user',
      SLACK_API_URL: 'slack.com/api',
      LOG_LEVEL: 'loud',
      PAPERBOY_SOURCES: 'hf,rss',
    });
    for (const fragment of [
      'PORT must be a whole number',
      'SLACK_BOT_TOKEN must start with xoxb-',
      'SLACK_API_URL must be an http(s) URL',
      'LOG_LEVEL must be one of',
      '“rss” is not a source',
      'Slack needs SLACK_APP_TOKEN',
    ]) {
      expect(message).toContain(fragment);
    }
  });

  it('GIVEN Slack tokens THEN Socket Mode with an app token, HTTP mode with a signing secret', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1' }).slack?.mode).toBe('socket');
    expect(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }).slack).toMatchObject({
      mode: 'http',
      commandName: '/papers',
    });
  });

  it('GIVEN DISCORD_PUBLIC_KEY THEN the Interactions Endpoint is served on PORT, or on DISCORD_INTERACTIONS_PORT', () => {
    expect(loadConfig({ DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: KEY, PORT: '8080' }).discord?.interactions).toEqual({
      publicKey: KEY,
      port: 8080,
    });
    expect(loadConfig({ DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: KEY, DISCORD_INTERACTIONS_PORT: '8081' }).discord?.interactions).toEqual({
      publicKey: KEY,
      port: 8081,
    });
    expect(loadConfig({ DISCORD_TOKEN: 't' }).discord?.interactions).toBeUndefined();
  });

  it("GIVEN a bad or orphaned DISCORD_PUBLIC_KEY, or one that would share Slack HTTP mode's port THEN it says so", () => {
    expect(problems({ DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: 'abc' })).toContain('DISCORD_PUBLIC_KEY must be the 64 hex characters');
    expect(problems({ DISCORD_PUBLIC_KEY: KEY })).toContain('DISCORD_TOKEN is not');
    const slackHttp = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', DISCORD_TOKEN: 't', DISCORD_PUBLIC_KEY: KEY };
    expect(problems(slackHttp)).toContain('DISCORD_INTERACTIONS_PORT must be set to a port other than PORT (3000)');
    expect(problems({ ...slackHttp, DISCORD_INTERACTIONS_PORT: '3000' })).toContain('DISCORD_INTERACTIONS_PORT must be set');
    expect(loadConfig({ ...slackHttp, DISCORD_INTERACTIONS_PORT: '3001' }).discord?.interactions?.port).toBe(3001);
  });

  it('GIVEN an empty PAPERBOY_SOURCES or PAPERBOY_SAMPLE_LISTINGS THEN that feature is off; unset keeps the default', () => {
    const off = loadConfig({ PAPERBOY_SOURCES: '', PAPERBOY_SAMPLE_LISTINGS: '' });
    expect(off.sources.list).toEqual([]);
    expect(off.sampleListingsDir).toBeNull();
    const unset = loadConfig({});
    expect(unset.sources.list).toEqual([{ kind: 'hf' }]);
    expect(unset.sampleListingsDir).toBe('data/listings');
  });

  it('GIVEN PAPERBOY_COMMAND THEN Slack, Discord and the hints share that one root name; SLACK_COMMAND still works', () => {
    const both = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DISCORD_TOKEN: 't' };
    const named = loadConfig({ ...both, PAPERBOY_COMMAND: 'lab-papers' });
    expect(named.rootCommand).toBe('lab-papers');
    expect(named.slack?.commandName).toBe('/lab-papers');
    expect(named.discord?.commandName).toBe('lab-papers');
    const legacy = loadConfig({ ...both, SLACK_COMMAND: '/reading' });
    expect([legacy.rootCommand, legacy.slack?.commandName, legacy.discord?.commandName]).toEqual(['reading', '/reading', 'reading']);
    expect(loadConfig({}).rootCommand).toBe('papers');
    expect(problems({ PAPERBOY_COMMAND: 'Papers Bot' })).toContain('PAPERBOY_COMMAND must be one lower-case word');
  });

  it('GIVEN LOG_FORMAT, PAPERBOY_HEALTH_PORT and PAPERBOY_SHUTDOWN_GRACE_MS THEN they are read and checked', () => {
    expect(loadConfig({ LOG_FORMAT: 'JSON', PAPERBOY_HEALTH_PORT: '8080', PAPERBOY_SHUTDOWN_GRACE_MS: '2500' })).toMatchObject({
      logFormat: 'json',
      health: { port: 8080 },
      shutdownGraceMs: 2500,
    });
    expect(loadConfig({ PAPERBOY_HEALTH_PORT: '' }).health).toEqual({});
    expect(loadConfig({}).logFormat).toBe('text');
    const message = problems({ LOG_FORMAT: 'xml', PAPERBOY_HEALTH_PORT: 'http' });
    expect(message).toContain('LOG_FORMAT must be text or json');
    expect(message).toContain('PAPERBOY_HEALTH_PORT must be a whole number');
    expect(problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '3000', PAPERBOY_HEALTH_PORT: '3000' })).toContain(
      'PAPERBOY_HEALTH_PORT (3000) must differ',
    );
  });
  it('GIVEN PAPERBOY_LEASE_SECONDS and PAPERBOY_CLAIM_STALE_SECONDS THEN several processes take over that fast; defaults 60 s and 5 min', () => {
    expect(loadConfig({}).scheduler).toMatchObject({ leaseTtlMs: 60_000, claimStaleMs: 300_000 });
    expect(loadConfig({ PAPERBOY_LEASE_SECONDS: '15', PAPERBOY_CLAIM_STALE_SECONDS: '120' }).scheduler).toMatchObject({
      leaseTtlMs: 15_000,
      claimStaleMs: 120_000,
    });
    const message = problems({ PAPERBOY_LEASE_SECONDS: '1', PAPERBOY_CLAIM_STALE_SECONDS: 'soon' });
    expect(message).toContain('PAPERBOY_LEASE_SECONDS must be a whole number from 3 to 3600');
    expect(message).toContain('PAPERBOY_CLAIM_STALE_SECONDS must be a whole number');
  });
  it('GIVEN PAPERBOY_EMBEDDING_MODEL THEN it is read with the LLM server; empty is off; a bad name or no server is reported', () => {
    expect(loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434', PAPERBOY_EMBEDDING_MODEL: 'nomic-embed-text' }).llm.embeddingModel).toBe(
      'nomic-embed-text',
    );
    expect(loadConfig({ OPENAI_API_KEY: 'sk-1', PAPERBOY_EMBEDDING_MODEL: '' }).llm.embeddingModel).toBeUndefined();
    expect(problems({ OPENAI_API_KEY: 'sk-1', PAPERBOY_EMBEDDING_MODEL: 'two words' })).toContain(
      'PAPERBOY_EMBEDDING_MODEL must be a model name',
    );
    expect(problems({ PAPERBOY_EMBEDDING_MODEL: 'text-embedding-3-small' })).toContain(
      'PAPERBOY_EMBEDDING_MODEL needs OPENAI_BASE_URL or OPENAI_API_KEY',
    );
  });
});
