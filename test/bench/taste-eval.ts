/**
 * Does a channel's taste help? Every real paper of test/fixtures/{hf,arxiv} and data/listings (relevance.ts reads
 * them), labelled by the hand rules in TOPICS over title, HF ai_keywords and arXiv categories (the abstract is left
 * out, so the labels are not the tf-idf's own words). For each topic and each of SPLITS seeded shuffles: POOL papers
 * are the next day's listing, the rest came before; a channel likes 0, 5, 10, 20 on-topic papers from before
 * (fewer when the topic has fewer), and the real digest (composeDigest, size 5) of the next day is scored by
 * precision@5 for the topic. Upvote-only is the same digest with no feedback (taste weight 0 there).
 * Each with tf-idf, and with embeddings (PAPERBOY_EMBEDDING_MODEL) from the fake OpenAI server through the real
 * openai package: its vectors are hashed bags of words in 64 dimensions, a stand-in for a real model.
 * Also `related`: how often the top 3 of a labelled paper share one of its labels.
 *
 *   npx tsx test/bench/taste-eval.ts        (TASTE_WEIGHT=80 SPLITS=10 try another taste weight, fewer splits)
 */
import { composeDigest } from '../../src/core/digest.ts';
import { WEIGHTS } from '../../src/core/rank.ts';
import { relatedPapers } from '../../src/core/taste.ts';
import { createLogger } from '../../src/log.ts';
import { createSummariser } from '../../src/llm/index.ts';
import { OfflineSummariser } from '../../src/llm/offline.ts';
import type { Embedder } from '../../src/llm/types.ts';
import { openDb } from '../../src/store/db.ts';
import { startFakeOpenAI } from '../fakes/openai.ts';
import type { ChannelRef } from '../../src/platforms/types.ts';
import type { ParsedPaper } from '../../src/sources/types.ts';
import { Store } from '../../src/store/store.ts';
import type { Paper } from '../../src/store/types.ts';
import { realPaperHalves } from './real-papers.ts';

/** The hand labels, written down: a paper is on a topic when its title, ai_keywords or categories match. */
const TOPICS: Record<string, RegExp> = {
  vision: /\b(image|images|video|videos|visual|vision|diffusion|3d|cs\.cv|pixel|render\w*)\b/i,
  agents: /\bagent(s|ic)?\b/i,
  'reinforcement learning': /\b(reinforcement|reward|rl|rlhf|grpo|policy)\b/i,
};
const LIKES = [0, 5, 10, 20];
const SPLITS = Number(process.env.SPLITS ?? 30);
const POOL = 40;
const CHANNEL: ChannelRef = { platform: 'slack', id: 'CEVAL', name: 'eval' };

const labelText = (p: { title: string; keywords?: string[]; categories?: string[] }) =>
  `${p.title}\n${(p.keywords ?? []).join(', ')}\n${(p.categories ?? []).join(' ')}`;
const labelsOf = (p: Paper | ParsedPaper) => Object.keys(TOPICS).filter((t) => TOPICS[t]!.test(labelText(p)));

/** mulberry32: the same shuffles on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const shuffled = <T>(items: readonly T[], rand: () => number): T[] => {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
};

function storeOf(before: ParsedPaper[], next: ParsedPaper[]): Store {
  const store = Store.open(':memory:');
  const listing = (date: string, papers: ParsedPaper[]) => ({ source: 'hf-json' as const, listingDate: date, papers, problems: [] });
  store.papers.ingestListing(listing('2026-06-01', before), 'eval:before', 'a', new Date('2026-06-01T08:00:00Z'));
  store.papers.ingestListing(listing('2026-06-02', next), 'eval:next', 'b', new Date('2026-06-02T08:00:00Z'));
  return store;
}

if (process.env.TASTE_WEIGHT) (WEIGHTS.digest as { taste: number }).taste = Number(process.env.TASTE_WEIGHT);
// Every real paper (both halves of the bench's split): the evaluation needs all of them, none is planted here.
const all = [...realPaperHalves().source, ...realPaperHalves().planted];
/** The offline summariser (the digest's one-liners are not measured here), with the fake server's embeddings. */
class WithEmbeddings extends OfflineSummariser {
  readonly embedder: Embedder;
  constructor(embedder: Embedder) {
    super('evaluation');
    this.embedder = embedder;
  }
}
const fake = await startFakeOpenAI();
const embedder = createSummariser({
  baseURL: fake.url,
  model: 'unused',
  embeddingModel: 'fake-hashed-64',
  timeoutMs: 10_000,
  maxRetries: 0,
  concurrency: 1,
  db: openDb(':memory:'),
  log: createLogger({ level: 'warn' }),
}).embedder!;
const variants = [
  ['tf-idf', new OfflineSummariser('evaluation')],
  ['embeddings', new WithEmbeddings(embedder)],
] as const;
console.log(`${all.length} papers; ${SPLITS} splits of ${POOL} next-day papers; precision@5 of the next day's digest`);
for (const [variant, llm] of variants)
  for (const [topic, rule] of Object.entries(TOPICS)) {
    const onTopic = (p: { title: string; keywords?: string[]; categories?: string[] }) => rule.test(labelText(p));
    const sums = new Map<number, number>(LIKES.map((k) => [k, 0]));
    const used = new Map<number, number>(LIKES.map((k) => [k, 0]));
    for (let split = 0; split < SPLITS; split++) {
      const order = shuffled(all, random(split + 1));
      const next = order.slice(0, POOL);
      const before = order.slice(POOL);
      const store = storeOf(before, next);
      const liked = before
        .filter(onTopic)
        .map((p) => store.papers.getByArxivId(p.arxivId ?? '') ?? store.papers.findByTitle(p.title, 1)[0]!);
      let given = 0;
      for (const k of LIKES) {
        for (; given < Math.min(k, liked.length); given++)
          store.feedback.vote({ platform: CHANNEL.platform, channelId: CHANNEL.id, userId: `U${given}` }, liked[given]!.id, 1);
        const { papers } = await composeDigest({ store, llm }, { channel: CHANNEL, date: '2026-06-02', limit: 5 });
        sums.set(k, sums.get(k)! + papers.filter(onTopic).length / 5);
        used.set(k, used.get(k)! + given);
      }
      store.close();
    }
    const base = all.filter(onTopic).length;
    const line = LIKES.map(
      (k) =>
        `${k === 0 ? 'upvotes only' : `${k} likes`}${k > 0 && used.get(k)! / SPLITS < k ? ` (avg ${(used.get(k)! / SPLITS).toFixed(1)} given)` : ''}: ${(sums.get(k)! / SPLITS).toFixed(2)}`,
    );
    console.log(
      `[${variant}] ${topic} (${base} of ${all.length} papers, base rate ${(base / all.length).toFixed(2)}): ${line.join(' | ')}`,
    );
  }

// related: labelled papers, their top 3 in the whole store; a hit when one shares a label with the paper.
const store = storeOf(all, []);
const labelled = store.papers.getMany(Array.from({ length: all.length }, (_, i) => i + 1)).filter((p) => labelsOf(p).length > 0);
const sample = shuffled(labelled, random(99)).slice(0, 30);
let hits = 0;
let shown = 0;
for (const paper of sample) {
  const mine = new Set(labelsOf(paper));
  for (const r of await relatedPapers(store, paper, 3)) {
    shown++;
    if (labelsOf(r.paper).some((l) => mine.has(l))) hits++;
  }
}
console.log(`related on ${sample.length} labelled papers: ${hits} of ${shown} top-3 results share a label (${(hits / shown).toFixed(2)})`);
store.close();
await fake.close();
