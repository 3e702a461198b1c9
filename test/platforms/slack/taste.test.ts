/**
 * A channel's taste on Slack: the real commands, the real Bolt app and the real digest delivery against the
 * fake Slack. A like (sent twice) counts once, the next digest's order changes and says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../../src/store/store.ts';
import { startCommandsOnSlack, type CommandsOnSlack } from './commands-harness.ts';
import { RESEARCH } from './harness.ts';

describe('taste on Slack (real commands, real Bolt app, fake Slack)', () => {
  let slack: CommandsOnSlack;
  let store: Store;
  beforeAll(async () => {
    slack = await startCommandsOnSlack();
    store = slack.store;
  });
  afterAll(() => slack.close());
  const slash = (userId: string, text: string) => slack.slash(userId, text);
  const digestTitles = () => slack.postDigest(RESEARCH, '2025-12-18');

  it('GIVEN a like sent twice THEN it counts once, and the next digest puts a similar paper first, saying why', async () => {
    const before = await digestTitles();
    expect(before.titles[0]).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
    expect(before.blocks).not.toContain('which this channel liked');

    expect((await slash('U1', 'like 2512.00001')).text).toMatch(/^Liked “Diffusion Transformers for Video Generation”/);
    expect((await slash('U1', 'like 2512.00001')).text).toMatch(/already liked/);
    expect(store.feedback.ofChannel(RESEARCH)).toEqual([expect.objectContaining({ likes: 1, dislikes: 0 })]);

    const answer = await slash('U1', 'digest 2025-12-18');
    expect(answer.text).toMatch(/^Daily papers — Thu 18 Dec 2025[\s\S]*\n1\. Video Diffusion with Sparse Attention/);
    expect(answer.blocks).toContain('similar to “Diffusion Transformers for Video Generation”, which this channel liked');
    expect(answer.blocks).toMatch(/Taste \(what 1 paper liked or saved here suggest\) moved \d+ papers/);
  });

  it('GIVEN one person saves a paper THEN another person’s saved list does not show it', async () => {
    await slash('U1', 'save 2512.00004');
    expect((await slash('U1', 'saved')).text).toContain('Mamba Meets Attention');
    const theirs = await slash('U2', 'saved');
    expect(theirs.text).not.toContain('Mamba Meets Attention');
    expect(theirs.text).toContain('Your reading list is empty.');
  });
});
