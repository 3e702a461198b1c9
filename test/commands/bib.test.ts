import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ingestTargets } from '../../src/ingest/ingest.ts';
import { CHANNEL, harness, textOf } from './harness.ts';

const eprints = (text: string): string[] => [...text.matchAll(/eprint = \{([^}]+)\}/g)].map((m) => m[1]!);
const POLICY = { staleAfterMs: 60_000, maxAttempts: 3, retryDelayMs: 0 };

describe('bib', () => {
  it('GIVEN arXiv ids and a list number THEN BibTeX for those papers, UTF-8 names kept, in a reply only the asker sees', async () => {
    const { run } = harness();
    const reply = await run('bib 2512.00007 2512.00001');
    const text = textOf(reply);
    expect(text).toMatch(/^BibTeX for these papers\n@misc\{angstrom2025emoji,\n {2}title = \{Emoji 🎉 Tokenization for Language Models\},/);
    expect(text).toContain('author = {Zoë Ångström}');
    expect(text).toContain('author = {Ada Lovelace and Alan Turing}');
    expect(eprints(text)).toEqual(['2512.00007', '2512.00001']);
    expect(text).toContain('archivePrefix = {arXiv}');
    await run('search diffusion');
    expect(eprints(textOf(await run('bib 1')))).toHaveLength(1);
  });

  it('GIVEN a bad ref THEN a clear error', async () => {
    const { run } = harness();
    const reply = await run('bib 2601.99999');
    expect(reply.tone).toBe('error');
    expect(textOf(reply)).toMatch(/not among the papers I know/);
  });

  it('GIVEN "saved" THEN the asker’s own reading list, nobody else’s', async () => {
    const { run, dispatcher } = harness();
    expect(textOf(await run('bib saved'))).toMatch(/reading list is empty/);
    await run('save 2512.00003');
    expect(eprints(textOf(await run('bib saved')))).toEqual(['2512.00003']);
    const { command, text } = dispatcher.parseText('bib saved');
    const other = await dispatcher.run({ command, input: { text }, channel: CHANNEL, user: { id: 'U2', name: 'bob' } });
    expect(textOf(other)).toMatch(/reading list is empty/);
  });

  it('GIVEN "week" THEN what this channel liked or saved in 7 days, else the week’s digests, else a notice', async () => {
    const { run, store } = harness();
    const id = (arxivId: string) => store.papers.getByArxivId(arxivId)!.id;
    expect(textOf(await run('bib week'))).toMatch(/Nothing was liked, saved or posted/);
    const at = new Date('2025-12-17T08:00:00Z');
    store.digests.claim(CHANNEL, '2025-12-17', 'A', at, POLICY);
    store.digests.recordComposed(CHANNEL, '2025-12-17', 'A', [id('2512.00001'), id('2512.00002')], at, at);
    store.digests.markPosted(CHANNEL, '2025-12-17', 'A', { messageId: 'm', threadId: 'm' }, at);
    expect(eprints(textOf(await run('bib week')))).toEqual(['2512.00001', '2512.00002']);
    const key = { platform: CHANNEL.platform, channelId: CHANNEL.id, userId: 'U9' };
    store.feedback.save(key, id('2512.00004'), true, new Date('2025-12-01T00:00:00Z'));
    store.feedback.vote(key, id('2512.00005'), -1, new Date('2025-12-17T00:00:00Z'));
    expect(eprints(textOf(await run('bib week')))).toEqual(['2512.00001', '2512.00002']);
    store.feedback.vote(key, id('2512.00006'), 1, new Date('2025-12-16T00:00:00Z'));
    store.feedback.save(key, id('2512.00003'), true, new Date('2025-12-17T00:00:00Z'));
    const reply = await run('bib week');
    expect(textOf(reply)).toMatch(/^BibTeX for the papers this channel liked or saved this week/);
    expect(eprints(textOf(reply))).toEqual(['2512.00003', '2512.00006']);
  });

  it('GIVEN more papers than one message holds THEN it says how many were left out and how to ask for them', async () => {
    const { run, store } = harness();
    const arxiv = join(import.meta.dirname, '..', 'fixtures', 'arxiv');
    await ingestTargets(store, [join(arxiv, 'metadata-sample.jsonl'), join(arxiv, 'rss-atom_cs.AI.xml')]);
    const ids = ['0704.0001', 'hep-th/9711200', '2508.13167', '2508.13177', '1912.00466', '2512.00001'];
    const reply = await run(`bib ${ids.join(' ')}`);
    const shown = eprints(textOf(reply));
    expect(shown.length).toBeLessThan(ids.length);
    const left = ids.slice(shown.length);
    expect(reply.blocks.at(-1)).toMatchObject({ type: 'note', text: expect.stringContaining(`${left.length} more entries`) });
    expect(textOf(reply)).toContain(`bib ${left.join(' ')}`);
    // Following the hints, message after message, gives every entry once.
    const all = [...shown];
    for (let next = /bib ([^\n]+)$/.exec(textOf(reply)); next;) {
      const more = textOf(await run(`bib ${next[1]}`));
      all.push(...eprints(more));
      next = /Ask for them with: bib ([^\n]+)$/.exec(more);
    }
    expect(all).toEqual(ids);
  });
});
