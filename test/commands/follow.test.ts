import { describe, expect, it } from 'vitest';
import type { ChannelRef } from '../../src/platforms/types.ts';
import type { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';
import { harness, seedStore, textOf, titles } from './harness.ts';

const OTHER: ChannelRef = { platform: 'slack', id: 'C2', name: 'other' };

/** The seed, plus a known paper by Yann LeCun with a co-author and a category: what a follow is made from. */
function knownStore(): Store {
  const store = seedStore();
  store.papers.ingestListing(
    listing('arxiv-rss', '2025-12-16', [
      parsed({
        title: 'Energy-Based Models Revisited',
        arxivId: '2512.00010',
        authors: ['Yann LeCun', 'Léon Bottou'],
        categories: ['cs.LG'],
        publishedAt: '2025-12-15',
      }),
    ]),
    'arxiv:cs.LG',
    'k',
    new Date('2025-12-16T09:00:00Z'),
  );
  return store;
}

/** The next day: one paper by the followed LeCun (initials, accent-less co-author), one by a namesake, one popular paper. */
function nextDay(store: Store): void {
  store.papers.ingestListing(
    listing('arxiv-rss', '2025-12-19', [
      parsed({ title: 'Popular Paper', arxivId: '2512.00020', upvotes: 300, publishedAt: '2025-12-19', authors: ['Ada Lovelace'] }),
      parsed({
        title: 'World Models for Planning',
        arxivId: '2512.00021',
        authors: ['Y. LeCun', 'Leon Bottou'],
        categories: ['cs.AI'],
        publishedAt: '2025-12-19',
      }),
      parsed({
        title: 'Neurons of the Sea Slug',
        arxivId: '2512.00022',
        authors: ['Yann Lecun', 'Jane Doe'],
        categories: ['q-bio.NC'],
        publishedAt: '2025-12-19',
      }),
    ]),
    'arxiv:cs.AI',
    'n',
    new Date('2025-12-19T09:00:00Z'),
  );
}

describe('follow, unfollow, following', () => {
  it('follows an author and an organisation per channel, lists them, and unfollows by a matching name', async () => {
    const { run } = harness({ store: knownStore() });
    expect(textOf(await run('following'))).toContain('This channel follows nobody yet.');
    expect(textOf(await run('follow author:"Yann LeCun"'))).toContain('now follows author “Yann LeCun” (2 known papers)');
    expect(textOf(await run('follow author:"Yann LeCun"'))).toContain('already follows');
    expect(textOf(await run('follow org:nvidia'))).toContain('now follows organisation “nvidia”');
    const list = textOf(await run('following'));
    expect(list).toContain('• author “Yann LeCun” (2 known papers)');
    expect(list).toContain('• organisation “nvidia”');
    expect(textOf(await run('following', { channel: OTHER }))).toContain('follows nobody yet');
    expect(textOf(await run('unfollow author:"Y. LeCun"'))).toContain('no longer follows author “Yann LeCun”');
    expect(textOf(await run('unfollow author:"Y. LeCun"'))).toContain('does not follow author “Y. LeCun”');
    expect(textOf(await run('following'))).not.toContain('LeCun');
    expect(textOf(await run('follow'))).toMatch(/Missing <who>/);
    expect(textOf(await run('follow author:""'))).toContain('Whom to follow?');
  });

  it('matches names with accents folded and initials, confirms by a shared co-author, and marks a namesake as possible', async () => {
    const { store, run } = harness({ store: knownStore() });
    await run('follow author:"Yann LeCun"');
    await run('follow zoe angstrom');
    nextDay(store);
    const digest = await run('digest 2025-12-19');
    const reasons = new Map(digest.papers?.map((p) => [p.title, p.reason]));
    expect(reasons.get('World Models for Planning')).toBe('by Yann LeCun, whom this channel follows');
    expect(reasons.get('Neurons of the Sea Slug')).toBe('possibly by Yann LeCun: name matches, no shared co-author or category');
    expect(titles(digest).slice(0, 2)).toEqual(['World Models for Planning', 'Neurons of the Sea Slug']);
    // "Zoë Ångström" in the seed matches the follow typed without accents.
    const earlier = await run('digest 2025-12-18');
    expect(titles(earlier).slice(0, 2)).toEqual([
      'Agents That Plan: Reinforcement Learning for Tool Use',
      'Emoji 🎉 Tokenization for Language Models',
    ]);
    expect(earlier.papers?.[1]?.reason).toBe('possibly by zoe angstrom: name matches, no shared co-author or category');
    expect(textOf(await run('why 2'))).toMatch(/• possibly by zoe angstrom[\s\S]*Digest score: followed 500 \+/);
  });
});
