import { claim } from '../src/core/reading-group.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'claim',
  description: 'Reading group: “I’ll present this” (one presenter per paper in this channel)',
  options: {
    ref: { type: 'string', description: 'The paper: a number from the shortlist, an arXiv id or title words', required: true, rest: true },
  },
  examples: ['claim 2', 'claim 2506.01234'],
  // The channel sees who presents what.
  visibility: 'channel',
  async run({ ref }, ctx) {
    return claim(ctx, ref);
  },
});
