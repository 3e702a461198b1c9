/** Channels' LLM token budgets, answer languages and daily usage on PostgreSQL: ../budget.ts's BudgetRepo. */
import type { Async } from '../async.ts';
import { nextSettings, toSettings, type BudgetRepo, type ChannelLlmSettings, type SettingsChange } from '../budget.ts';
import type pg from 'pg';
import { inTransaction, type PgPool } from './db.ts';

type Channel = { readonly platform: string; readonly id: string };

/** budget_tokens is bigint, which node-postgres hands over as text. */
type SettingsText = { budget_tokens: string | null; language: string | null };

export class PgBudgetRepo implements Async<BudgetRepo> {
  private readonly pool: PgPool;

  constructor(pool: PgPool) {
    this.pool = pool;
  }

  async settings(channel: Channel): Promise<ChannelLlmSettings> {
    return readSettings(this.pool, channel);
  }

  /** Changes what is given; `null` clears a setting. */
  async update(channel: Channel, change: SettingsChange, now = new Date()): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Two replicas setting the budget and the language at once must each keep the other's change.
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        JSON.stringify(['channel_llm_settings', channel.platform, channel.id]),
      ]);
      const { budget, language } = nextSettings(await readSettings(client, channel), change);
      await client.query(
        `INSERT INTO channel_llm_settings (platform, channel_id, budget_tokens, language, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (platform, channel_id) DO UPDATE SET budget_tokens = excluded.budget_tokens, language = excluded.language,
           updated_at = excluded.updated_at`,
        [channel.platform, channel.id, budget, language, now.toISOString()],
      );
    });
  }

  /** Tokens used on `day` (YYYY-MM-DD, UTC). */
  async used(channel: Channel, day: string): Promise<number> {
    const { rows } = await this.pool.query<{ tokens: string }>(
      'SELECT tokens FROM channel_llm_usage WHERE platform = $1 AND channel_id = $2 AND day = $3',
      [channel.platform, channel.id, day],
    );
    return rows[0] ? Number(rows[0].tokens) : 0;
  }

  async charge(channel: Channel, day: string, tokens: number): Promise<void> {
    if (!(tokens > 0)) return;
    await this.pool.query(
      `INSERT INTO channel_llm_usage (platform, channel_id, day, tokens) VALUES ($1, $2, $3, $4)
       ON CONFLICT (platform, channel_id, day) DO UPDATE SET tokens = channel_llm_usage.tokens + excluded.tokens`,
      [channel.platform, channel.id, day, Math.round(tokens)],
    );
  }
}

async function readSettings(db: PgPool | pg.PoolClient, channel: Channel): Promise<ChannelLlmSettings> {
  const { rows } = await db.query<SettingsText>(
    'SELECT budget_tokens, language FROM channel_llm_settings WHERE platform = $1 AND channel_id = $2',
    [channel.platform, channel.id],
  );
  const row = rows[0];
  return toSettings(row && { budget_tokens: row.budget_tokens === null ? null : Number(row.budget_tokens), language: row.language });
}
