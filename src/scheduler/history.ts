/** `digest history`: a channel's last digests and what became of each. */
import { formatDay } from '../core/dates.ts';
import { plural } from '../core/hints.ts';
import { notice } from '../message/build.ts';
import type { Block, Reply } from '../message/model.ts';
import type { ChannelRef } from '../platforms/types.ts';
import type { DigestRecord } from '../store/digests.ts';
import type { Store } from '../store/store.ts';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function clockTime(iso: string | null, timeZone: string): string {
  if (!iso) return '?';
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function describe(record: DigestRecord, timeZone: string): string {
  const at = (iso: string | null) => `${clockTime(iso, timeZone)} ${timeZone}`;
  switch (record.state) {
    case 'posted':
      return `posted at ${at(record.updatedAt)}, ${plural(record.paperIds.length, 'paper')}${record.attempts > 1 ? ` (attempt ${record.attempts})` : ''}`;
    case 'skipped':
      return `not posted: ${record.note ?? 'nothing new'}`;
    case 'missed':
      return `missed: ${record.note ?? 'paperboy was not running'}`;
    case 'failed':
      return `failed after ${plural(record.attempts, 'attempt')}, last at ${at(record.updatedAt)}: ${record.error ?? 'unknown error'}`;
    case 'claimed':
      return `being posted since ${at(record.claimedAt)} (attempt ${record.attempts})`;
  }
}

/** The channel's last `limit` digests, newest first, as a neutral reply. Times are in the channel's time zone. */
export function digestHistory(store: Store, channel: ChannelRef, limit = 10): Reply {
  const subscription = store.subscriptions.get(channel);
  const timeZone = subscription?.timezone ?? 'UTC';
  const records = store.digests.history(channel, limit);
  const schedule = subscription
    ? `Subscribed: ${subscription.time} ${subscription.timezone} on ${subscription.days.map((d) => DAY_NAMES[d]).join(', ')}.`
    : 'This channel is not subscribed to the daily digest.';
  if (records.length === 0) return notice('No digests yet in this channel.', schedule);
  const lines = records.map((r) => `${formatDay(r.date)}: ${describe(r, timeZone)}`);
  const blocks: Block[] = [
    { type: 'header', text: 'Digest history' },
    { type: 'text', text: lines.join('\n') },
    { type: 'note', text: schedule },
  ];
  return { blocks, fallback: ['Digest history', ...lines, schedule].join('\n') };
}
