import { REF_OPTION, applyFeedback } from '../src/core/votes.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'save',
  description: 'Put a paper on your own reading list (only you see it); remove:true takes it off',
  options: {
    ref: REF_OPTION,
    remove: { type: 'boolean', description: 'Take the paper off your reading list', default: false },
  },
  examples: ['save 2', 'save 2506.01234', 'save 2 remove:true'],
  visibility: 'ephemeral',
  async run({ ref, remove }, ctx) {
    return applyFeedback(remove ? 'unsave' : 'save', ref, ctx);
  },
});
