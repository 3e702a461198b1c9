import type { Db } from './db.ts';
import type { UsageTotals } from '../llm/types.ts';

export interface LlmCacheEntry {
  key: string;
  task: string;
  model: string;
  promptVersion: string;
  paperIds: number[];
  value: unknown;
}

export interface UsageRow {
  model: string;
  calls: number;
  prompt_tokens: number;
  completion_tokens: number;
}

/** Token counts as stored: whole and never negative. */
export const tokenCount = (n: number): number => Math.max(0, Math.round(n));

export const toUsage = (row: UsageRow): UsageTotals => ({
  model: row.model,
  calls: row.calls,
  promptTokens: row.prompt_tokens,
  completionTokens: row.completion_tokens,
});

/** LLM results keyed by a content hash, and token usage per (UTC day, model). */
export class LlmCacheRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  get(key: string): unknown | undefined {
    const row = this.db.prepare('SELECT value FROM llm_cache WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as unknown) : undefined;
  }

  put(entry: LlmCacheEntry, now: Date = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO llm_cache (key, task, model, prompt_version, paper_ids, value, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, created_at = excluded.created_at`,
      )
      .run(...cacheValues(entry, now));
  }

  /** Counts one call. `day` is YYYY-MM-DD (UTC). */
  addUsage(day: string, model: string, promptTokens: number, completionTokens: number): void {
    this.db
      .prepare(
        `INSERT INTO llm_usage (day, model, calls, prompt_tokens, completion_tokens) VALUES (?, ?, 1, ?, ?)
         ON CONFLICT (day, model) DO UPDATE SET calls = calls + 1,
           prompt_tokens = prompt_tokens + excluded.prompt_tokens,
           completion_tokens = completion_tokens + excluded.completion_tokens`,
      )
      .run(day, model, tokenCount(promptTokens), tokenCount(completionTokens));
  }

  /** Totals per model, over every day or from `sinceDay` (inclusive) on. */
  usage(sinceDay?: string): UsageTotals[] {
    const rows = this.db
      .prepare(
        `SELECT model, SUM(calls) AS calls, SUM(prompt_tokens) AS prompt_tokens, SUM(completion_tokens) AS completion_tokens
         FROM llm_usage WHERE day >= ? GROUP BY model ORDER BY model`,
      )
      .all(sinceDay ?? '') as UsageRow[];
    return rows.map(toUsage);
  }
}

/** An entry's columns in INSERT order (key, task, model, prompt_version, paper_ids, value, created_at), for both engines. */
export const cacheValues = (entry: LlmCacheEntry, now: Date) =>
  [
    entry.key,
    entry.task,
    entry.model,
    entry.promptVersion,
    JSON.stringify(entry.paperIds),
    JSON.stringify(entry.value),
    now.toISOString(),
  ] as const;
