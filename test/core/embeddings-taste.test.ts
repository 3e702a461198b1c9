import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeDigest } from '../../src/core/digest.ts';
import { EMBED_BATCH } from '../../src/core/embeddings.ts';
import { explain } from '../../src/core/reasons.ts';
import { DEFAULT_SUBSCRIPTION } from '../../src/store/types.ts';
import { createLogger } from '../../src/log.ts';
import { createSummariser } from '../../src/llm/index.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { Store } from '../../src/store/store.ts';
import { reply, startFakeOpenAI, type FakeOpenAI } from '../fakes/openai.ts';
import { listing, parsed } from '../helpers/papers.ts';

const A = { platform: 'slack' as const, id: 'CA', name: 'a' };
const B = { platform: 'discord' as const, id: 'CB', name: 'b' };
const MODEL = 'fake-embed-64';
const TOPICS = [
  'protein folding structure residues',
  'speech recognition acoustic audio',
  'robot grasping manipulation arm',
  'compiler optimisation register allocation',
  'weather forecasting precipitation climate',
  'music generation melody harmony',
];

let fake: FakeOpenAI;
beforeEach(async () => {
  fake = await startFakeOpenAI();
});
afterEach(async () => {
  await fake.close();
});

const paper = (i: number, topic: string, upvotes: number): ParsedPaper =>
  parsed({
    title: `A study of ${topic} number ${i}`,
    arxivId: `2606.${String(10000 + i)}`,
    upvotes,
    abstract: `We study ${topic} with new methods.`,
  });

/** Yesterday: one paper per topic (and a graph one) to like; today: 70 papers on the topics, and one graph paper with 1 upvote. */
function setup(): { store: Store; lines: string[]; llm: ReturnType<typeof createSummariser> } {
  const store = Store.open(':memory:');
  const before = [...TOPICS.map((t, i) => paper(i, t, 5)), paper(50, 'graph neural networks molecules chemistry', 5)];
  const next = [
    ...Array.from({ length: 70 }, (_, i) => paper(100 + i, TOPICS[i % TOPICS.length]!, 20 + (i % 30))),
    paper(999, 'graph neural networks molecules chemistry', 1),
  ];
  store.papers.ingestListing(listing('hf-json', '2026-06-01', before), 'a', 'a', new Date('2026-06-01T08:00:00Z'));
  store.papers.ingestListing(listing('hf-json', '2026-06-02', next), 'b', 'b', new Date('2026-06-02T08:00:00Z'));
  const lines: string[] = [];
  const log = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  const llm = createSummariser({
    baseURL: fake.url,
    model: 'gpt-4o-mini',
    embeddingModel: MODEL,
    timeoutMs: 2000,
    maxRetries: 0,
    concurrency: 4,
    db: store.db,
    log,
  });
  return { store, lines, llm };
}

const like = (store: Store, channel: { platform: 'slack' | 'discord'; id: string }, arxivId: string) =>
  store.feedback.vote({ platform: channel.platform, channelId: channel.id, userId: 'U1' }, store.papers.getByArxivId(arxivId)!.id, 1);
const embeddingRequests = () => fake.requests.filter((r) => r.path === '/v1/embeddings');
const inputsSent = () => embeddingRequests().flatMap((r) => (r.body as { input: string[] }).input);

describe('channel taste over embeddings (PAPERBOY_EMBEDDING_MODEL)', () => {
  it('GIVEN two channels with likes THEN each paper is embedded once, in batches of at most 64, and kept in the store per model', async () => {
    const { store, llm } = setup();
    like(store, A, '2606.10000');
    like(store, B, '2606.10001');
    await composeDigest({ store, llm }, { channel: A, date: '2026-06-02', limit: 5 });
    const afterA = embeddingRequests().length;
    await composeDigest({ store, llm }, { channel: B, date: '2026-06-02', limit: 5 });
    await composeDigest({ store, llm }, { channel: A, date: '2026-06-02', limit: 5 });

    const sent = inputsSent();
    expect(new Set(sent).size).toBe(sent.length);
    // 71 new papers and the two liked ones: 73 texts, every one sent once.
    expect(sent).toHaveLength(73);
    // A: its liked paper, then 71 candidates in two batches; B: only its liked paper; A again: nothing.
    expect(afterA).toBe(3);
    expect(embeddingRequests().length).toBe(4);
    for (const r of embeddingRequests()) {
      expect((r.body as { input: string[]; model: string }).input.length).toBeLessThanOrEqual(EMBED_BATCH);
      expect((r.body as { model: string }).model).toBe(MODEL);
    }
    expect(store.embeddings.count(MODEL)).toBe(73);
    store.close();
  });

  it('GIVEN two channels composing their digests at the same time THEN a paper is still embedded once', async () => {
    const { store, llm } = setup();
    like(store, A, '2606.10000');
    like(store, B, '2606.10000');
    const digests = await Promise.all([A, B].map((channel) => composeDigest({ store, llm }, { channel, date: '2026-06-02', limit: 5 })));
    const sent = inputsSent();
    expect(sent).toHaveLength(72);
    expect(new Set(sent).size).toBe(72);
    expect(digests[0]!.papers.map((p) => p.id)).toEqual(digests[1]!.papers.map((p) => p.id));
    store.close();
  });

  it('GIVEN a like THEN a similar paper with few upvotes moves up, and its reason names the liked paper', async () => {
    const { store, llm, lines } = setup();
    const plain = await composeDigest({ store, llm }, { channel: A, date: '2026-06-02', limit: 5 });
    expect(plain.papers.map((p) => p.arxivId)).not.toContain('2606.10999');
    like(store, A, '2606.10050');
    const tasted = await composeDigest({ store, llm }, { channel: A, date: '2026-06-02', limit: 5 });
    expect(embeddingRequests().length).toBeGreaterThan(0);
    expect(lines.filter((l) => l.includes('embeddings failed'))).toEqual([]);
    expect(tasted.papers[0]!.arxivId).toBe('2606.10999');
    expect(JSON.stringify(tasted.reply)).toContain('similar to “A study of graph neural networks molecules chemistry number 50”');
    // `why` gives the same reason from the same embeddings, asking the server nothing new.
    const requests = embeddingRequests().length;
    const why = await explain(store, A, store.papers.getByArxivId('2606.10999')!, DEFAULT_SUBSCRIPTION, llm.embedder);
    expect(why.join('\n')).toContain('similar to “A study of graph neural networks molecules chemistry number 50”');
    expect(embeddingRequests().length).toBe(requests);
    store.close();
  });

  it('GIVEN an embeddings endpoint that fails THEN the digest is ranked by tf-idf, as offline, and the failure is logged', async () => {
    const { store, llm, lines } = setup();
    fake.embeddings.failWith = reply.serverError(503);
    like(store, A, '2606.10050');
    like(store, A, '2606.10002');
    const digest = await composeDigest({ store, llm }, { channel: A, date: '2026-06-02', limit: 5 });
    const offline = await composeDigest({ store, llm: new OfflineSummariser('test') }, { channel: A, date: '2026-06-02', limit: 5 });
    expect(embeddingRequests().length).toBeGreaterThan(0);
    expect(digest.papers.map((p) => p.id)).toEqual(offline.papers.map((p) => p.id));
    expect(lines.some((l) => l.includes('embeddings failed, taste uses tf-idf for this digest') && l.includes('503'))).toBe(true);
    expect(store.embeddings.count(MODEL)).toBe(0);
    store.close();
  });
});
