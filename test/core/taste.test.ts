import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/core/digest.ts';
import { explain, rankWithTaste } from '../../src/core/reasons.ts';
import { relatedPapers, terms } from '../../src/core/taste.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { Store } from '../../src/store/store.ts';
import { DEFAULT_SUBSCRIPTION } from '../../src/store/types.ts';
import { listing, parsed } from '../helpers/papers.ts';

const CHANNEL = { platform: 'slack' as const, id: 'C1', name: 'papers' };

describe('taste', () => {
  it('cuts words as FTS5 does: lower case, accents folded, on anything not a letter or digit', () => {
    expect(terms('Zoë’s Ångström-scale LLMs: 3D/4D, à la carte')).toEqual(['zoe', 'angstrom', 'scale', 'llms', '3d', '4d', 'la', 'carte']);
  });

  it('GIVEN a large store, a 200 KB abstract and 20 likes THEN ranking 400 new papers, related and why never stall the event loop 100 ms', async () => {
    const store = Store.open(':memory:');
    let seed = 7;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const word = () => `w${Math.floor(rand() * 40_000).toString(36)}`;
    const paper = (i: number): ParsedPaper =>
      parsed({
        title: `Paper ${i} on ${word()} ${word()}`,
        arxivId: `2601.${String(i).padStart(5, '0')}`,
        upvotes: Math.floor(rand() * 50),
        abstract: Array.from({ length: 150 }, word).join(' '),
      });
    const before = Array.from({ length: 600 }, (_, i) => paper(i));
    const next = Array.from({ length: 400 }, (_, i) => paper(1500 + i));
    next.push(parsed({ title: 'Huge', arxivId: '2601.99999', abstract: Array.from({ length: 30_000 }, word).join(' ') }));
    store.papers.ingestListing(listing('hf-json', '2026-06-01', before), 'a', 'a', new Date('2026-06-01T08:00:00Z'));
    store.papers.ingestListing(listing('hf-json', '2026-06-02', next), 'b', 'b', new Date('2026-06-02T08:00:00Z'));
    for (let i = 1; i <= 20; i++) store.feedback.vote({ platform: 'slack', channelId: 'C1', userId: 'U1' }, i * 11, 1);

    // Taste's own work, measured alone: the digest's other steps have their own budget.
    const candidates = store.digestQueries.newInListing('2026-06-02');
    const huge = store.papers.getByArxivId('2601.99999')!;
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const ranked = await rankWithTaste(store, CHANNEL, candidates, DEFAULT_SUBSCRIPTION, 10);
    const related = await relatedPapers(store, huge, 5);
    const why = await explain(store, CHANNEL, huge, DEFAULT_SUBSCRIPTION);
    await new Promise((resolve) => setTimeout(resolve, 50));
    delay.disable();
    console.log(`taste over 401 new papers: event loop worst delay ${(delay.max / 1e6).toFixed(1)} ms`);
    expect(delay.max / 1e6).toBeLessThan(100);
    expect(ranked.moved).toBeGreaterThan(0);
    expect(related.length).toBeGreaterThan(0);
    expect(why.at(-1)).toMatch(/^Digest score: /);
    const digest = await composeDigest({ store, llm: new OfflineSummariser() }, { channel: CHANNEL, date: '2026-06-02' });
    expect(digest.papers).toHaveLength(10);
    store.close();
  }, 60_000);
});
