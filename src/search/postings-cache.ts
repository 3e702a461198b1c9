/**
 * A search worker's recently used postings, up to a memory budget: a broad word's postings run to
 * megabytes at a million papers, and the same few broad words come back in query after query.
 */
import type { Postings } from './impact-lists.ts';

export class PostingsCache {
  private readonly entries = new Map<string, Postings | null>();
  private bytes = 0;

  private readonly budgetBytes: number;

  constructor(budgetBytes: number) {
    this.budgetBytes = budgetBytes;
  }

  get(term: string, load: () => Postings | null): Postings | null {
    const cached = this.entries.get(term);
    if (cached !== undefined) {
      this.entries.delete(term);
      this.entries.set(term, cached);
      return cached;
    }
    const postings = load();
    this.entries.set(term, postings);
    this.bytes += sizeOf(postings);
    for (const [oldest, value] of this.entries) {
      if (this.bytes <= this.budgetBytes || oldest === term) break;
      this.entries.delete(oldest);
      this.bytes -= sizeOf(value);
    }
    return postings;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }
}

const sizeOf = (postings: Postings | null): number => (postings ? postings.ids.byteLength + postings.weights.byteLength : 0) + 64;
