import { formatDay } from '../src/core/dates.ts';
import { commandHint } from '../src/core/hints.ts';
import { settingsReply, subscriptionFields } from '../src/core/subscription.ts';
import { weeklyField } from '../src/core/weekly-subscription.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import type { Field } from '../src/message/model.ts';

export default defineCommand({
  name: 'settings',
  aliases: ['usage'],
  description: "This channel's digest settings, the LLM in use and its token usage",
  options: {},
  examples: ['settings', 'usage'],
  visibility: 'ephemeral',
  async run(_args, { services, channel }) {
    const { store, llm } = services;
    const subscription = store.subscriptions.get(channel);
    const hint = (text: string) => `“${commandHint(channel.platform, services.rootCommand, text)}”`;
    const usage = llm.usage();
    const latest = store.digestQueries.latestListingDate();
    const fields: Field[] = [
      ...(subscription ? subscriptionFields(subscription) : [{ label: 'Daily digest', value: 'not subscribed' }]),
      weeklyField(store.weekly.get(channel), subscription?.topics),
      {
        label: 'LLM',
        value:
          llm.mode === 'offline'
            ? 'none: offline summaries and comparisons from the abstracts (set OPENAI_API_KEY to use a model)'
            : `${llm.model} (OpenAI-compatible API)`,
      },
      {
        label: 'LLM usage',
        value:
          usage.length === 0
            ? 'no calls yet'
            : usage
                .map((u) => `${u.model}: ${u.calls} calls, ${u.promptTokens} prompt + ${u.completionTokens} completion tokens`)
                .join('\n'),
      },
      { label: 'Papers known', value: `${store.papers.count()}${latest ? `; latest listing ${formatDay(latest)}` : ''}` },
    ];
    const change = subscription
      ? `Change with ${hint('subscribe size:5 days:daily')}.`
      : `Start a daily digest with ${hint('subscribe 09:00 Europe/Berlin')}.`;
    return settingsReply('Settings for this channel', fields, change);
  },
});
