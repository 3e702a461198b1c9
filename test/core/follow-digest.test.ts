import { describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/core/digest.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import { DEFAULT_SUBSCRIPTION } from '../../src/store/types.ts';
import { seedStore, textOf, titles } from '../commands/harness.ts';
import { listing, parsed } from '../helpers/papers.ts';
import { authorContext, foldName } from '../../src/core/follows.ts';

const llm = new OfflineSummariser('no OPENAI_API_KEY set');
const channel = { platform: 'slack', id: 'C1' } as const;
const other = { platform: 'slack', id: 'C2' } as const;

async function store() {
  const s = seedStore();
  const follow = {
    kind: 'author' as const,
    name: 'Yann LeCun',
    key: foldName('Yann LeCun'),
    context: await authorContext(s, 'Yann LeCun'),
  };
  s.follows.add(channel, follow);
  s.follows.add(channel, { kind: 'org', name: 'nvidia', key: 'nvidia', context: { coauthors: [], orgs: [], categories: [], papers: 0 } });
  s.papers.ingestListing(
    listing('hf-json', '2025-12-19', [
      ...Array.from({ length: 4 }, (_, i) =>
        parsed({
          title: `Popular Paper ${i}`,
          arxivId: `2512.0003${i}`,
          upvotes: 200 + i,
          publishedAt: '2025-12-19',
          keywords: ['diffusion'],
        }),
      ),
      parsed({
        title: 'Self-Supervised World Models',
        arxivId: '2512.00040',
        upvotes: 0,
        authors: ['Yann LeCun'],
        organization: { slug: 'facebook', name: 'AI at Meta' },
        publishedAt: '2025-12-19',
      }),
      parsed({
        title: 'Faster GPUs for Sparse Kernels',
        arxivId: '2512.00041',
        upvotes: 1,
        organization: { slug: 'nvidia', name: 'NVIDIA' },
      }),
    ]),
    'hf:2025-12-19',
    'f',
    new Date('2025-12-19T08:00:00Z'),
  );
  return s;
}

describe('digest and follows', () => {
  it('a new paper by a followed author or organisation comes in its own section with its reason, whatever the filters and size', async () => {
    const s = await store();
    // Topics filter, a minimum of upvotes and a size of 2 would each leave both followed papers out.
    const subscription = { ...DEFAULT_SUBSCRIPTION, topics: ['diffusion'], topicMode: 'filter' as const, minUpvotes: 50, size: 2 };
    const digest = await composeDigest({ store: s, llm }, { channel, date: '2025-12-19', subscription });
    expect(titles(digest.reply)).toEqual([
      'Faster GPUs for Sparse Kernels',
      'Self-Supervised World Models',
      'Popular Paper 3',
      'Popular Paper 2',
    ]);
    const blocks = digest.reply.blocks;
    const at = (text: string) => blocks.findIndex((b) => b.type === 'text' && b.text === text);
    const paperAt = (title: string) => blocks.findIndex((b) => b.type === 'paper' && b.paper.title === title);
    expect(at('From people you follow')).toBeGreaterThan(0);
    expect(at('From people you follow')).toBeLessThan(paperAt('Faster GPUs for Sparse Kernels'));
    expect(at('More new papers')).toBeGreaterThan(paperAt('Self-Supervised World Models'));
    expect(at('More new papers')).toBeLessThan(paperAt('Popular Paper 3'));
    expect(digest.reply.papers?.[0]?.reason).toBe('from NVIDIA, which this channel follows');
    expect(digest.reply.papers?.[1]?.reason).toBe('by Yann LeCun, whom this channel follows');
    expect(digest.reply.papers?.map((p) => p.rank)).toEqual([1, 2, 3, 4]);
    expect(digest.reply.fallback).toMatch(
      /From people you follow\n1\. Faster GPUs[^\n]*\n2\. Self-Supervised World Models\nMore new papers\n3\. Popular Paper 3/,
    );
  });

  it('one channel’s follows never change another channel’s digest', async () => {
    const s = await store();
    const digest = await composeDigest({ store: s, llm }, { channel: other, date: '2025-12-19' });
    expect(titles(digest.reply).slice(0, 4)).toEqual(['Popular Paper 3', 'Popular Paper 2', 'Popular Paper 1', 'Popular Paper 0']);
    expect(textOf(digest.reply)).not.toMatch(/follow/);
  });
});
