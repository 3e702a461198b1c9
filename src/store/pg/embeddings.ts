/** Paper embeddings per model on PostgreSQL (bytea, little-endian float32), as ../embeddings.ts keeps them on SQLite. */
import type { Async } from '../async.ts';
import type { EmbeddingRepo, StoredEmbedding } from '../embeddings.ts';
import type { PgPool } from './db.ts';

export class PgEmbeddingRepo implements Async<EmbeddingRepo> {
  private readonly pool: PgPool;
  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async get(model: string, paperIds: readonly number[]): Promise<Map<number, StoredEmbedding>> {
    const found = new Map<number, StoredEmbedding>();
    if (paperIds.length === 0) return found;
    const { rows } = await this.pool.query<{ paper_id: number; text_hash: string; vector: Buffer }>(
      'SELECT paper_id, text_hash, vector FROM paper_embeddings WHERE model = $1 AND paper_id = ANY($2::int[])',
      [model, [...new Set(paperIds)]],
    );
    const byId = new Map(rows.map((row) => [row.paper_id, row]));
    // In the order asked, as SQLite answers.
    for (const id of paperIds) {
      const row = byId.get(id);
      if (!row || found.has(id)) continue;
      // A copy: the buffer's bytes may not start on a 4-byte boundary.
      found.set(id, { paperId: id, textHash: row.text_hash, vector: new Float32Array(Uint8Array.from(row.vector).buffer) });
    }
    return found;
  }

  async put(model: string, entries: readonly StoredEmbedding[]): Promise<void> {
    if (entries.length === 0) return;
    // The last entry of a paper wins, as SQLite's successive upserts leave it; one statement may not update a row twice.
    const last = new Map(entries.map((e) => [e.paperId, e]));
    const list = [...last.values()];
    await this.pool.query(
      `INSERT INTO paper_embeddings (paper_id, model, text_hash, vector, created_at)
         SELECT t.id, $1, t.hash, t.vector, $5 FROM unnest($2::int[], $3::text[], $4::bytea[]) AS t(id, hash, vector)
       ON CONFLICT (paper_id, model) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector, created_at = excluded.created_at`,
      [
        model,
        list.map((e) => e.paperId),
        list.map((e) => e.textHash),
        list.map((e) => Buffer.from(e.vector.buffer, e.vector.byteOffset, e.vector.byteLength)),
        new Date().toISOString(),
      ],
    );
  }

  async count(model: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM paper_embeddings WHERE model = $1', [model]);
    return rows[0]!.n;
  }
}
