/** What a channel sees of failures: a short human line; URLs, credentials and raw error text go to the log only. */
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src/dispatch/dispatch.ts';
import { defineCommand } from '../../src/dispatch/define.ts';
import { UserError } from '../../src/errors.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import type { Summariser } from '../../src/llm/types.ts';
import { createLogger } from '../../src/log.ts';
import { deliverDigest } from '../../src/scheduler/deliver.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';
import { CHANNEL, harness, seedStore, textOf } from './harness.ts';

const HF_URL = 'https://lab:hunter2@hf-mirror.example/api/daily_papers?date=2025-12-18';
const LLM_URL = 'https://llm.example/v1?api-key=sk-live-abcdef123456';
const SECRETS = /hunter2|sk-live|abcdef123456|https?:\/\/|hf-mirror|llm\.example/;

function dispatcherThrowing(error: unknown) {
  const lines: string[] = [];
  const boom = defineCommand({
    name: 'boom',
    description: 'Fails',
    options: {},
    examples: ['boom'],
    visibility: 'ephemeral',
    async run() {
      throw error;
    },
  });
  const dispatcher = createDispatcher({
    services: { store: seedStore(), llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands: [boom],
    log: createLogger({ level: 'debug', write: (line) => lines.push(line) }),
  });
  const run = () => dispatcher.run({ command: 'boom', input: { text: '' }, channel: CHANNEL, user: { id: 'U1', name: 'ada' } });
  return { run, lines };
}

describe('errors shown in chat', () => {
  it('GIVEN a command throws an error whose message has a URL with a password THEN the user gets a short line and the log the detail', async () => {
    const { run, lines } = dispatcherThrowing(new Error(`fetch failed: 401 from ${HF_URL}`));
    const reply = await run();
    expect(reply.tone).toBe('error');
    expect(textOf(reply)).not.toMatch(SECRETS);
    expect(textOf(reply).length).toBeLessThan(120);
    expect(lines.join('\n')).toContain('hf-mirror.example');
  });

  it('GIVEN the LLM server refuses with its base URL and key in the message THEN the refusal is shown without them', async () => {
    const { run, lines } = dispatcherThrowing(
      new UserError(
        'llm-rejected',
        `The LLM server refused the request: not found (404). Check the model name "m" and the base URL ${LLM_URL}.`,
      ),
    );
    const text = textOf(await run());
    expect(text).toContain('The LLM server refused the request: not found (404).');
    expect(text).not.toMatch(SECRETS);
    expect(lines.join('\n')).toContain('llm.example');
  });

  it('GIVEN a user error that echoes credentials THEN they are taken out', async () => {
    const { run } = dispatcherThrowing(new UserError('bad-args', 'I did not understand “token=xoxb-1234567890-secret”.'));
    expect(textOf(await run())).toBe('I did not understand “token=…”.');
  });

  const offline = new OfflineSummariser();
  const fallingBack = (note: string): Summariser => ({
    mode: 'openai',
    model: 'test-model',
    usage: () => [],
    summarize: async (p) => ({ ...(await offline.summarize(p)), note }),
    compare: (p) => offline.compare(p),
    tldr: (p) => offline.tldr(p),
  });

  it('GIVEN the LLM fell back with its server address in the note THEN the note names no address or key', async () => {
    const { run } = harness({ llm: fallingBack(`LLM server unreachable (ECONNREFUSED at ${LLM_URL}) after 2 attempts`) });
    const text = textOf(await run('summarize 2512.00004'));
    expect(text).toContain('the LLM could not be used (LLM server unreachable (ECONNREFUSED at the configured address) after 2 attempts)');
    expect(text).not.toMatch(SECRETS);
  });

  it('GIVEN the LLM fell back for a raw JS error THEN the note is a human line', async () => {
    const { run } = harness({ llm: fallingBack("Cannot read properties of undefined (reading 'choices')") });
    const text = textOf(await run('summarize 2512.00004'));
    expect(text).toContain("the LLM could not be used (an unexpected error; the details are in paperboy's log)");
    expect(text).not.toContain('Cannot read');
  });

  it('GIVEN a digest post fails with a URL and credentials in the error THEN `history` shows the failure without them', async () => {
    const { run, store } = harness();
    const adapter = new RecordingAdapter('slack');
    adapter.rejectNext = new Error(`request to ${HF_URL} failed, reason: getaddrinfo ENOTFOUND`);
    const outcome = await deliverDigest({
      store,
      llm: new OfflineSummariser(),
      adapters: { slack: adapter },
      subscription: store.subscriptions.upsert(CHANNEL, {}),
      date: '2025-12-18',
      now: () => new Date('2025-12-18T09:00:00Z'),
      instanceId: 'test',
    });
    expect(outcome.status).toBe('failed');
    const text = textOf(await run('history'));
    expect(text).toContain('failed after 1 attempt');
    expect(text).not.toMatch(SECRETS);
  });
});
