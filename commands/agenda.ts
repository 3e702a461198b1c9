import { SHARE_OPTION } from '../src/core/hints.ts';
import { agenda } from '../src/core/reading-group-sessions.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'agenda',
  description: 'Reading group: the sessions coming up here, with presenters and papers',
  options: {
    limit: { type: 'integer', description: 'How many sessions (1-20)', min: 1, max: 20, default: 10 },
    share: SHARE_OPTION,
  },
  examples: ['agenda', 'agenda 3', 'agenda share'],
  visibility: 'ephemeral',
  async run({ limit }, ctx) {
    return agenda(ctx, limit);
  },
});
