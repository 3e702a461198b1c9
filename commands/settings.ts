import { changeLlmSettings, llmSettingsFields, llmUsageFields } from '../src/core/ask-budget.ts';
import { formatDay } from '../src/core/dates.ts';
import { commandHint } from '../src/core/hints.ts';
import { settingsReply, subscriptionFields } from '../src/core/subscription.ts';
import { weeklyField } from '../src/core/weekly-subscription.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { withNote } from '../src/core/replies.ts';
import type { Field } from '../src/message/model.ts';

export default defineCommand({
  name: 'settings',
  aliases: ['usage'],
  description: "This channel's digest settings, the LLM in use, its token usage, budget and answer language",
  options: {
    budget: { type: 'string', description: 'Daily LLM token budget for this channel: 200k, 1m or off' },
    language: { type: 'string', description: 'Language the model answers in here: de, fr, pt-BR or off' },
  },
  examples: ['settings', 'usage', 'settings budget:200k', 'settings language:de', 'settings budget:off language:off'],
  visibility: 'ephemeral',
  async run({ budget, language }, { services, channel, now }) {
    const { store, llm } = services;
    const changed = await changeLlmSettings(
      store,
      channel,
      { ...(budget !== undefined ? { budget } : {}), ...(language !== undefined ? { language } : {}) },
      now,
    );
    const subscription = await store.subscriptions.get(channel);
    const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
    const latest = await store.digestQueries.latestListingDate();
    const fields: Field[] = [
      ...(subscription ? subscriptionFields(subscription) : [{ label: 'Daily digest', value: 'not subscribed' }]),
      weeklyField(await store.weekly.get(channel), subscription?.topics),
      ...(await llmUsageFields(llm)),
      ...(await llmSettingsFields(store, channel, llm, now)),
      { label: 'Papers known', value: `${await store.papers.count()}${latest ? `; latest listing ${formatDay(latest)}` : ''}` },
    ];
    const change = subscription
      ? `Change with ${hint('subscribe size:5 days:daily')}.`
      : `Start a daily digest with ${hint('subscribe 09:00 Europe/Berlin')}.`;
    return withNote(
      settingsReply(changed ? `Settings for this channel: ${changed}` : 'Settings for this channel', fields, change),
      undefined,
    );
  },
});
