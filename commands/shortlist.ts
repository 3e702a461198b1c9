import { SHARE_OPTION } from '../src/core/hints.ts';
import { shortlist } from '../src/core/reading-group.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'shortlist',
  description: 'Reading group: this week’s candidate papers, ranked by this channel’s votes',
  options: {
    limit: { type: 'integer', description: 'How many papers (1-20)', min: 1, max: 20, default: 10 },
    share: SHARE_OPTION,
  },
  examples: ['shortlist', 'shortlist 5', 'shortlist share'],
  visibility: 'ephemeral',
  async run({ limit }, ctx) {
    return shortlist(ctx, limit);
  },
});
