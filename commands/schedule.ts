import { schedule } from '../src/core/reading-group-sessions.ts';
import { defineCommand } from '../src/dispatch/define.ts';

export default defineCommand({
  name: 'schedule',
  description: 'Reading group: a session on a paper at a day and time, with reminders here',
  options: {
    ref: { type: 'string', description: 'The paper: a number from the shortlist, an arXiv id or "title words"', required: true },
    day: { type: 'string', description: 'today, tomorrow, a weekday (thu) or YYYY-MM-DD', required: true },
    time: { type: 'string', description: 'The local time, e.g. 15:00 or 3pm', required: true },
    remind: { type: 'string', description: 'Reminders before it, e.g. 1d,1h (the default), 2h,15m or none' },
    tz: { type: 'string', description: 'IANA time zone (default: the channel’s digest zone, else UTC)' },
  },
  examples: [
    'schedule 2 thu 15:00',
    'schedule 2 2026-12-10 15:00',
    'schedule 2506.01234 tomorrow 4pm remind:2h',
    'schedule 1 fri 11:00 tz:Europe/Berlin',
  ],
  // The channel sees the session it will be reminded of.
  visibility: 'channel',
  async run(args, ctx) {
    return schedule(ctx, args);
  },
});
