import { addDays, parseDay } from '../src/core/dates.ts';
import { SHARE_OPTION } from '../src/core/hints.ts';
import { composeRoundup } from '../src/core/roundup.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { localDate, zonedInstant } from '../src/scheduler/schedule.ts';
import { weekWindow } from '../src/scheduler/weekly.ts';

export default defineCommand({
  name: 'roundup',
  aliases: ['weekly'],
  description: "This week's roundup: papers liked, saved and discussed here, the week's top papers, a chart",
  options: {
    date: { type: 'string', description: 'The last day of the week: today, yesterday or YYYY-MM-DD (default today)' },
    share: SHARE_OPTION,
  },
  examples: ['roundup', 'roundup 2025-12-19', 'roundup share'],
  visibility: 'ephemeral',
  async run({ date }, { services, channel, now }) {
    const { store } = services;
    const weekly = await store.weekly.get(channel);
    const daily = await store.subscriptions.get(channel);
    // The channel's own days: the roundup's zone, else the daily digest's.
    const timezone = weekly?.timezone ?? daily?.timezone ?? 'UTC';
    const today = localDate(now, timezone);
    const day = date ? parseDay(date, today) : today;
    const until = day >= today ? now : zonedInstant(addDays(day, 1), '00:00', timezone);
    const { since } = weekWindow(day, timezone, until);
    const topics = weekly && weekly.topics.length > 0 ? weekly.topics : (daily?.topics ?? []);
    const rootCommand = services.rootCommand;
    const composed = await composeRoundup(store, { channel, date: day, since, until, topics, ...(rootCommand ? { rootCommand } : {}) });
    return composed.reply;
  },
});
