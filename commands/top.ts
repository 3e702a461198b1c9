import { addDays, formatDay, localDay, parseDay } from '../src/core/dates.ts';
import { SHARE_OPTION } from '../src/core/hints.ts';
import { rankPapers } from '../src/core/rank.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { notice, paperList } from '../src/message/build.ts';

const DAYS = { day: 1, week: 7, month: 30 } as const;

export default defineCommand({
  name: 'top',
  description: 'The most upvoted papers of the day, week, month or all time',
  options: {
    period: { type: 'choice', description: 'Which period', choices: ['day', 'week', 'month', 'all'], default: 'week' },
    limit: { type: 'integer', description: 'How many papers (1-50)', min: 1, max: 50, default: 10 },
    date: { type: 'string', description: 'The last day of the period: today, yesterday or YYYY-MM-DD (default today)' },
    share: SHARE_OPTION,
  },
  examples: ['top', 'top day', 'top month 20', 'top week 2025-12-18', 'top all limit:5'],
  visibility: 'ephemeral',
  async run({ period, limit, date }, { services, channel, now }) {
    const { store } = services;
    const subscription = await store.subscriptions.get(channel);
    // Periods count back from today in the channel's time zone (or the day asked for), whatever was ingested last.
    const today = localDay(now, subscription?.timezone);
    const end = date ? parseDay(date, today) : today;
    const range = period === 'all' ? {} : { from: addDays(end, 1 - DAYS[period]), to: end };
    const candidates = await store.digestQueries.topInPeriod({ ...range, limit: Math.max(limit * 5, 100) });
    const papers = rankPapers(candidates, { topics: subscription?.topics ?? [], topicMode: 'tiebreak' }).slice(0, limit);
    const span = period === 'all' ? 'all time' : period === 'day' ? formatDay(end) : `the ${period} to ${formatDay(end)}`;
    if (papers.length === 0) {
      const latest = period === 'all' ? null : await store.digestQueries.latestListingDate();
      const hint = latest ? `The latest listing is from ${formatDay(latest)}: “top ${period} ${latest}”, or “top all”.` : undefined;
      return notice(`No papers for ${span}.`, hint);
    }
    return paperList(`Top papers — ${span}`, papers, { intro: 'Most upvoted first, then the most recent.' });
  },
});
