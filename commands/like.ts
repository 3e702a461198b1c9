import { REF_OPTION, applyFeedback } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'like',
  description: 'Tell this channel’s digest you want more papers like this one',
  options: { ref: REF_OPTION },
  examples: ['like 3', 'like 1 4', 'like 2506.01234'],
  visibility: 'ephemeral',
  async run({ ref }, ctx) {
    return applyFeedback('like', ref, ctx);
  },
});
