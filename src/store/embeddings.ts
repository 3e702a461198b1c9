import type { Db } from './db.ts';

export interface StoredEmbedding {
  readonly paperId: number;
  readonly textHash: string;
  readonly vector: Float32Array;
}

/** Paper embeddings per model (src/core/embeddings.ts), kept as little-endian float32 blobs. */
export class EmbeddingRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  /** The stored embeddings of these papers for this model; papers without one are absent. */
  get(model: string, paperIds: readonly number[]): Map<number, StoredEmbedding> {
    const found = new Map<number, StoredEmbedding>();
    const select = this.db.prepare('SELECT paper_id, text_hash, vector FROM paper_embeddings WHERE model = ? AND paper_id = ?');
    for (const id of paperIds) {
      const row = select.get(model, id) as { paper_id: number; text_hash: string; vector: Buffer } | undefined;
      if (!row) continue;
      // A copy: the blob's bytes may not start on a 4-byte boundary.
      const vector = new Float32Array(Uint8Array.from(row.vector).buffer);
      found.set(id, { paperId: id, textHash: row.text_hash, vector });
    }
    return found;
  }

  put(model: string, entries: readonly StoredEmbedding[]): void {
    const insert = this.db.prepare(
      `INSERT INTO paper_embeddings (paper_id, model, text_hash, vector, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (paper_id, model) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector, created_at = excluded.created_at`,
    );
    const now = new Date().toISOString();
    this.db.transaction(() => {
      for (const e of entries)
        insert.run(e.paperId, model, e.textHash, Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength), now);
    })();
  }

  count(model: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM paper_embeddings WHERE model = ?').get(model) as { n: number }).n;
  }
}
