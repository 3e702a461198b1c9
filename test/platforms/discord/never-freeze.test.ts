import { storeUncappedAbstract } from '../../helpers/papers.ts';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { paperList } from '../../../src/message/build.ts';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import { Store } from '../../../src/store/store.ts';
import { messageProblems } from '../../fakes/discord-limits.ts';
import { NEVER_ANSWERS, type RecordedRequest } from '../../fakes/discord.ts';
import { parsedPaper, startHarness, waitFor, type Harness } from './harness.ts';

/** A loaded machine can stall any process for a moment; a real block (seconds before the fix) fails every attempt. */
const STALL_RETRY = { retry: 2, timeout: 30_000 };

/** About 200 KB of abstract on one line, full of what the escaper works on: masked links, emphasis, mentions. */
const HUGE_ABSTRACT = 'We study [a link](https://evil.example) with *bold* _claims_ and @everyone pings. '.repeat(2500);

function storeWithHugeAbstract(): Store {
  const store = Store.open(':memory:');
  const papers = [parsedPaper(10, { title: 'A paper with a huge abstract', abstract: HUGE_ABSTRACT, arxivId: '2512.20000' })];
  store.papers.ingestListing({ listingDate: '2025-12-18', source: 'hf-json', papers, problems: [] }, 'test', 'hash-huge');
  storeUncappedAbstract(store, '2512.20000', HUGE_ABSTRACT);
  return store;
}

const sub = (name: string, options: object[]) => ({ name: 'papers', options: [{ type: 1, name, options }] });
const callbackOf = (token: string) => (r: RecordedRequest) => r.method === 'POST' && r.path.endsWith(`/${token}/callback`);
const editOf = (token: string) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${token}/messages/@original`);

describe('Discord never freezes, never hangs (real discord.js against a fake Discord)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it(
    'GIVEN /papers paper on a 200 KB abstract THEN the event loop never stalls 100 ms and other interactions are deferred in time',
    STALL_RETRY,
    async () => {
      harness = await startHarness({ commands: [...commands], store: storeWithHugeAbstract() });
      expect(harness.store.papers.getByArxivId('2512.20000')?.abstract.length).toBeGreaterThan(200_000);
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the histogram starts at its first tick
      const sentAt = Date.now();
      const { token } = harness.fake.interact(sub('paper', [{ type: 3, name: 'ref', value: '2512.20000' }]));
      const others = [1, 2, 3, 4].map(() => harness!.fake.interact(sub('help', [])).token);
      const edit = await waitFor(() => harness!.fake.requests.find(editOf(token)));
      for (const other of others) await waitFor(() => harness!.fake.requests.find(editOf(other)));
      delay.disable();
      const worstMs = delay.max / 1e6;
      console.log(`discord paper on a ${HUGE_ABSTRACT.length}-character abstract: event loop worst delay ${worstMs.toFixed(1)} ms`);
      expect(worstMs).toBeLessThan(100);
      for (const other of others) expect(harness.fake.requests.find(callbackOf(other))!.at - sentAt).toBeLessThan(3000);
      expect(messageProblems(edit.body, { editing: true })).toEqual([]);
      const description = edit.body.embeds[0].description as string;
      expect(description).toContain('\\[a link](https://evil.example)');
      expect(description).not.toMatch(/(^|[^\\])\[a link\]/);
      expect(description).toContain('@\u200beveryone');
    },
  );

  it('GIVEN a REST call that is never answered THEN the post fails after the timeout instead of waiting for good', async () => {
    harness = await startHarness({ restTimeoutMs: 300 });
    const channel: ChannelRef = { platform: 'discord', id: harness.fake.ids.channel };
    const digest = paperList('Papers 2025-12-18', harness.store.papers.findByTitle('diffusion', 3));
    // discord.js retries a timed-out call once: both attempts hang.
    harness.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...NEVER_ANSWERS });
    harness.fake.failNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/, ...NEVER_ANSWERS });
    const started = Date.now();
    await expect(harness.adapter.post(channel, digest, { idempotencyKey: 'k' })).rejects.toThrow(/abort/i);
    expect(Date.now() - started).toBeLessThan(3000);
    // The route is usable again at once.
    await harness.adapter.post(channel, digest, { idempotencyKey: 'k' });
    expect(harness.fake.messagesIn(channel.id)).toHaveLength(1);
  });
});
