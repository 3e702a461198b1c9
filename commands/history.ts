import { defineCommand } from '../src/dispatch/define.ts';
import { digestHistory } from '../src/scheduler/history.ts';

export default defineCommand({
  name: 'history',
  description: "This channel's last digests: posted, skipped, missed or failed, and when",
  options: {
    limit: { type: 'integer', description: 'How many digests (1-30)', min: 1, max: 30, default: 10 },
  },
  examples: ['history', 'history 20', 'history limit:5'],
  visibility: 'ephemeral',
  async run({ limit }, { services, channel }) {
    return digestHistory(services.store, channel, limit);
  },
});
