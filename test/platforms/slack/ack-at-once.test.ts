/** The listener acks first; the answer goes through respond (response_url), once. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDispatcher } from '../../../src/dispatch/dispatch.ts';
import { defineCommand } from '../../../src/dispatch/define.ts';
import { OfflineSummariser } from '../../../src/llm/offline.ts';
import { createLogger, silentLogger } from '../../../src/log.ts';
import { notice } from '../../../src/message/build.ts';
import { type SlackAdapter } from '../../../src/platforms/slack/index.ts';
import type { Dispatcher } from '../../../src/platforms/types.ts';
import { Store } from '../../../src/store/store.ts';
import { sendSignedSlashCommand, startSlackFake, waitFor, type SlackFake } from '../../fakes/slack.ts';
import { httpAdapter, SIGNING_SECRET } from './harness.ts';

const WORKING = { response_type: 'ephemeral', text: 'Working on it…' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function quickAndSlowDispatcher(store: Store): Dispatcher {
  const quick = defineCommand({
    name: 'quick',
    description: 'Answers at once',
    options: {},
    examples: ['quick'],
    visibility: 'ephemeral',
    run: async () => notice('Quick answer.'),
  });
  const slow = defineCommand({
    name: 'slow',
    description: 'Takes a moment',
    options: {},
    examples: ['slow'],
    visibility: 'ephemeral',
    slow: true,
    run: async () => {
      await sleep(100);
      return notice('Slow answer.');
    },
  });
  return createDispatcher({
    services: { store, llm: new OfflineSummariser(), rootCommand: 'papers' },
    commands: [quick, slow],
    log: silentLogger,
  });
}

describe('the adapter acks /papers in its listener', () => {
  const lines: string[] = [];
  let fake: SlackFake;
  let store: Store;
  let adapter: SlackAdapter;
  let endpoint: string;
  beforeAll(async () => {
    fake = await startSlackFake();
    store = Store.open(':memory:');
    adapter = httpAdapter(fake, store, { log: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
    await adapter.start(quickAndSlowDispatcher(store));
    endpoint = `http://127.0.0.1:${adapter.port}/slack/events`;
  });
  afterAll(async () => {
    await adapter.stop();
    await fake.close();
    store.close();
  });

  it('GIVEN /papers quick and /papers slow THEN an empty 200 and "Working on it…", each answered once at response_url, and no error logged', async () => {
    const send = (text: string, id: string) =>
      sendSignedSlashCommand(endpoint, SIGNING_SECRET, { text, responseUrl: fake.responseUrl(id) });
    const [quick, slow] = await Promise.all([send('quick', 'quick-1'), send('slow', 'slow-1')]);
    expect(quick).toMatchObject({ status: 200, body: '' });
    expect(slow.status).toBe(200);
    expect(JSON.parse(slow.body)).toEqual(WORKING);
    await waitFor(() => fake.responses.some((r) => r.id === 'slow-1'), 5000, 'the slow answer');
    await sleep(200);
    expect(fake.responses.filter((r) => r.id === 'quick-1').map((r) => r.body['text'])).toEqual(['Quick answer.']);
    expect(fake.responses.filter((r) => r.id === 'slow-1').map((r) => r.body)).toEqual([
      expect.objectContaining({ replace_original: true, text: 'Slow answer.' }),
    ]);
    expect(lines.filter((line) => / (ERROR|WARN) /.test(line))).toEqual([]);
  });
});
