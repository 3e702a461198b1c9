import { expect, it } from 'vitest';
import { channelTaste, terms } from '../../../src/core/taste.ts';
import type { SharedStore } from '../../../src/store/contract.ts';
import { openSharedStore } from '../../../src/store/open-shared.ts';
import type { Store } from '../../../src/store/store.ts';
import type { Paper } from '../../../src/store/types.ts';
import { listing, parsed } from '../../helpers/papers.ts';
import { addPapers, reposOf } from './repos.ts';
import { describeContract } from './stores.ts';

const KEY = { platform: 'slack' as const, channelId: 'C1', userId: 'U1' };
const C1 = { platform: 'slack' as const, id: 'C1' };
const at = (minute: number) => new Date(Date.UTC(2026, 5, 12, 8, minute));

const PAPERS = [
  { title: 'Self-supervised Diffusion for Robots', arxivId: '2606.00001', abstract: 'Diffusion policies for robot grasping, 3.5x faster.' },
  {
    title: 'Grasping with Diffusion',
    arxivId: '2606.00002',
    abstract: 'We study robot grasping with diffusion models.',
    authors: ['Bernhard Schölkopf'],
  },
  {
    title: 'Language Models Reason',
    arxivId: '2606.00003',
    abstract: 'Large language models reason about mathematics.',
    keywords: ['reasoning'],
  },
  { title: 'Scaling Language Models', arxivId: '2606.00004', abstract: 'Scaling laws for language models and their data.' },
  {
    title: 'Ångström-scale Materials',
    arxivId: '2606.00005',
    abstract: 'Zoë’s materials at the ångström scale; 深度学习 too.',
    organization: { slug: 'mit', name: 'MIT' },
  },
  { title: 'Robot Learning at Scale', arxivId: '2606.00006', abstract: 'Robots learn grasping from large data.' },
];

describeContract('feedback store contract', (open) => {
  it('GIVEN votes and saves THEN each returns what it replaced, a repeat changes nothing, and a channel sees only its own', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    const [a, b] = await addPapers(store, PAPERS.slice(0, 2));
    expect(await feedback.vote(KEY, a!, 1, at(0))).toBe(0);
    expect(await feedback.vote(KEY, a!, 1, at(1))).toBe(1);
    expect(await feedback.vote(KEY, a!, -1, at(2))).toBe(1);
    expect(await feedback.vote(KEY, a!, 0, at(3))).toBe(-1);
    expect(await feedback.vote(KEY, a!, 0, at(4))).toBe(0);
    expect(await feedback.vote(KEY, a!, -1, at(5))).toBe(0);
    expect(await feedback.save(KEY, b!, true, at(6))).toBe(false);
    expect(await feedback.save(KEY, b!, true, at(7))).toBe(true);
    await feedback.vote({ ...KEY, userId: 'U2' }, b!, 1, at(8));
    await feedback.vote({ ...KEY, channelId: 'C2' }, b!, 1, at(8));
    await feedback.recordAsked(C1, 'U1', [b!, b!, a!], at(9));
    await feedback.recordAsked(C1, 'U1', [b!], at(10));
    await feedback.recordAsked(C1, 'U3', [b!], at(10));
    expect(await feedback.ofChannel(C1)).toEqual([
      { paperId: a, likes: 0, dislikes: 1, saves: 0, asked: 1 },
      { paperId: b, likes: 1, dislikes: 0, saves: 1, asked: 2 },
    ]);
    expect(await feedback.ofChannel({ platform: 'discord', id: 'C1' })).toEqual([]);
    expect(await feedback.save(KEY, b!, false, at(11))).toBe(true);
    expect(await feedback.save(KEY, b!, false, at(12))).toBe(false);
    expect((await feedback.ofChannel(C1)).find((f) => f.paperId === b)).toMatchObject({ saves: 0, likes: 1 });
  });

  it('GIVEN saves and likes over time THEN savedBy is newest save first across channels, likedOrSavedSince only recent positives', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    const [a, b, c] = await addPapers(store, PAPERS.slice(0, 3));
    await feedback.save(KEY, a!, true, at(1));
    await feedback.save({ ...KEY, channelId: 'C2' }, b!, true, at(3));
    await feedback.save(KEY, c!, true, at(2));
    await feedback.save({ ...KEY, userId: 'U2' }, a!, true, at(9));
    expect(await feedback.savedBy('slack', 'U1')).toEqual([b, c, a]);
    expect(await feedback.savedBy('slack', 'U1', 2)).toEqual([b, c]);
    expect(await feedback.savedBy('discord', 'U1')).toEqual([]);
    await feedback.vote(KEY, b!, 1, at(4));
    await feedback.vote(KEY, c!, -1, at(5));
    expect(await feedback.likedOrSavedSince(C1, at(2).toISOString())).toEqual([a, b, c]);
    expect(await feedback.likedOrSavedSince(C1, at(6).toISOString())).toEqual([a]);
    expect(await feedback.likedOrSavedSince(C1, at(0).toISOString(), 1)).toEqual([a]);
  });

  it('GIVEN the same vote delivered many times at once THEN exactly one of them finds no vote before it', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    const [a] = await addPapers(store, PAPERS.slice(0, 1));
    const replaced = await Promise.all(Array.from({ length: 6 }, () => feedback.vote(KEY, a!, 1, at(0))));
    expect(replaced.sort()).toEqual([0, 1, 1, 1, 1, 1]);
    const undone = await Promise.all(Array.from({ length: 4 }, () => feedback.vote(KEY, a!, 0, at(1))));
    expect(undone.sort()).toEqual([0, 0, 0, 1]);
  });

  it('GIVEN no setting THEN taste is boost; a setting replaces the last, per channel', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    expect(await feedback.tasteMode(C1)).toBe('boost');
    await feedback.setTasteMode(C1, 'filter', at(1));
    await feedback.setTasteMode(C1, 'off', at(2));
    expect(await feedback.tasteMode(C1)).toBe('off');
    expect(await feedback.tasteMode({ platform: 'discord', id: 'C1' })).toBe('boost');
  });

  it('GIVEN papers THEN document frequencies are the same as FTS5 vocabulary counts, words cut and folded as taste cuts them', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    expect(await feedback.documentFrequencies(['robot'])).toEqual({ docs: 0, df: new Map([['robot', 0]]) });
    await addPapers(store, PAPERS);
    const asked = [
      'robot',
      'grasping',
      'diffusion',
      'self',
      'supervised',
      '3',
      '5',
      '5x',
      'scholkopf',
      'angstrom',
      'zoe',
      'mit',
      'reasoning',
    ];
    const odd = ['深度学习', 'Robot', 'self-supervised', 'language models', '', 'nowhere', 'x'];
    const { docs, df } = await feedback.documentFrequencies([...asked, ...odd]);
    expect(docs).toBe(6);
    expect(Object.fromEntries(df)).toEqual({
      ...{ robot: 3, grasping: 3, diffusion: 2, self: 1, supervised: 1, '3': 1, '5': 0, '5x': 1, scholkopf: 1, angstrom: 1, zoe: 1 },
      ...{ mit: 1, reasoning: 1, 深度学习: 1, Robot: 0, 'self-supervised': 0, 'language models': 0, '': 0, nowhere: 0, x: 0 },
    });
    expect(await feedback.documentFrequencies([])).toEqual({ docs: 6, df: new Map() });
  });

  it('GIVEN a paper whose abstract a later listing repairs THEN its new words count and its old ones count once', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    const paper = (abstract: string) => parsed({ title: 'Tools', arxivId: '2606.00009', abstract });
    await store.papers.ingestListing(listing('hf-text', '2026-06-12', [paper('We present a method for learning…')]), 'a', 'h1');
    const words = ['present', 'learning', 'demonstrations', 'tools'];
    expect((await feedback.documentFrequencies(words)).df).toEqual(new Map(words.map((w) => [w, w === 'demonstrations' ? 0 : 1])));
    const full = 'We present a method for learning to manipulate articulated tools from few demonstrations.';
    expect(await store.papers.ingestListing(listing('hf-json', '2026-06-13', [paper(full)]), 'b', 'h2')).toMatchObject({ updated: 1 });
    expect(await feedback.documentFrequencies(words)).toEqual({ docs: 1, df: new Map(words.map((w) => [w, 1])) });
  });

  it('GIVEN the same papers and votes THEN the channel taste (profile, scores, top words) is the same as on SQLite', async () => {
    const store = await open();
    const reference = await openSharedStore(':memory:');
    try {
      const [mine, theirs] = await Promise.all([tasteOf(store), tasteOf(reference)]);
      expect(mine.top.length).toBeGreaterThan(3);
      expect(mine.top).toEqual(theirs.top);
      expect(mine.taught).toEqual(theirs.taught);
      mine.scores.forEach((score, i) => expect(score).toBeCloseTo(theirs.scores[i]!, 12));
      expect(mine.scores[5]).toBeGreaterThan(mine.scores[3]!);
    } finally {
      await reference.close();
    }
  });

  it('GIVEN telling words THEN papers sharing any of them are found, best match first; no words find nothing', async () => {
    const store = await open();
    const { feedback } = reposOf(store);
    const ids = await addPapers(store, PAPERS);
    const found = await feedback.sharingTerms(['grasping', 'diffusion'], 10);
    expect([...found].sort()).toEqual([ids[0], ids[1], ids[5]].sort());
    expect(found.slice(0, 2).sort()).toEqual([ids[0], ids[1]].sort());
    expect(await feedback.sharingTerms(['grasping', 'diffusion'], 1)).toHaveLength(1);
    expect(await feedback.sharingTerms([], 10)).toEqual([]);
    expect(await feedback.sharingTerms(['nowhere'], 10)).toEqual([]);
  });
});

/** taste.ts on this store's numbers: its feedback and document frequencies read ahead, then answered as the SQLite Store would. */
async function tasteOf(store: SharedStore) {
  const { feedback } = reposOf(store);
  const ids = await addPapers(store, PAPERS);
  await feedback.vote(KEY, ids[0]!, 1, at(1));
  await feedback.vote({ ...KEY, userId: 'U2' }, ids[1]!, 1, at(2));
  await feedback.vote(KEY, ids[2]!, -1, at(3));
  await feedback.save(KEY, ids[4]!, true, at(4));
  await feedback.recordAsked(C1, 'U1', [ids[3]!], at(5));
  const papers = await store.papers.getMany(ids);
  const words = new Set(papers.flatMap((p) => [...terms(p.title), ...terms(p.abstract)]));
  const { docs, df } = await feedback.documentFrequencies(words);
  const given = await feedback.ofChannel(C1);
  const byId = new Map(papers.map((p) => [p.id, p]));
  const ahead = {
    feedback: {
      ofChannel: () => given,
      documentFrequencies: (ts: Iterable<string>) => ({ docs, df: new Map([...ts].map((t) => [t, df.get(t)!])) }),
    },
    papers: { count: () => docs, getMany: (wanted: number[]) => wanted.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])) },
  } as unknown as Store;
  const taste = await channelTaste(ahead, C1);
  await taste.prepare(papers);
  const arxiv = (p: Paper) => p.arxivId;
  return {
    top: taste.topTerms(8),
    taught: taste.taught.map((t) => [arxiv(t.paper), t.weight, t.signal]),
    scores: papers.map((p) => taste.score(p)),
  };
}
