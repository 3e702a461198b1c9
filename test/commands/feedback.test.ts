import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/platforms/types.ts';
import { CHANNEL, harness, textOf, titles } from './harness.ts';

const OTHER: ChannelRef = { platform: 'slack', id: 'C2', name: 'other' };

describe('like, dislike, unlike', () => {
  it('stores one vote per channel, person and paper: a repeat counts once, unlike takes it back', async () => {
    const { run, store } = harness();
    await run('digest 2025-12-18');
    expect(textOf(await run('like 1'))).toMatch(/^Liked “Agents That Plan/);
    expect(textOf(await run('like 1'))).toMatch(/already liked/);
    await run('like 2512.00004');
    expect(store.feedback.ofChannel(CHANNEL)).toEqual([
      { paperId: store.papers.getByArxivId('2512.00003')!.id, likes: 1, dislikes: 0, saves: 0, asked: 0 },
      { paperId: store.papers.getByArxivId('2512.00004')!.id, likes: 1, dislikes: 0, saves: 0, asked: 0 },
    ]);
    await run('dislike mamba meets');
    expect(store.feedback.ofChannel(CHANNEL)[1]).toMatchObject({ likes: 0, dislikes: 1 });
    expect(textOf(await run('unlike 1'))).toMatch(/^Took back your vote on “Agents That Plan/);
    expect(textOf(await run('unlike 1'))).toMatch(/had no vote from you/);
    expect(store.feedback.ofChannel(CHANNEL)).toHaveLength(1);
    expect(store.feedback.ofChannel(OTHER)).toEqual([]);
  });

  it('two people’s likes of one paper are two votes; a bad ref is a clear error that stores nothing', async () => {
    const { dispatcher, run, store } = harness();
    await run('like 2512.00001');
    const { command, text } = dispatcher.parseText('like 2512.00001');
    await dispatcher.run({ command, input: { text }, channel: CHANNEL, user: { id: 'U2', name: 'bob' } });
    expect(store.feedback.ofChannel(CHANNEL)).toEqual([expect.objectContaining({ likes: 2 })]);
    const bad = await run('like 9');
    expect(bad.tone).toBe('error');
    expect(textOf(await run('like 2601.99999'))).toMatch(/not among the papers I know/);
    expect(store.feedback.ofChannel(CHANNEL)).toHaveLength(1);
  });
});

describe('save and saved', () => {
  it('keeps a private reading list per person, never shown to another', async () => {
    const { dispatcher, run } = harness();
    const as = (user: string, line: string) => {
      const { command, text } = dispatcher.parseText(line);
      return dispatcher.run({ command, input: { text }, channel: CHANNEL, user: { id: user, name: user } });
    };
    await run('save 2512.00001');
    await run('save mamba meets', { channel: OTHER });
    expect(titles(await run('saved'))).toEqual([
      'Mamba Meets Attention: Hybrid Sequence Models',
      'Diffusion Transformers for Video Generation',
    ]);
    const theirs = await as('U2', 'saved');
    expect(titles(theirs)).toEqual([]);
    expect(textOf(theirs)).toMatch(/Your reading list is empty/);
    await as('U2', 'save 2512.00003');
    expect(titles(await as('U2', 'saved'))).toEqual(['Agents That Plan: Reinforcement Learning for Tool Use']);
    expect(titles(await run('saved'))).not.toContain('Agents That Plan: Reinforcement Learning for Tool Use');
    await run('save 2512.00001 remove:true');
    expect(titles(await run('saved'))).toEqual(['Mamba Meets Attention: Hybrid Sequence Models']);
  });
});
