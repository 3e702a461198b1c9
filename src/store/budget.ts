import type { Db } from './db.ts';

export interface ChannelLlmSettings {
  /** Tokens a day; undefined: no limit. */
  readonly budgetTokens?: number;
  /** "de", "fr", …; undefined: the model's default. */
  readonly language?: string;
}

type Channel = { readonly platform: string; readonly id: string };

export type SettingsRow = { budget_tokens: number | null; language: string | null };
export type SettingsChange = { budgetTokens?: number | null; language?: string | null };

export const toSettings = (row: SettingsRow | undefined): ChannelLlmSettings => ({
  ...(row?.budget_tokens != null ? { budgetTokens: row.budget_tokens } : {}),
  ...(row?.language ? { language: row.language } : {}),
});

/** What an update writes: the given settings, the current ones for the rest. */
export const nextSettings = (current: ChannelLlmSettings, change: SettingsChange) => ({
  budget: change.budgetTokens === undefined ? (current.budgetTokens ?? null) : change.budgetTokens,
  language: change.language === undefined ? (current.language ?? null) : change.language,
});

/** Per channel: the LLM's daily token budget and answer language, and the tokens its answers used per UTC day. */
export class BudgetRepo {
  private readonly db: Db;
  constructor(db: Db) {
    this.db = db;
  }

  settings(channel: Channel): ChannelLlmSettings {
    const row = this.db
      .prepare('SELECT budget_tokens, language FROM channel_llm_settings WHERE platform = ? AND channel_id = ?')
      .get(channel.platform, channel.id) as SettingsRow | undefined;
    return toSettings(row);
  }

  /** Changes what is given; `null` clears a setting. */
  update(channel: Channel, change: SettingsChange, now = new Date()): void {
    const { budget, language } = nextSettings(this.settings(channel), change);
    this.db
      .prepare(
        `INSERT INTO channel_llm_settings (platform, channel_id, budget_tokens, language, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel_id) DO UPDATE SET budget_tokens = excluded.budget_tokens, language = excluded.language,
           updated_at = excluded.updated_at`,
      )
      .run(channel.platform, channel.id, budget, language, now.toISOString());
  }

  /** Tokens used on `day` (YYYY-MM-DD, UTC). */
  used(channel: Channel, day: string): number {
    const row = this.db
      .prepare('SELECT tokens FROM channel_llm_usage WHERE platform = ? AND channel_id = ? AND day = ?')
      .get(channel.platform, channel.id, day) as { tokens: number } | undefined;
    return row?.tokens ?? 0;
  }

  charge(channel: Channel, day: string, tokens: number): void {
    if (!(tokens > 0)) return;
    this.db
      .prepare(
        `INSERT INTO channel_llm_usage (platform, channel_id, day, tokens) VALUES (?, ?, ?, ?)
         ON CONFLICT (platform, channel_id, day) DO UPDATE SET tokens = tokens + excluded.tokens`,
      )
      .run(channel.platform, channel.id, day, Math.round(tokens));
  }
}
