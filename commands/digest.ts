import { localDay, parseDay } from '../src/core/dates.ts';
import { composeDigest } from '../src/core/digest.ts';
import { SHARE_OPTION } from '../src/core/hints.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'digest',
  description: "A day's new papers, ranked and numbered (default: the latest listing)",
  options: {
    date: { type: 'string', description: 'today, yesterday or YYYY-MM-DD (default: the latest listing)' },
    limit: { type: 'integer', description: 'How many papers (1-50; default: the channel’s digest size)', min: 1, max: 50 },
    share: SHARE_OPTION,
  },
  examples: ['digest', 'digest 2025-12-18', 'digest yesterday limit:20', 'digest share'],
  visibility: 'ephemeral',
  async run({ date, limit }, { services, channel, now }) {
    const subscription = await services.store.subscriptions.get(channel);
    const day = date ? parseDay(date, localDay(now, subscription?.timezone)) : undefined;
    const digest = await composeDigest(services, { channel, ...(day ? { date: day } : {}), ...(limit ? { limit } : {}) });
    return digest.reply;
  },
});
