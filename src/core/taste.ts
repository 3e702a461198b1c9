/**
 * A channel's taste, learned offline from its feedback: tf-idf vectors of title and abstract, with document
 * frequencies from the store's own FTS5 vocabulary. The profile is the liked papers' vectors minus the disliked
 * ones (saves count half); a paper's taste is its cosine with the profile, -1 to 1. Only this channel's feedback
 * is read, so nothing done in one channel moves another's ranking.
 */
import type { TasteMode } from '../store/feedback.ts';
import type { StoreApi } from '../store/api.ts';
import type { ChatPlatform, Paper } from '../store/types.ts';

export type Vector = ReadonlyMap<string, number>;

/** A save says less than a like. */
export const SAVE_WEIGHT = 0.5;
/** A summary or comparison asked for here: a quarter of a like (issue 19's weaker signals). */
export const ASKED_WEIGHT = 0.25;
const TITLE_REPEAT = 2;

/** Words as FTS5's unicode61 tokenizer (remove_diacritics 2) cuts them, so they meet its vocabulary. */
export function terms(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 1 && t.length < 40);
}

const termCounts = (paper: Paper): Map<string, number> => {
  const counts = new Map<string, number>();
  const add = (t: string, n: number) => counts.set(t, (counts.get(t) ?? 0) + n);
  for (const t of terms(paper.title)) add(t, TITLE_REPEAT);
  for (const t of terms(paper.abstract.slice(0, ABSTRACT_MAX))) add(t, 1);
  return counts;
};

/** Turns papers into unit tf-idf vectors; document frequencies are read once per term and kept. */
/** Document frequencies per store, kept while its number of papers stays the same (an ingest changes it). */
const shared = new WeakMap<StoreApi, { docs: number; df: Map<string, number> }>();
/** Papers vectorised between two yields to the event loop: a few milliseconds of work. */
const CHUNK = 10;
const TERMS_PER_LOOKUP = 100;
/** An abstract past this is not one (a broken feed): the rest is not read. */
const ABSTRACT_MAX = 20_000;
/** `related` looks among the papers sharing the paper's most telling words, best bm25 first. */
const TELLING_TERMS = 12;
const RELATED_CANDIDATES = 150;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Turns papers into unit vectors: tf-idf here, or embeddings (embeddings.ts). prepare() reads the store; the rest does not. */
export interface PaperVectors {
  prepare(papers: readonly Paper[]): Promise<void>;
  vectors(papers: readonly Paper[]): Map<number, Vector>;
  vector(paper: Paper): Vector;
}

type Frequencies = { docs: number; df: Map<string, number> };

export class Vectorizer implements PaperVectors {
  private readonly store: StoreApi;
  private readonly cache = new Map<number, Vector>();
  /** The frequencies the last prepare() read: a paper not prepared is weighed with these. */
  private known: Frequencies = { docs: 0, df: new Map() };

  constructor(store: StoreApi) {
    this.store = store;
  }

  /** Vectorises many papers in small chunks, so that a large digest never stalls the event loop. */
  async prepare(papers: readonly Paper[]): Promise<void> {
    const missing = papers.filter((p) => !this.cache.has(p.id));
    for (let i = 0; i < missing.length; i += CHUNK) {
      const chunk = missing.slice(i, i + CHUNK);
      const known = await this.frequencies();
      const unknown = [...new Set(chunk.flatMap((p) => [...termCounts(p).keys()]))].filter((t) => !known.df.has(t));
      for (let j = 0; j < unknown.length; j += TERMS_PER_LOOKUP) {
        const found = await this.store.feedback.documentFrequencies(unknown.slice(j, j + TERMS_PER_LOOKUP));
        for (const [t, n] of found.df) known.df.set(t, n);
        await yieldToLoop();
      }
      this.vectors(chunk);
      await yieldToLoop();
    }
  }

  private async frequencies(): Promise<Frequencies> {
    const docs = await this.store.papers.count();
    let known = shared.get(this.store);
    if (known?.docs !== docs) shared.set(this.store, (known = { docs, df: new Map() }));
    return (this.known = known);
  }

  vectors(papers: readonly Paper[]): Map<number, Vector> {
    const counts = papers.filter((p) => !this.cache.has(p.id)).map((p) => [p, termCounts(p)] as const);
    const known = this.known;
    const docs = known.docs;
    for (const [paper, c] of counts) {
      const v = new Map<string, number>();
      for (const [t, n] of c) {
        const idf = Math.log((1 + docs) / (1 + (known.df.get(t) ?? 0)));
        if (idf > 0) v.set(t, (1 + Math.log(n)) * idf);
      }
      this.cache.set(paper.id, unit(v));
    }
    return new Map(papers.map((p) => [p.id, this.cache.get(p.id)!]));
  }

  vector(paper: Paper): Vector {
    return this.cache.get(paper.id) ?? this.vectors([paper]).get(paper.id)!;
  }
}

function unit(v: Map<string, number>): Map<string, number> {
  const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0));
  if (norm > 0) for (const [t, x] of v) v.set(t, x / norm);
  return v;
}

export function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let sum = 0;
  for (const [t, x] of small) sum += x * (large.get(t) ?? 0);
  return sum;
}

export type Signal = 'liked' | 'disliked' | 'saved' | 'asked';

/** One paper the channel gave feedback on, with its net weight (likes − dislikes + saves/2). */
export interface Taught {
  readonly paper: Paper;
  readonly weight: number;
  /** Likes − dislikes: 0 when the paper was only saved or asked about. */
  readonly votes: number;
  /** The strongest thing done with it here, for reasons: liked, disliked, saved or asked about. */
  readonly signal: Signal;
  readonly vector: Vector;
}

export interface Taste {
  /** Papers with feedback here; empty: the channel has taught nothing yet. */
  readonly taught: readonly Taught[];
  /** Cosine with the channel's profile, -1 to 1 (0 without feedback). */
  score(paper: Paper): number;
  /** The words the profile leans on most: what the channel seems to like. */
  topTerms(n: number): string[];
  /** Vectorises these papers ahead, yielding to the event loop between chunks; score and nearestLiked are quick after it. */
  prepare(papers: readonly Paper[]): Promise<void>;
  /** The liked (or saved) paper most like this one, and how alike they are. */
  nearestLiked(paper: Paper): { paper: Paper; similarity: number; votes: number; signal: Signal } | undefined;
}

export async function channelTaste(
  store: StoreApi,
  channel: { readonly platform: ChatPlatform; readonly id: string },
  mode: TasteMode = 'boost',
  vectorizer: PaperVectors = new Vectorizer(store),
): Promise<Taste> {
  // Off: the channel keeps its feedback, and its digest ignores it.
  const feedback = mode === 'off' ? [] : await store.feedback.ofChannel(channel);
  const papers = await store.papers.getMany(feedback.map((f) => f.paperId));
  await vectorizer.prepare(papers);
  const vectors = vectorizer.vectors(papers);
  const byId = new Map(feedback.map((f) => [f.paperId, f]));
  const taught = papers
    .map((paper) => {
      const f = byId.get(paper.id);
      const votes = f ? f.likes - f.dislikes : 0;
      const weight = f ? votes + SAVE_WEIGHT * f.saves + ASKED_WEIGHT * f.asked : 0;
      const signal: Signal = votes > 0 ? 'liked' : votes < 0 ? 'disliked' : f && f.saves > 0 ? 'saved' : 'asked';
      return { paper, weight, votes, signal, vector: vectors.get(paper.id)! };
    })
    .filter((t) => t.weight !== 0);
  const profile = new Map<string, number>();
  for (const { vector, weight } of taught) for (const [t, x] of vector) profile.set(t, (profile.get(t) ?? 0) + weight * x);
  unit(profile);
  return {
    taught,
    score: (paper) => (taught.length === 0 ? 0 : cosine(vectorizer.vector(paper), profile)),
    topTerms: (n) =>
      [...profile.entries()]
        .filter(([, x]) => x > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([t]) => t),
    prepare: (candidates) => (taught.length === 0 ? Promise.resolve() : vectorizer.prepare(candidates)),
    nearestLiked(paper) {
      if (taught.length === 0) return undefined;
      const v = vectorizer.vector(paper);
      let best: { paper: Paper; similarity: number; votes: number; signal: Signal } | undefined;
      for (const t of taught) {
        if (t.weight <= 0 || t.paper.id === paper.id) continue;
        const similarity = cosine(v, t.vector);
        if (!best || similarity > best.similarity) best = { paper: t.paper, similarity, votes: t.votes, signal: t.signal };
      }
      return best;
    },
  };
}

export interface Related {
  readonly paper: Paper;
  readonly similarity: number;
  /** The words that make them alike, most telling first. */
  readonly shared: string[];
}

/** "More like this": papers sharing the paper's most telling words (FTS5 finds them), ranked by cosine. */
export async function relatedPapers(store: StoreApi, paper: Paper, limit: number, vectorizer = new Vectorizer(store)): Promise<Related[]> {
  await vectorizer.prepare([paper]);
  const v = vectorizer.vector(paper);
  const telling = [...v.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, TELLING_TERMS)
    .map(([t]) => t);
  const sharing = await store.feedback.sharingTerms(telling, RELATED_CANDIDATES);
  const others = await store.papers.getMany(sharing.filter((id) => id !== paper.id));
  await vectorizer.prepare(others);
  const vectors = vectorizer.vectors(others);
  return others
    .map((other) => {
      const w = vectors.get(other.id)!;
      const [small, large] = v.size <= w.size ? [v, w] : [w, v];
      const shared = [...small.entries()]
        .map(([t, x]) => [t, x * (large.get(t) ?? 0)] as const)
        .filter(([, x]) => x > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([t]) => t);
      return { paper: other, similarity: cosine(v, w), shared };
    })
    .filter((r) => r.similarity > 0)
    .sort((a, b) => b.similarity - a.similarity || b.paper.upvotes - a.paper.upvotes || a.paper.id - b.paper.id)
    .slice(0, limit);
}
