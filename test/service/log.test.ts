import { describe, expect, it } from 'vitest';
import { createLogger, redact, secretsIn } from '../../src/log.ts';

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-111-222-abcdefghijkl',
  OPENAI_API_KEY: 'my-own-llm-key-42',
  HF_API_URL: 'https://lab:hunter2pass@proxy.example/hf',
  PAPERBOY_DB: 'data/paperboy.db',
};

function capture(format: 'text' | 'json') {
  const lines: string[] = [];
  const log = createLogger({ format, write: (line) => lines.push(line), secrets: secretsIn(ENV) });
  return { lines, log };
}

describe('logs', () => {
  it('LOG_FORMAT=json: one JSON object a line, with level, scope, message and fields', () => {
    const { lines, log } = capture('json');
    log.child('slack').info('posted', { channel: 'C1', attempt: 2 });
    log.warn('multi\nline message');
    expect(lines).toHaveLength(2);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ level: 'info', scope: 'slack', msg: 'posted', channel: 'C1', attempt: 2 });
    expect(Date.parse(first!.time as string)).not.toBeNaN();
    expect(second).toMatchObject({ level: 'warn', msg: 'multi\nline message' });
  });

  for (const format of ['text', 'json'] as const) {
    it(`${format}: tokens, keys and credentials inside URLs never reach the log`, () => {
      const { lines, log } = capture(format);
      log.error(`fetching ${ENV.HF_API_URL}/daily_papers failed`, { token: ENV.SLACK_BOT_TOKEN });
      log.warn('openai said: Incorrect API key provided: my-own-llm-key-42');
      log.warn('GET https://api.example/v1?api_key=zzzsecretzzz&q=1 and https://u:p4ss@host.example/x');
      log.warn('a token we were never told about: xoxb-999-888-unknowntoken and sk-proj-abcdefghijklmnop');
      const all = lines.join('\n');
      for (const secret of ['xoxb-111', 'hunter2pass', 'my-own-llm-key-42', 'zzzsecretzzz', 'p4ss', 'unknowntoken', 'sk-proj'])
        expect(all).not.toContain(secret);
      expect(all).toContain('proxy.example/hf/daily_papers');
      expect(all).toContain('q=1');
    });
  }

  it('secretsIn takes *_TOKEN, *_KEY, *_SECRET values and URL passwords, not ordinary settings', () => {
    const secrets = secretsIn(ENV);
    expect(secrets).toEqual(expect.arrayContaining([ENV.SLACK_BOT_TOKEN, ENV.OPENAI_API_KEY, 'hunter2pass']));
    expect(secrets).not.toContain('data/paperboy.db');
    expect(redact('nothing to hide at https://huggingface.co/api')).toBe('nothing to hide at https://huggingface.co/api');
  });
});
