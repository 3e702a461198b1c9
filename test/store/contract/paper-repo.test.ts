import { expect, it } from 'vitest';
import type { ParsedPaper } from '../../../src/sources/types.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { describeRepos } from './paper-repos.ts';

const byDay = (day: string) => new Date(`${day}T08:00:00Z`);

describeRepos('paper repository contract', (open) => {
  it('GIVEN titles THEN findByTitle finds those with every word, in any case, most upvoted then newest first, up to its limit', async () => {
    const { papers } = await open();
    await papers.ingestListing(
      listing('hf-json', null, [
        parsed({ title: 'Sparse Attention for long documents', arxivId: '2601.00001', upvotes: 3, publishedAt: '2026-01-01' }),
        parsed({ title: 'Attention that is sparse', arxivId: '2601.00002', upvotes: 3, publishedAt: '2026-01-05' }),
        parsed({ title: 'SPARSE ATTENTION, undated', arxivId: '2601.00003', upvotes: 3, publishedAt: null }),
        parsed({ title: 'Sparse attention, most voted', arxivId: '2601.00004', upvotes: 9, publishedAt: '2020-01-01' }),
        parsed({ title: 'Dense attention', arxivId: '2601.00005', upvotes: 50 }),
      ]),
      'a',
      'h',
    );
    const found = async (fragment: string, limit?: number) => (await papers.findByTitle(fragment, limit)).map((p) => p.arxivId);
    expect(await found('sparse  ATTENTION')).toEqual(['2601.00004', '2601.00002', '2601.00001', '2601.00003']);
    expect(await found('sparse attention', 2)).toEqual(['2601.00004', '2601.00002']);
    expect(await found('spar')).toHaveLength(4);
    expect(await found('   ')).toEqual([]);
    expect(await found("attention' OR 1=1 --")).toEqual([]);
    expect(await found('%')).toEqual([]);
  });

  it('GIVEN a bulk file in batches THEN each commits its checkpoint, the last records the listing without links and drops it', async () => {
    const { papers, digest } = await open();
    const batch = (from: number) =>
      Array.from({ length: 3 }, (_, i) =>
        parsed({ title: `Bulk paper ${from + i}`, arxivId: `2601.${String(from + i).padStart(5, '0')}` }),
      );
    const seenAt = byDay('2026-01-02');
    expect(await papers.checkpoint('f')).toBeUndefined();
    const checkpoint = { identity: 'f', origin: 'f.jsonl', offset: 5_000_000_000, line: 3, papers: 3 };
    expect(await papers.ingestBatch(batch(0), 'arxiv-metadata', { seenAt, checkpoint })).toEqual({ new: 3, updated: 0, unchanged: 0 });
    expect(await papers.checkpoint('f')).toEqual(checkpoint);
    const next = { ...checkpoint, offset: 5_000_000_100, line: 6, papers: 6 };
    await papers.ingestBatch([...batch(3), ...batch(0).slice(0, 1)], 'arxiv-metadata', { seenAt, checkpoint: next });
    expect(await papers.checkpoint('f')).toEqual(next);
    const done = { identity: 'f', origin: 'f.jsonl', papers: 7 };
    expect(await papers.ingestBatch(batch(6).slice(0, 1), 'arxiv-metadata', { seenAt, finished: done })).toMatchObject({ new: 1 });
    expect(await papers.checkpoint('f')).toBeUndefined();
    expect(await papers.count()).toBe(7);
    const paper = (await papers.getByArxivId('2601.00000'))!;
    expect(await papers.appearances(paper.id)).toEqual([]);
    expect(paper).toMatchObject({ firstSeenAt: seenAt.toISOString(), lastListedOn: null });
    // The finished file is a listing without a date: no day's digest counts it.
    expect(await digest.latestListingDate()).toBeNull();
    // The same file again: its listing record is refreshed, not doubled, and nothing changes.
    expect(await papers.ingestBatch(batch(0), 'arxiv-metadata', { seenAt, finished: done })).toEqual({ new: 0, updated: 0, unchanged: 3 });
  });

  it('GIVEN a backfill first seen when published THEN new papers date from publication, later ones and known ones do not move', async () => {
    const { papers } = await open();
    const seenAt = byDay('2026-03-01');
    const old = parsed({ title: 'Old', arxivId: '2001.00001', publishedAt: '2020-01-15' });
    const future = parsed({ title: 'Future', arxivId: '2603.00002', publishedAt: '2026-04-01' });
    const undated = parsed({ title: 'Undated', arxivId: '2603.00003' });
    await papers.ingestListing(
      listing('hf-json', '2026-02-01', [parsed({ title: 'Known', arxivId: '2101.00004', publishedAt: '2021-01-01' })]),
      'a',
      'h',
      byDay('2026-02-01'),
    );
    const known = parsed({ title: 'Known', arxivId: '2101.00004', publishedAt: '2021-01-01' });
    await papers.ingestBatch([old, future, undated, known], 'arxiv-metadata', { seenAt, firstSeen: 'published' });
    const seen = async (id: string) => (await papers.getByArxivId(id))!.firstSeenAt;
    expect(await seen('2001.00001')).toBe('2020-01-15T00:00:00.000Z');
    expect(await seen('2603.00002')).toBe(seenAt.toISOString());
    expect(await seen('2603.00003')).toBe(seenAt.toISOString());
    expect(await seen('2101.00004')).toBe(byDay('2026-02-01').toISOString());
  });

  it('GIVEN a bulk session THEN it ends with its undo, and merging the index afterwards comes to an end', async () => {
    const { papers } = await open();
    const end = await papers.bulkSession();
    const many: ParsedPaper[] = Array.from({ length: 300 }, (_, i) =>
      parsed({ title: `Load ${i}`, arxivId: `2602.${String(i).padStart(5, '0')}` }),
    );
    await papers.ingestBatch(many, 'arxiv-metadata', {
      seenAt: byDay('2026-02-02'),
      checkpoint: { identity: 'g', origin: 'g', offset: 1, line: 1, papers: 300 },
    });
    end();
    let steps = 0;
    while ((await papers.mergeIndexStep()) && steps < 1000) steps += 1;
    expect(steps).toBeLessThan(1000);
    expect(await papers.mergeIndexStep()).toBe(false);
    expect(await papers.count()).toBe(300);
  });

  it('GIVEN a discussed paper THEN a merge records its new version, code and upvote mark once; an undiscussed one records nothing', async () => {
    const repos = await open();
    const { papers } = repos;
    const day = (date: string, ps: ParsedPaper[], hash: string) =>
      papers.ingestListing(listing('hf-json', date, ps), `f${hash}`, hash, byDay(date));
    await day(
      '2026-05-01',
      [
        parsed({ title: 'Watched', arxivId: '2605.00001', upvotes: 5, version: 'v1' }),
        parsed({ title: 'Unwatched', arxivId: '2605.00002', upvotes: 5, version: 'v1' }),
      ],
      '1',
    );
    const watched = (await papers.getByArxivId('2605.00001'))!;
    await repos.discussed(watched.id);
    const later = (extra: Partial<ParsedPaper>) => [
      parsed({ title: 'Watched', arxivId: '2605.00001', ...extra }),
      parsed({ title: 'Unwatched', arxivId: '2605.00002', ...extra }),
    ];
    await day('2026-05-02', later({ upvotes: 23, githubRepo: 'https://github.com/a/b', version: 'v2' }), '2');
    // Seen again (and twice in one listing): no new event.
    await day(
      '2026-05-03',
      [...later({ upvotes: 24, githubRepo: 'https://github.com/a/b', version: 'v2' }), ...later({ upvotes: 25 })],
      '3',
    );
    expect(await repos.events(watched.id)).toEqual([
      { kind: 'version', value: 'v2', detail: null, detectedAt: byDay('2026-05-02').toISOString() },
      { kind: 'code', value: 'https://github.com/a/b', detail: null, detectedAt: byDay('2026-05-02').toISOString() },
      { kind: 'upvotes', value: '20', detail: '23', detectedAt: byDay('2026-05-02').toISOString() },
    ]);
    expect(await repos.events((await papers.getByArxivId('2605.00002'))!.id)).toEqual([]);
  });
});
