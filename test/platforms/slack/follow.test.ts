/**
 * Following on Slack: the real commands, the real Bolt app and the real digest delivery against the fake Slack.
 * A follow made by slash command puts the author's new paper into the next posted digest, with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../../src/platforms/types.ts';
import type { Store } from '../../../src/store/store.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { startCommandsOnSlack, type CommandsOnSlack } from './commands-harness.ts';
import { RESEARCH } from './harness.ts';

const ELSEWHERE: ChannelRef = { platform: 'slack', id: 'C9', name: 'elsewhere' };
const NEW_PAPER = 'Joint Embedding Predictive Architectures for Video';

describe('following on Slack (real commands, real Bolt app, fake Slack)', () => {
  let slack: CommandsOnSlack;
  let store: Store;
  beforeAll(async () => {
    slack = await startCommandsOnSlack();
    store = slack.store;
  });
  afterAll(() => slack.close());
  const slash = async (text: string) => (await slack.slash('U1', text)).text;
  const postedDigest = (channel: ChannelRef) => slack.postDigest(channel, '2025-12-19', { size: 3 });

  it('GIVEN a follow by slash command THEN the author’s new paper is in the next posted digest with its reason, and only here', async () => {
    expect(await slash('follow author:"Yann LeCun"')).toMatch(/^This channel now follows author “Yann LeCun” \(1 known paper\)/);
    expect(await slash('following')).toContain('• author “Yann LeCun” (1 known paper)');
    store.papers.ingestListing(
      listing('hf-json', '2025-12-19', [
        ...[300, 200, 100, 50].map((upvotes, i) =>
          parsed({ title: `Popular Paper ${i}`, arxivId: `2512.0005${i}`, upvotes, publishedAt: '2025-12-19' }),
        ),
        parsed({
          title: NEW_PAPER,
          arxivId: '2512.00060',
          authors: ['Yann LeCun', 'Randall Balestriero'],
          organization: { slug: 'facebook', name: 'AI at Meta' },
          publishedAt: '2025-12-19',
        }),
      ]),
      'hf:2025-12-19',
      'w',
      new Date('2025-12-19T08:00:00Z'),
    );

    const here = await postedDigest(RESEARCH);
    expect(here.titles[0]).toBe(NEW_PAPER);
    expect(here.titles).toHaveLength(4);
    expect(here.blocks).toContain('From people you follow');
    expect(here.blocks).toContain('by Yann LeCun, whom this channel follows');

    const elsewhere = await postedDigest(ELSEWHERE);
    expect(elsewhere.titles).toEqual(['Popular Paper 0', 'Popular Paper 1', 'Popular Paper 2']);
    expect(elsewhere.blocks).not.toContain('follow');
  });
});
