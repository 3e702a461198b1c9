/**
 * A channel's LLM settings: its daily token budget (`settings budget:200k`) and answer language
 * (`settings language:de`). Every summary, comparison and answer asked in a channel goes through
 * channelLlm: past the budget, only cached answers (free) or offline ones; what a call cost is charged once.
 */
import { UserError, errorMessage } from '../errors.ts';
import type { AskOptions, LlmOutcome, Summariser } from '../llm/types.ts';
import type { Logger } from '../log.ts';
import type { Field } from '../message/model.ts';
import type { StoreApi } from '../store/api.ts';
import type { ChatPlatform } from '../store/types.ts';

type Channel = { readonly platform: ChatPlatform; readonly id: string };

const dayOf = (now: Date) => now.toISOString().slice(0, 10);

/** "200k" → 200000, "1.5m" → 1500000, "off"/"none" → null. */
export function parseBudget(text: string): number | null {
  const raw = text
    .trim()
    .toLowerCase()
    .replace(/[_,\s]/g, '');
  if (/^(?:off|none|unlimited|no)$/.test(raw)) return null;
  const match = /^(\d+(?:\.\d+)?)([km]?)(?:tokens?)?$/.exec(raw);
  const tokens = match ? Math.round(Number(match[1]) * (match[2] === 'm' ? 1e6 : match[2] === 'k' ? 1e3 : 1)) : NaN;
  if (!Number.isFinite(tokens) || tokens < 1000 || tokens > 1e9)
    throw new UserError(
      'bad-args',
      `“${text.slice(0, 20)}” is not a daily token budget.`,
      'Write it like budget:200k or budget:1m (at least 1k), or budget:off.',
    );
  return tokens;
}

/** "de", "pt-BR" → as given (a language tag); "off" → null. */
export function parseLanguage(text: string): string | null {
  const raw = text.trim();
  if (/^(?:off|none|default)$/i.test(raw)) return null;
  if (!/^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$/i.test(raw))
    throw new UserError(
      'bad-args',
      `“${raw.slice(0, 20)}” is not a language code.`,
      'Use a code such as language:de, language:fr or language:pt-BR, or language:off.',
    );
  const [lang, region] = raw.split('-');
  return region ? `${lang!.toLowerCase()}-${region.length === 2 ? region.toUpperCase() : region}` : lang!.toLowerCase();
}

export const formatTokens = (n: number) => (n >= 1e6 ? `${+(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${+(n / 1e3).toFixed(1)}k` : String(n));

/** The model in use and its token usage over every channel (the `settings` lines before the budget). */
export async function llmUsageFields(llm: Pick<Summariser, 'mode' | 'model' | 'usage'>): Promise<Field[]> {
  const usage = await llm.usage();
  const model =
    llm.mode === 'offline'
      ? 'none: offline summaries and comparisons from the abstracts (set OPENAI_API_KEY to use a model)'
      : `${llm.model} (OpenAI-compatible API)`;
  const used =
    usage.length === 0
      ? 'no calls yet'
      : usage.map((u) => `${u.model}: ${u.calls} calls, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens`).join('\n');
  return [
    { label: 'LLM', value: model },
    { label: 'LLM usage', value: used },
  ];
}

/** The budget and language lines of `settings`, with today's usage. */
export async function llmSettingsFields(store: StoreApi, channel: Channel, llm: Pick<Summariser, 'mode'>, now: Date): Promise<Field[]> {
  const { budgetTokens, language } = await store.budget.settings(channel);
  const used = await store.budget.used(channel, dayOf(now));
  const budget = budgetTokens === undefined ? 'no limit' : `${formatTokens(budgetTokens)} tokens a day`;
  const lang = language
    ? `${language}${llm.mode === 'offline' ? " (no LLM: offline answers stay in the papers' language)" : ''}`
    : "the model's default";
  return [
    { label: 'Token budget', value: `${budget}; used today (UTC): ${formatTokens(used)}` },
    { label: 'Answer language', value: lang },
  ];
}

/** Applies `budget:` and `language:` options; the sentence saying what changed, or undefined when neither was given. */
export async function changeLlmSettings(
  store: StoreApi,
  channel: Channel,
  change: { budget?: string; language?: string },
  now: Date,
): Promise<string | undefined> {
  if (change.budget === undefined && change.language === undefined) return undefined;
  const budgetTokens = change.budget === undefined ? undefined : parseBudget(change.budget);
  const language = change.language === undefined ? undefined : parseLanguage(change.language);
  await store.budget.update(
    channel,
    { ...(budgetTokens !== undefined ? { budgetTokens } : {}), ...(language !== undefined ? { language } : {}) },
    now,
  );
  const said: string[] = [];
  if (budgetTokens !== undefined)
    said.push(budgetTokens === null ? 'no daily token budget' : `a daily budget of ${formatTokens(budgetTokens)} tokens`);
  if (language !== undefined) said.push(language === null ? "answers in the model's default language" : `answers in ${language}`);
  return `This channel now has ${said.join(' and ')}.`;
}

/** The summariser as this channel uses it: its language, its budget, its usage charged. */
export function channelLlm(llm: Summariser, store: StoreApi, channel: Channel, now: Date, log: Logger): Summariser {
  const optionsFor = async (asked: AskOptions = {}): Promise<AskOptions> => {
    const { budgetTokens, language } = await store.budget.settings(channel);
    const used = budgetTokens === undefined ? 0 : await store.budget.used(channel, dayOf(now));
    const over =
      budgetTokens !== undefined && used >= budgetTokens
        ? `this channel's daily budget of ${formatTokens(budgetTokens)} tokens is used up until 00:00 UTC`
        : undefined;
    return { ...asked, ...(language ? { language } : {}), ...(over ? { cacheOnly: over } : {}), onUsage: (n) => (spent += n) };
  };
  let spent = 0;
  const charged = async <T>(outcome: Promise<LlmOutcome<T>>, language: string | undefined): Promise<LlmOutcome<T>> => {
    const result = await outcome;
    const tokens = spent;
    spent = 0;
    if (tokens > 0)
      await store
        .retryWhileBusy(() => store.budget.charge(channel, dayOf(now), tokens))
        .catch((error: unknown) => log.warn('could not charge the channel for tokens', { error: errorMessage(error) }));
    return language && result.source === 'offline' ? { ...result, untranslated: true } : result;
  };
  return {
    mode: llm.mode,
    model: llm.model,
    ...(llm.embedder ? { embedder: llm.embedder } : {}),
    usage: () => llm.usage(),
    tldr: (paper, signal) => llm.tldr(paper, signal),
    summarize: async (paper, signal, asked) => {
      const options = await optionsFor(asked);
      return charged(llm.summarize(paper, signal, options), options.language);
    },
    compare: async (papers, signal, asked) => {
      const options = await optionsFor(asked);
      return charged(llm.compare(papers, signal, options), options.language);
    },
    ...(llm.ask
      ? {
          ask: async (question, signal, asked) => {
            const options = await optionsFor(asked);
            return charged(llm.ask!(question, signal, options), options.language);
          },
        }
      : {}),
  };
}
