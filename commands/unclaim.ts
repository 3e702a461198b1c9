import { unclaim } from '../src/core/reading-group.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'unclaim',
  description: 'Reading group: give back a paper you said you would present',
  options: {
    ref: { type: 'string', description: 'The paper: a number from the shortlist, an arXiv id or title words', required: true, rest: true },
  },
  examples: ['unclaim 2', 'unclaim 2506.01234'],
  visibility: 'channel',
  async run({ ref }, ctx) {
    return unclaim(ctx, ref);
  },
});
