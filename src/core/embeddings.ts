/**
 * Paper vectors from an embeddings model (PAPERBOY_EMBEDDING_MODEL) instead of tf-idf: each paper's title and
 * abstract are embedded once per model and kept in the store, whatever the number of channels that rank it.
 */
import { createHash } from 'node:crypto';
import type { Embedder } from '../llm/types.ts';
import type { StoreApi } from '../store/api.ts';
import type { Paper } from '../store/types.ts';
import type { PaperVectors, Vector } from './taste.ts';

/** Texts per /v1/embeddings request. */
export const EMBED_BATCH = 64;
/** What is sent of a paper: its title and the start of its abstract (~1,000 tokens at most). */
export const EMBED_TEXT_MAX = 4_000;
const EMPTY: Vector = new Map();
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export const embeddingText = (paper: Paper): string => `${paper.title}\n\n${paper.abstract}`.slice(0, EMBED_TEXT_MAX);
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);

/** Unit vector as the taste's sparse form (dimension index -> value), so profile and cosine stay the tf-idf ones. */
function asVector(values: Float32Array): Vector {
  const norm = Math.sqrt(values.reduce((s, x) => s + x * x, 0));
  const v = new Map<string, number>();
  if (norm > 0) values.forEach((x, i) => x !== 0 && v.set(String(i), x / norm));
  return v;
}

interface Claim {
  readonly promise: Promise<Float32Array>;
  resolve(vector: Float32Array): void;
  reject(error: unknown): void;
}

function deferred(): Claim {
  let resolve!: (vector: Float32Array) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<Float32Array>((yes, no) => ((resolve = yes), (reject = no)));
  // Nobody may be waiting: a failure is the claimer's to report.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/** Embeddings being fetched, per store, by model, paper and text. */
const flying = new WeakMap<StoreApi, Map<string, Claim>>();
function inFlight(store: StoreApi): Map<string, Claim> {
  let flights = flying.get(store);
  if (!flights) flying.set(store, (flights = new Map()));
  return flights;
}

/** Same interface as the tf-idf Vectorizer; prepare() fetches what the store lacks, and throws when the server fails. */
export class EmbeddingVectorizer implements PaperVectors {
  private readonly store: StoreApi;
  private readonly embedder: Embedder;
  private readonly cache = new Map<number, Vector>();

  constructor(store: StoreApi, embedder: Embedder) {
    this.store = store;
    this.embedder = embedder;
  }

  async prepare(papers: readonly Paper[]): Promise<void> {
    const wanted = [...new Map(papers.filter((p) => !this.cache.has(p.id)).map((p) => [p.id, p])).values()];
    const texts = new Map(wanted.map((p) => [p.id, embeddingText(p)]));
    const stored = await this.store.embeddings.get(
      this.embedder.model,
      wanted.map((p) => p.id),
    );
    const missing: Paper[] = [];
    for (const paper of wanted) {
      const hit = stored.get(paper.id);
      if (hit && hit.textHash === hashOf(texts.get(paper.id)!)) this.cache.set(paper.id, asVector(hit.vector));
      else missing.push(paper);
    }
    // Papers another digest is embedding right now (the scheduler composes several channels at once) are awaited,
    // not asked again; the rest are claimed here before the first request goes out.
    const flights = inFlight(this.store);
    const keyOf = (p: Paper) => `${this.embedder.model}\n${p.id}\n${hashOf(texts.get(p.id)!)}`;
    const theirs = missing.filter((p) => flights.has(keyOf(p))).map((p) => [p.id, flights.get(keyOf(p))!.promise] as const);
    const mine = missing.filter((p) => !flights.has(keyOf(p)));
    const claims = new Map(mine.map((p) => [p.id, deferred()]));
    for (const p of mine) flights.set(keyOf(p), claims.get(p.id)!);
    try {
      for (let i = 0; i < mine.length; i += EMBED_BATCH) {
        const batch = mine.slice(i, i + EMBED_BATCH);
        const vectors = await this.embedder.embed(batch.map((p) => texts.get(p.id)!));
        const entries = batch.map((p, j) => ({ paperId: p.id, textHash: hashOf(texts.get(p.id)!), vector: vectors[j]! }));
        // Kept even if a later batch fails (the next digest asks only for the rest); a store that cannot be written
        // (read-only, locked too long) still ranks this digest with them.
        await this.store.retryWhileBusy(() => this.store.embeddings.put(this.embedder.model, entries)).catch(() => undefined);
        for (const e of entries) {
          this.cache.set(e.paperId, asVector(e.vector));
          claims.get(e.paperId)!.resolve(e.vector);
        }
        await yieldToLoop();
      }
    } catch (error) {
      for (const claim of claims.values()) claim.reject(error);
      throw error;
    } finally {
      for (const p of mine) flights.delete(keyOf(p));
    }
    for (const [id, promise] of theirs) this.cache.set(id, asVector(await promise));
  }

  vectors(papers: readonly Paper[]): Map<number, Vector> {
    return new Map(papers.map((p) => [p.id, this.vector(p)]));
  }

  /** A paper not prepared has no vector here: it is neither close to nor far from anything. */
  vector(paper: Paper): Vector {
    return this.cache.get(paper.id) ?? EMPTY;
  }
}
