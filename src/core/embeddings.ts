/**
 * Paper vectors from an embeddings model (PAPERBOY_EMBEDDING_MODEL) instead of tf-idf: each paper's title and
 * abstract are embedded once per model and kept in the store, whatever the number of channels that rank it.
 */
import { createHash } from 'node:crypto';
import type { Embedder } from '../llm/types.ts';
import type { Store } from '../store/store.ts';
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

/** Same interface as the tf-idf Vectorizer; prepare() fetches what the store lacks, and throws when the server fails. */
export class EmbeddingVectorizer implements PaperVectors {
  private readonly store: Store;
  private readonly embedder: Embedder;
  private readonly cache = new Map<number, Vector>();

  constructor(store: Store, embedder: Embedder) {
    this.store = store;
    this.embedder = embedder;
  }

  async prepare(papers: readonly Paper[]): Promise<void> {
    const wanted = [...new Map(papers.filter((p) => !this.cache.has(p.id)).map((p) => [p.id, p])).values()];
    const texts = new Map(wanted.map((p) => [p.id, embeddingText(p)]));
    const stored = this.store.embeddings.get(
      this.embedder.model,
      wanted.map((p) => p.id),
    );
    const missing: Paper[] = [];
    for (const paper of wanted) {
      const hit = stored.get(paper.id);
      if (hit && hit.textHash === hashOf(texts.get(paper.id)!)) this.cache.set(paper.id, asVector(hit.vector));
      else missing.push(paper);
    }
    for (let i = 0; i < missing.length; i += EMBED_BATCH) {
      const batch = missing.slice(i, i + EMBED_BATCH);
      const vectors = await this.embedder.embed(batch.map((p) => texts.get(p.id)!));
      const entries = batch.map((p, j) => ({ paperId: p.id, textHash: hashOf(texts.get(p.id)!), vector: vectors[j]! }));
      // Kept even if a later batch fails (the next digest asks only for the rest); a store that cannot be written
      // (read-only, locked too long) still ranks this digest with them.
      await this.store.retryWhileBusy(() => this.store.embeddings.put(this.embedder.model, entries)).catch(() => undefined);
      for (const e of entries) this.cache.set(e.paperId, asVector(e.vector));
      await yieldToLoop();
    }
  }

  vectors(papers: readonly Paper[]): Map<number, Vector> {
    return new Map(papers.map((p) => [p.id, this.vector(p)]));
  }

  /** A paper not prepared has no vector here: it is neither close to nor far from anything. */
  vector(paper: Paper): Vector {
    return this.cache.get(paper.id) ?? EMPTY;
  }
}
