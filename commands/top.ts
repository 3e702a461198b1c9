import { addDays, formatDay, localDay } from '../src/core/dates.ts';
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
    share: SHARE_OPTION,
  },
  examples: ['top', 'top day', 'top month 20', 'top all limit:5'],
  visibility: 'ephemeral',
  async run({ period, limit }, { services, channel, now }) {
    const { store } = services;
    // Periods end at the latest listing, so "top week" is about the newest papers known even when fetching paused.
    const end = store.digestQueries.latestListingDate() ?? localDay(now);
    const range = period === 'all' ? {} : { from: addDays(end, 1 - DAYS[period]), to: end };
    const candidates = store.digestQueries.topInPeriod({ ...range, limit: Math.max(limit * 5, 100) });
    const topics = store.subscriptions.get(channel)?.topics ?? [];
    const papers = rankPapers(candidates, { topics, topicMode: 'tiebreak' }).slice(0, limit);
    const span = period === 'all' ? 'all time' : period === 'day' ? formatDay(end) : `the ${period} to ${formatDay(end)}`;
    if (papers.length === 0) return notice(`No papers for ${span}.`, 'Try “top all”.');
    return paperList(`Top papers — ${span}`, papers, { intro: 'Most upvoted first, then the most recent.' });
  },
});
