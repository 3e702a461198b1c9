import { REF_OPTION, applyFeedback } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'dislike',
  description: 'Tell this channel’s digest you want fewer papers like this one',
  options: { ref: REF_OPTION },
  examples: ['dislike 3', 'dislike 2506.01234'],
  visibility: 'ephemeral',
  async run({ ref }, ctx) {
    return applyFeedback('dislike', ref, ctx);
  },
});
