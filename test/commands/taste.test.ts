import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/platforms/types.ts';
import { CHANNEL, harness, textOf, titles } from './harness.ts';

const OTHER: ChannelRef = { platform: 'slack', id: 'C2', name: 'other' };
const VIDEO = 'Video Diffusion with Sparse Attention';
const LIKED = 'Diffusion Transformers for Video Generation';

describe('taste', () => {
  it('a like moves similar papers up in the next digest, says why, and says how many papers taste moved', async () => {
    const { run } = harness();
    const before = await run('digest 2025-12-18');
    expect(titles(before)[0]).toBe('Agents That Plan: Reinforcement Learning for Tool Use');
    expect(textOf(before)).not.toMatch(/Taste/);
    await run('like 2512.00001');
    const after = await run('digest 2025-12-18');
    expect(titles(after)[0]).toBe(VIDEO);
    expect(after.papers?.[0]?.reason).toBe(`similar to “${LIKED}”, which this channel liked`);
    expect(after.blocks).toContainEqual({ type: 'note', text: `similar to “${LIKED}”, which this channel liked` });
    expect(after.papers?.find((p) => p.title.startsWith('Agents That Plan'))?.reason).toBe('▲ 42 on HF');
    expect(textOf(after)).toMatch(/Taste \(what 1 paper liked or saved here suggest\) moved \d+ papers in this list\./);
  });

  it('a paper only saved is said to be saved, not liked', async () => {
    const { run } = harness();
    await run('save 2512.00001');
    const after = await run('digest 2025-12-18');
    expect(after.papers?.find((p) => p.title === VIDEO)?.reason).toBe(`similar to “${LIKED}”, which someone here saved`);
    expect(textOf(await run('why 2512.00001'))).toContain('• someone here saved it');
  });

  it('a summary asked for here is a weak signal: it moves similar papers, says so, and only in this channel', async () => {
    const { run } = harness();
    const other = titles(await run('digest 2025-12-18', { channel: OTHER }));
    await run('summarize 2512.00001');
    const after = await run('digest 2025-12-18');
    expect(titles(after)[0]).toBe(VIDEO);
    expect(after.papers?.[0]?.reason).toBe(`similar to “${LIKED}”, which someone here asked about`);
    expect(titles(await run('digest 2025-12-18', { channel: OTHER }))).toEqual(other);
  });

  it('one channel’s feedback never changes another channel’s ranking', async () => {
    const { run } = harness();
    const before = titles(await run('digest 2025-12-18', { channel: OTHER }));
    await run('like 2512.00001');
    await run('save 2512.00006');
    const after = await run('digest 2025-12-18', { channel: OTHER });
    expect(titles(after)).toEqual(before);
    expect(textOf(after)).not.toMatch(/Taste|similar to/);
  });

  it('a dislike pushes similar papers down; unlike restores the plain order', async () => {
    const { run } = harness();
    const plain = titles(await run('digest 2025-12-18'));
    await run('dislike 2512.00001');
    const disliked = titles(await run('digest 2025-12-18'));
    expect(disliked.indexOf(VIDEO)).toBeGreaterThan(plain.indexOf(VIDEO));
    await run('unlike 2512.00001');
    expect(titles(await run('digest 2025-12-18'))).toEqual(plain);
  });

  it('why explains a paper’s place: its reasons and the score behind them', async () => {
    const { run } = harness();
    await run('like 2512.00001');
    await run('digest 2025-12-18');
    const why = textOf(await run('why 1'));
    expect(why).toContain(`Why “${VIDEO}”`);
    expect(why).toContain(`• similar to “${LIKED}”, which this channel liked`);
    expect(why).toContain('• ▲ 12 on HF');
    expect(why).toMatch(/Digest score: upvotes 2\.56 \(▲ 12\) \+ taste \d\.\d\d \(similarity 0\.\d\d to 1 paper with feedback here\)\./);
    expect(textOf(await run('why 2512.00001'))).toContain('• this channel liked it');
    expect(textOf(await run('why 2512.00001', { channel: OTHER }))).toContain('this channel has no likes yet');
  });

  it('related lists the most similar papers, each with what they share', async () => {
    const { run } = harness();
    const reply = await run('related 2512.00001');
    expect(titles(reply).slice(0, 2).sort()).toEqual(['A Survey of Diffusion Models', VIDEO]);
    expect(titles(reply)).not.toContain(LIKED);
    expect(reply.papers?.[0]?.reason).toMatch(/^shares “[^”]+”.* \(similarity 0\.\d\d\)$/);
    expect((await run('paper 1')).blocks[0]).toEqual({ type: 'header', text: titles(reply)[0] });
    expect(textOf(await run('related emoji tokenization'))).toMatch(/More like|I know no paper like/);
  });

  it('taste off ignores the votes (and keeps them), filter shows only close papers, boost is the default', async () => {
    const { run, store } = harness();
    const plain = titles(await run('digest 2025-12-18'));
    await run('like 2512.00001');
    expect(textOf(await run('taste'))).toMatch(/^Taste boosts: .* 1 like, 0 dislikes and 0 saves here\. It leans towards: .*video/);
    const boosted = titles(await run('digest 2025-12-18'));
    expect(textOf(await run('taste off'))).toMatch(/^Taste is off/);
    const off = await run('digest 2025-12-18');
    expect(titles(off)).toEqual(plain);
    expect(textOf(off)).not.toMatch(/Taste|similar to/);
    expect(textOf(await run('why 2512.00006'))).toContain('taste is off here');
    expect(store.feedback.ofChannel(CHANNEL)).toHaveLength(1);
    await run('taste filter');
    const filtered = await run('digest 2025-12-18');
    expect(titles(filtered).length).toBeLessThan(boosted.length);
    expect(titles(filtered)[0]).toBe(VIDEO);
    expect(textOf(filtered)).toMatch(/Taste filter: \d of \d papers are close to what this channel liked\./);
    expect(store.feedback.tasteMode(OTHER)).toBe('boost');
  });
});
