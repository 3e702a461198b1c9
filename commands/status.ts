import { formatDay } from '../src/core/dates.ts';
import { plural } from '../src/core/hints.ts';
import { defineCommand } from '../src/dispatch/define.ts';
import { nextDigestAt } from '../src/scheduler/next-digest.ts';
import { localDate } from '../src/scheduler/schedule.ts';

const clock = (at: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

export default defineCommand({
  name: 'status',
  description: "Each source's last fetch, its result and paper count, and this channel's next digest",
  options: {},
  examples: ['status'],
  visibility: 'ephemeral',
  async run(_args, { services, channel, now }) {
    const sub = await services.store.subscriptions.get(channel);
    const timeZone = sub?.timezone ?? 'UTC';
    const when = (at: Date) => `${formatDay(localDate(at, timeZone))} ${clock(at, timeZone)} ${timeZone}`;
    const fetches = await services.store.digestQueries.lastFetches();
    const sources =
      fetches.length === 0
        ? ['No source has been fetched yet: the scheduler fetches before each digest.']
        : fetches.map(
            (f) => `${f.source}: ${f.result} at ${when(new Date(f.fetchedAt))}, ${plural(f.papers, 'paper')} (${f.newPapers} new)`,
          );
    const next = sub ? nextDigestAt(sub, now) : undefined;
    const digest = !sub
      ? 'This channel is not subscribed to the daily digest.'
      : next
        ? `Next digest: ${when(next)}.`
        : 'This channel’s schedule has no digest days.';
    return {
      blocks: [
        { type: 'header', text: 'Status' },
        { type: 'text', text: sources.join('\n') },
        { type: 'note', text: digest },
      ],
      fallback: ['Status', ...sources, digest].join('\n'),
    };
  },
});
