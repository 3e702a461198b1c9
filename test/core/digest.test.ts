import { describe, expect, it } from 'vitest';
import { composeDigest, sharedNewPapers } from '../../src/core/digest.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import type { Summariser } from '../../src/llm/types.ts';
import { DEFAULT_SUBSCRIPTION } from '../../src/store/types.ts';
import { Store } from '../../src/store/store.ts';
import { seedStore, textOf, titles } from '../commands/harness.ts';
import { seedListing, tempDb } from '../scheduler/harness.ts';

const store = seedStore();
const llm = new OfflineSummariser('no OPENAI_API_KEY set');
const channel = { platform: 'slack', id: 'C1' } as const;
const settings = { ...DEFAULT_SUBSCRIPTION };

describe('composeDigest', () => {
  it('takes the latest listing’s new papers, ranked and numbered, with a dated header', async () => {
    const digest = await composeDigest({ store, llm }, { channel });
    expect(digest.date).toBe('2025-12-18');
    expect(digest.totalNew).toBe(5); // the survey was already listed on the 17th
    expect(titles(digest.reply)).toEqual([
      'Agents That Plan: Reinforcement Learning for Tool Use',
      'Video Diffusion with Sparse Attention', // 12 upvotes, newer than Mamba's 12
      'Mamba Meets Attention: Hybrid Sequence Models',
      'Prompt Injection in the Wild',
      'Emoji 🎉 Tokenization for Language Models',
    ]);
    expect(digest.reply.papers?.map((p) => p.rank)).toEqual([1, 2, 3, 4, 5]);
    expect(digest.reply.blocks[0]).toEqual({ type: 'header', text: 'Daily papers — Thu 18 Dec 2025' });
    expect(textOf(digest.reply)).toContain('5 new papers; ranked by upvotes.');
  });

  it('shows at most the size, says how many there were and how to see more', async () => {
    const digest = await composeDigest({ store, llm, rootCommand: 'papers' }, { channel, subscription: { ...settings, size: 2 } });
    expect(digest.papers).toHaveLength(2);
    expect(digest.totalNew).toBe(5);
    const text = textOf(digest.reply);
    expect(text).toContain('5 new papers; showing the top 2 by upvotes.');
    expect(text).toContain('“/papers digest 2025-12-18 limit:5”');
    expect(text).toContain('“/papers compare 1 2”');
  });

  it('writes hints without a prefix in the terminal', async () => {
    const digest = await composeDigest({ store, llm }, { channel: { platform: 'terminal', id: 'local' }, limit: 1 });
    expect(textOf(digest.reply)).toContain('“digest 2025-12-18 limit:5”');
  });

  it('uses the source’s one-line AI summary, else the first sentence', async () => {
    const digest = await composeDigest({ store, llm }, { channel, date: '2025-12-17' });
    const summaries = digest.reply.papers?.map((p) => p.summary);
    expect(summaries).toEqual([
      'Scaling diffusion transformers gives state-of-the-art video generation.',
      'We survey diffusion models for images, audio and video generation.',
    ]);
  });

  it('filters by topics, or boosts them to the top', async () => {
    const filtered = await composeDigest(
      { store, llm },
      { channel, subscription: { ...settings, topics: ['diffusion', 'language model'], topicMode: 'filter' } },
    );
    expect(titles(filtered.reply)).toEqual(['Video Diffusion with Sparse Attention', 'Emoji 🎉 Tokenization for Language Models']);
    expect(textOf(filtered.reply)).toContain('2 of 5 new papers match your topics (diffusion, language model)');
    const boosted = await composeDigest(
      { store, llm },
      { channel, subscription: { ...settings, topics: ['prompt injection'], topicMode: 'boost' } },
    );
    expect(titles(boosted.reply)[0]).toBe('Prompt Injection in the Wild');
    expect(boosted.papers).toHaveLength(5);
  });

  it('says so on an empty day instead of listing nothing', async () => {
    const digest = await composeDigest(
      { store, llm },
      { channel, subscription: { ...settings, topics: ['quantum'], topicMode: 'filter' } },
    );
    expect(digest.papers).toEqual([]);
    expect(textOf(digest.reply)).toMatch(/^No new papers matching your topics \(quantum\) on Thu 18 Dec 2025\./);
    expect(digest.reply.papers).toBeUndefined();
  });

  it('points to the latest earlier listing when a date has none', async () => {
    const digest = await composeDigest({ store, llm, rootCommand: 'papers' }, { channel, date: '2025-12-20' });
    expect(textOf(digest.reply)).toContain('There is no listing for Sat 20 Dec 2025 yet.');
    expect(textOf(digest.reply)).toContain('“/papers digest 2025-12-18”');
  });

  it('with since, takes the papers first seen after the last digest', async () => {
    const digest = await composeDigest({ store, llm }, { channel, since: '2025-12-18T08:30:00.000Z' });
    expect(titles(digest.reply)).toEqual(['Emoji 🎉 Tokenization for Language Models']);
    expect(digest.reply.blocks[0]).toEqual({ type: 'header', text: 'New papers since Thu 18 Dec 2025' });
  });

  it('puts the fetch note first, under the header', async () => {
    const digest = await composeDigest({ store, llm }, { channel, fetchNote: 'Today’s fetch failed; built from papers already known.' });
    expect(digest.reply.blocks[1]).toEqual({ type: 'note', text: 'Today’s fetch failed; built from papers already known.' });
  });

  it('uses the channel’s stored subscription when none is given', async () => {
    store.subscriptions.upsert({ platform: 'discord', id: 'D1' }, { topics: ['mamba'], topicMode: 'filter' });
    const digest = await composeDigest({ store, llm }, { channel: { platform: 'discord', id: 'D1' } });
    expect(titles(digest.reply)).toEqual(['Mamba Meets Attention: Hybrid Sequence Models']);
  });

  it('falls back to the abstracts when the LLM fails, and says why once', async () => {
    const failing: Summariser = {
      ...llm,
      mode: 'openai',
      model: 'm',
      summarize: llm.summarize,
      compare: llm.compare,
      usage: () => [],
      tldr: async () => Promise.reject(new Error('server unreachable')),
    };
    const digest = await composeDigest({ store, llm: failing }, { channel });
    expect(digest.papers).toHaveLength(5);
    expect(textOf(digest.reply).match(/One-line summaries come from the abstracts: server unreachable/g)).toHaveLength(1);
  });

  it('explains that an empty store has no digest', async () => {
    const digest = await composeDigest({ store: Store.open(':memory:'), llm }, { channel });
    expect(digest.date).toBeNull();
    expect(textOf(digest.reply)).toMatch(/No listings are stored yet/);
  });
});

describe('sharedNewPapers (a scheduler tick reads the new papers once for all its channels)', () => {
  it('gives each channel exactly the papers first seen after its last digest, as of the one read', async () => {
    const db = tempDb();
    try {
      const s = db.open();
      seedListing(s, '2026-03-24', ['Old paper'], '2026-03-24T06:00:00Z');
      seedListing(s, '2026-03-25', ['Tuesday paper'], '2026-03-25T06:00:00Z');
      seedListing(s, '2026-03-26', ['Wednesday paper'], '2026-03-26T06:00:00Z');
      const readAt = new Date('2026-03-26T09:00:00Z');
      const shared = sharedNewPapers(s, () => readAt);
      const titlesOf = async (since: string) => (await shared.since(since)).papers.map((p) => p.title).sort();
      expect(await titlesOf('2026-03-25T09:00:00Z')).toEqual(['Wednesday paper']);
      seedListing(s, '2026-03-27', ['Arrived after the read'], '2026-03-27T06:00:00Z');
      // An earlier "since" reads only the older gap; what arrived after the one read waits for the next digest.
      expect(await titlesOf('2026-03-24T09:00:00Z')).toEqual(['Tuesday paper', 'Wednesday paper']);
      expect(await titlesOf('2026-03-26T07:00:00Z')).toEqual([]);
      expect((await shared.since('2026-03-20T00:00:00Z')).readAt).toBe(readAt);
      expect(await titlesOf('2026-03-20T00:00:00Z')).toEqual(['Old paper', 'Tuesday paper', 'Wednesday paper']);
    } finally {
      db.cleanup();
    }
  });
});
