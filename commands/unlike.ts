import { REF_OPTION, applyFeedback } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'unlike',
  description: 'Take back your like or dislike of a paper',
  options: { ref: REF_OPTION },
  examples: ['unlike 3', 'unlike 2506.01234'],
  visibility: 'ephemeral',
  async run({ ref }, ctx) {
    return applyFeedback('unvote', ref, ctx);
  },
});
