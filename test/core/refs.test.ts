import { describe, expect, it } from 'vitest';
import { rememberOwn, rememberPost, rememberShared } from '../../src/core/lists.ts';
import { arxivIdOf, listNote, resolveRef, resolveRefs, splitRefs } from '../../src/core/refs.ts';
import { UserError } from '../../src/errors.ts';
import { seedStore } from '../commands/harness.ts';

const store = seedStore();
const channel = { platform: 'slack', id: 'C1' } as const;
const idOf = (id: string) => store.papers.getByArxivId(id)!.id;

const userError = async (fn: () => unknown): Promise<UserError> => {
  try {
    await fn();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error thrown');
};

describe('splitRefs', () => {
  it.each([
    ['2 and 5', ['2', '5']],
    ['2,5', ['2', '5']],
    ['2 5', ['2', '5']],
    ['1 vs 3', ['1', '3']],
    ['1 vs. 3 & 4', ['1', '3', '4']],
    ['2506.01234 versus https://arxiv.org/abs/2506.05678v2', ['2506.01234', 'https://arxiv.org/abs/2506.05678v2']],
    ['"Agents that plan" "mamba meets"', ['Agents that plan', 'mamba meets']],
    ['mamba meets attention, 2', ['mamba meets attention', '2']],
  ])('%s', (text, refs) => {
    expect(splitRefs(text)).toEqual(refs);
  });
});

describe('arxivIdOf', () => {
  it.each([
    ['2512.00003', '2512.00003'],
    ['2512.00003v2', '2512.00003'],
    ['arXiv:2512.00003', '2512.00003'],
    ['https://arxiv.org/abs/2512.00003v1', '2512.00003'],
    ['https://arxiv.org/pdf/2512.00003v1.pdf', '2512.00003'],
    ['https://huggingface.co/papers/2512.00003', '2512.00003'],
    ['<https://arxiv.org/abs/2512.00003|arxiv.org/abs/2512.00003>', '2512.00003'],
    ['hep-th/9901001v3', 'hep-th/9901001'],
    ['3', null],
    ['mamba', null],
  ])('%s → %s', (ref, id) => {
    expect(arxivIdOf(ref)).toBe(id);
  });
});

describe('resolveRef', () => {
  it('finds a paper by arXiv id, with a version or as a URL', async () => {
    expect((await resolveRef(store, 'https://arxiv.org/abs/2512.00004v3', { channel })).title).toMatch(/^Mamba Meets Attention/);
  });

  it('resolves numbers against the thread’s list, else the channel’s', async () => {
    store.lists.save(channel, '', [idOf('2512.00001'), idOf('2512.00002')]);
    store.lists.save(channel, '1700000000.0001', [idOf('2512.00005')]);
    expect((await resolveRef(store, '2', { channel })).arxivId).toBe('2512.00002');
    expect((await resolveRef(store, '#1', { channel, threadId: '1700000000.0001' })).arxivId).toBe('2512.00005');
    expect((await resolveRef(store, '2', { channel, threadId: 'thread-without-list' })).arxivId).toBe('2512.00002');
  });

  it('explains a number that is not in the list, or when there is no list', async () => {
    expect((await userError(() => resolveRef(store, '9', { channel }))).message).toMatch(/has 2 papers; there is no number 9/);
    expect((await userError(() => resolveRef(store, '1', { channel: { platform: 'discord', id: 'D9' } }))).message).toMatch(
      /no numbered list here yet/,
    );
  });

  it('finds a paper by a title fragment that matches exactly one', async () => {
    expect((await resolveRef(store, 'mamba meets', { channel })).arxivId).toBe('2512.00004');
  });

  it('lists the matches when a fragment is ambiguous', async () => {
    const error = await userError(() => resolveRef(store, 'diffusion', { channel }));
    expect(error.code).toBe('ambiguous-ref');
    expect(error.message).toMatch(/matches 3 papers/);
    expect(error.message).toContain('Video Diffusion with Sparse Attention (2512.00006)');
  });

  it('says when nothing matches', async () => {
    expect((await userError(() => resolveRef(store, 'quantum gravity', { channel }))).code).toBe('unknown-paper');
    expect((await userError(() => resolveRef(store, '2501.99999', { channel }))).message).toMatch(
      /arXiv:2501.99999 is not among the papers I know/,
    );
  });
});

describe('resolveRefs', () => {
  it('enforces the count and ignores repeats', async () => {
    store.lists.save(channel, '', [idOf('2512.00001'), idOf('2512.00002'), idOf('2512.00003')]);
    expect((await resolveRefs(store, '1 and 3', { channel }, { min: 2, max: 5, what: 'compare' })).map((p) => p.arxivId)).toEqual([
      '2512.00001',
      '2512.00003',
    ]);
    expect((await userError(() => resolveRefs(store, '1 1', { channel }, { min: 2, max: 5, what: 'compare' }))).message).toMatch(
      /at least 2 different papers/,
    );
    expect((await userError(() => resolveRefs(store, '1 2 3 1 2 3', { channel }, { min: 2, max: 5, what: 'compare' }))).message).toMatch(
      /at most 5/,
    );
  });
});

describe('whose list a number refers to (src/core/lists.ts)', () => {
  const room = { platform: 'discord', id: 'R1' } as const;
  const ids = (...arxiv: string[]) => arxiv.map(idOf);

  it('resolves against the asker’s own list first, then the shared one, and says which when they differ', async () => {
    await rememberPost(
      store,
      { channel: room, threadId: 'T1' },
      { paperIds: ids('2512.00001', '2512.00002'), label: 'list “Daily papers”' },
    );
    await rememberOwn(store, { channel: room }, 'ada', { paperIds: ids('2512.00005', '2512.00004'), label: 'search “sparse attention”' });
    expect((await resolveRef(store, '1', { channel: room, userId: 'ada' })).arxivId).toBe('2512.00005');
    expect((await resolveRef(store, '1', { channel: room, userId: 'bob' })).arxivId).toBe('2512.00001');
    expect(await listNote(store, '1 2', { channel: room, userId: 'ada' })).toBe('Papers 1 and 2 of your search “sparse attention”.');
    expect(await listNote(store, '1', { channel: room, userId: 'bob' })).toBeUndefined();
    expect(await listNote(store, 'mamba meets', { channel: room, userId: 'ada' })).toBeUndefined();
    expect((await userError(() => resolveRef(store, '7', { channel: room, userId: 'ada' }))).message).toBe(
      'Your search “sparse attention” has 2 papers; there is no number 7.',
    );
  });

  it('keeps a thread’s first shared list when answers follow in it, and the asker’s own answer is theirs there', async () => {
    const thread = { channel: room, threadId: 'T1' };
    await rememberShared(store, thread, { paperIds: ids('2512.00004'), label: 'search “mamba”' });
    await rememberOwn(store, thread, 'cy', { paperIds: ids('2512.00004'), label: 'search “mamba”' });
    expect((await resolveRef(store, '1', { ...thread, userId: 'bob' })).arxivId).toBe('2512.00001');
    expect((await resolveRef(store, '1', { ...thread, userId: 'cy' })).arxivId).toBe('2512.00004');
    expect(await listNote(store, '1', { ...thread, userId: 'cy' })).toBe('Paper 1 of your search “mamba”.');
  });
});
