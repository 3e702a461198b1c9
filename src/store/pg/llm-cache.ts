/** LLM results and token usage per (UTC day, model) on PostgreSQL: ../llm-cache.ts's LlmCacheRepo. */
import type { UsageTotals } from '../../llm/types.ts';
import type { Async } from '../async.ts';
import { cacheValues, tokenCount, toUsage, type LlmCacheEntry, type LlmCacheRepo } from '../llm-cache.ts';
import type { PgPool } from './db.ts';

/** bigint sums arrive as text (node-postgres keeps every int8 exact); counts stay far below 2^53. */
type UsageSums = { model: string; calls: string; prompt_tokens: string; completion_tokens: string };

export class PgLlmCacheRepo implements Async<LlmCacheRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async get(key: string): Promise<unknown | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM llm_cache WHERE key = $1', [key]);
    return rows[0] ? (JSON.parse(rows[0].value) as unknown) : undefined;
  }

  async put(entry: LlmCacheEntry, now: Date = new Date()): Promise<void> {
    await this.pool.query(
      `INSERT INTO llm_cache (key, task, model, prompt_version, paper_ids, value, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
      [...cacheValues(entry, now)],
    );
  }

  /** Counts one call. `day` is YYYY-MM-DD (UTC). */
  async addUsage(day: string, model: string, promptTokens: number, completionTokens: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO llm_usage (day, model, calls, prompt_tokens, completion_tokens) VALUES ($1, $2, 1, $3, $4)
       ON CONFLICT (day, model) DO UPDATE SET calls = llm_usage.calls + 1,
         prompt_tokens = llm_usage.prompt_tokens + excluded.prompt_tokens,
         completion_tokens = llm_usage.completion_tokens + excluded.completion_tokens`,
      [day, model, tokenCount(promptTokens), tokenCount(completionTokens)],
    );
  }

  /** Totals per model, over every day or from `sinceDay` (inclusive) on. */
  async usage(sinceDay?: string): Promise<UsageTotals[]> {
    const { rows } = await this.pool.query<UsageSums>(
      `SELECT model, SUM(calls) AS calls, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens
       FROM llm_usage WHERE day >= $1 GROUP BY model ORDER BY model`,
      [sinceDay ?? ''],
    );
    return rows.map((row) =>
      toUsage({
        model: row.model,
        calls: Number(row.calls),
        prompt_tokens: Number(row.prompt_tokens),
        completion_tokens: Number(row.completion_tokens),
      }),
    );
  }
}
