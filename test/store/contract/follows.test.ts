import { expect, it } from 'vitest';
import type { Follow } from '../../../src/store/follows.ts';
import { addPapers, reposOf } from './repos.ts';
import { describeContract } from './stores.ts';

const C1 = { platform: 'slack' as const, id: 'C1' };
const context = { coauthors: ['pieter abbeel'], orgs: ['nvidia'], categories: ['cs.RO'], papers: 2 };
const lecun: Follow = { kind: 'author', name: 'Yann LeCun', key: 'yann lecun', context };
const nvidia: Follow = { kind: 'org', name: 'NVIDIA', key: 'nvidia', context: { coauthors: [], orgs: [], categories: [], papers: 0 } };

describeContract('follow store contract', (open) => {
  it('GIVEN follows THEN a repeat changes nothing, they list oldest first with their context, per channel, and go when removed', async () => {
    const store = await open();
    const { follows } = reposOf(store);
    expect(await follows.add(C1, nvidia, new Date('2026-06-12T09:00:00Z'))).toBe(true);
    expect(await follows.add(C1, lecun, new Date('2026-06-12T08:00:00Z'))).toBe(true);
    expect(await follows.add(C1, { ...lecun, name: 'yann lecun' }, new Date('2026-06-12T10:00:00Z'))).toBe(false);
    expect(await follows.add({ ...C1, id: 'C2' }, lecun)).toBe(true);
    expect(await follows.ofChannel(C1)).toEqual([lecun, nvidia]);
    expect(await follows.remove(C1, 'org', 'nvidia')).toBe(true);
    expect(await follows.remove(C1, 'org', 'nvidia')).toBe(false);
    expect(await follows.remove(C1, 'org', 'yann lecun')).toBe(false);
    expect(await follows.ofChannel(C1)).toEqual([lecun]);
    expect(await follows.ofChannel({ platform: 'discord', id: 'C1' })).toEqual([]);
  });

  it('GIVEN papers THEN papersWithAuthorWord finds a word or name among authors only, newest first, folded, up to the limit', async () => {
    const store = await open();
    const { follows } = reposOf(store);
    const [a, b, c, d] = await addPapers(store, [
      { title: 'A', arxivId: '2606.00001', authors: ['Yann LeCun', 'Léon Bottou'] },
      { title: 'B', arxivId: '2606.00002', authors: ['Pieter Abbeel'], abstract: 'As LeCun argued, Bottou too.' },
      {
        title: 'C',
        arxivId: '2606.00003',
        authors: ['Yann Dauphin', 'Leon Bottou'],
        organization: { slug: 'lecun-lab', name: 'LeCun Lab' },
      },
      { title: 'LeCun', arxivId: '2606.00004', authors: ['Lecun Yann'] },
    ]);
    expect(await follows.papersWithAuthorWord('lecun')).toEqual([d, a]);
    expect(await follows.papersWithAuthorWord('Bottou')).toEqual([c, a]);
    expect(await follows.papersWithAuthorWord('leon')).toEqual([c, a]);
    expect(await follows.papersWithAuthorWord('yann lecun')).toEqual([a]);
    expect(await follows.papersWithAuthorWord('lecun', 1)).toEqual([d]);
    expect(await follows.papersWithAuthorWord('abbeel')).toEqual([b]);
    expect(await follows.papersWithAuthorWord('nobody')).toEqual([]);
    expect(await follows.papersWithAuthorWord('  ')).toEqual([]);
    expect(await follows.papersWithAuthorWord('"')).toEqual([]);
  });
});

describeContract('embedding store contract', (open) => {
  it('GIVEN embeddings THEN they come back bit for bit per model, a later put replaces one, and missing papers are absent', async () => {
    const store = await open();
    const { embeddings } = reposOf(store);
    const [a, b, c] = await addPapers(store, [
      { title: 'A', arxivId: '2606.00001' },
      { title: 'B', arxivId: '2606.00002' },
      { title: 'C', arxivId: '2606.00003' },
    ]);
    const backing = new Float32Array([9, 0.1, -2.5, 1e-30, 3]);
    // A view not starting at its buffer's start: only its own bytes are stored.
    const offset = new Float32Array(backing.buffer, 4, 3);
    await embeddings.put('m1', [
      { paperId: a!, textHash: 'h1', vector: offset },
      { paperId: b!, textHash: 'h2', vector: new Float32Array([1, 2]) },
    ]);
    await embeddings.put('m2', [{ paperId: a!, textHash: 'x', vector: new Float32Array([7]) }]);
    await embeddings.put('m1', [{ paperId: b!, textHash: 'h3', vector: new Float32Array([4, 5]) }]);
    await embeddings.put('m1', []);
    const got = await embeddings.get('m1', [c!, b!, a!, 999]);
    expect([...got.keys()]).toEqual([b, a]);
    expect(got.get(a!)).toEqual({ paperId: a, textHash: 'h1', vector: new Float32Array([0.1, -2.5, 1e-30]) });
    expect(got.get(b!)).toEqual({ paperId: b, textHash: 'h3', vector: new Float32Array([4, 5]) });
    expect(await embeddings.get('m1', [])).toEqual(new Map());
    expect(await embeddings.count('m1')).toBe(2);
    expect(await embeddings.count('m2')).toBe(1);
    expect(await embeddings.count('none')).toBe(0);
  });
});
