import { describe, expect, it } from 'vitest';
import { search } from '../../src/core/search.ts';
import { UserError } from '../../src/errors.ts';
import { harness, seedStore, textOf, titles } from '../commands/harness.ts';
import { Store } from '../../src/store/store.ts';
import { listing, parsed } from '../helpers/papers.ts';

const store = seedStore();
const found = async (query: string) => (await search(store, query, { limit: 20 })).papers.map((p) => p.arxivId);

describe('search', () => {
  it('finds words anywhere, best first, and counts all matches', async () => {
    const result = await search(store, 'diffusion', { limit: 2 });
    expect(result.papers).toHaveLength(2);
    expect(result.total).toBe(3);
  });

  it('matches "quoted phrases" only as phrases', async () => {
    expect(await found('"video generation"')).toEqual(expect.arrayContaining(['2512.00001', '2512.00002']));
    expect(await found('"generation video"')).toEqual([]);
  });

  it('leaves out -excluded words and phrases', async () => {
    expect(await found('diffusion -survey')).not.toContain('2512.00002');
    expect(await found('diffusion -"sparse attention"')).not.toContain('2512.00006');
  });

  it('filters by author:, org:, title: and since:', async () => {
    expect(await found('author:lecun')).toEqual(['2512.00003']);
    expect(await found('author:"Ada Lovelace"')).toEqual(['2512.00001']);
    expect(await found('org:nvidia')).toEqual(['2512.00001']);
    expect(await found('org:meta agents')).toEqual(['2512.00003']);
    expect(await found('title:attention')).toEqual(expect.arrayContaining(['2512.00004', '2512.00006']));
    expect(await found('diffusion since:2025-12-16')).not.toContain('2512.00002');
    expect(await found('diffusion before:2025-12-16')).toEqual(['2512.00002']);
  });

  it('ignores accents and case, and finds prefixes', async () => {
    expect(await found('author:zoe')).toEqual(['2512.00007']);
    expect(await found('ANGSTROM')).toEqual(['2512.00007']);
    expect(await found('tokeni*')).toEqual(['2512.00007']);
  });

  it('ranks a title match above an abstract-only match', async () => {
    const titled = Store.open(':memory:');
    titled.papers.ingestListing(
      listing('hf-json', '2025-12-01', [
        parsed({ title: 'A study of many things', abstract: 'Mamba is mentioned once here among other things.', upvotes: 99 }),
        parsed({ title: 'Mamba everywhere', abstract: 'Nothing else.' }),
      ]),
      'x',
      'x',
    );
    expect((await search(titled, 'mamba', { limit: 5 })).papers[0]?.title).toBe('Mamba everywhere');
  });

  it('throws a bad-query UserError for a query it cannot read', async () => {
    await expect(search(store, '-everything', { limit: 5 })).rejects.toBeInstanceOf(UserError);
  });
});

describe('search command with hostile input', () => {
  const { run, store: commandStore } = harness();
  const hostile = [
    '"',
    '*',
    'NEAR(',
    ')',
    "'; DROP TABLE papers; --",
    'x'.repeat(10_000),
    'diffusion '.repeat(1200),
    '🎉 emoji',
    '🎉',
    '(((',
    'a:b:c',
    '--limit',
    '-',
    '"unterminated phrase',
    'title:',
    'NOT AND OR',
    '^diffusion',
    '{title}: x',
    '\u0000\u001b[2J diffusion',
  ];

  it.each(hostile.map((q) => [q.slice(0, 30), q]))('“%s” gives results or a clear message, never a crash', async (_label, query) => {
    const reply = await run(`search ${query}`);
    const text = textOf(reply);
    expect(text).not.toMatch(/Something went wrong/);
    expect(text.length).toBeGreaterThan(0);
    if (reply.tone === 'error') expect(text).toMatch(/search|query|date|word|not|Usage/i);
    expect(commandStore.papers.count()).toBe(7);
  });

  it('finds papers despite junk around the words', async () => {
    expect(titles(await run('search 🎉 "diffusion" ***'))).toContain('Diffusion Transformers for Video Generation');
    expect(titles(await run('search NEAR(agents, 5)'))).toEqual([]);
  });

  it('says why a query is not understood', async () => {
    const reply = await run('search -survey');
    expect(reply.tone).toBe('error');
    expect(textOf(reply)).toMatch(/only says what to leave out/);
  });
});
