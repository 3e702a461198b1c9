import { cancel } from '../src/core/reading-group-sessions.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'cancel',
  description: 'Reading group: call off the next session on a paper (its reminders are not posted)',
  aliases: ['unschedule'],
  options: {
    ref: { type: 'string', description: 'The paper: a number from the agenda, an arXiv id or title words', required: true, rest: true },
  },
  examples: ['cancel 1', 'cancel 2506.01234'],
  visibility: 'channel',
  async run({ ref }, ctx) {
    return cancel(ctx, ref);
  },
});
