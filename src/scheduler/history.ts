/** `digest history`: a channel's last digests and what became of each. */
import { formatDay } from '../core/dates.ts';
import { plural } from '../core/hints.ts';
import { chatSafe } from '../errors.ts';
import { notice } from '../message/build.ts';
import type { Block, Reply } from '../message/model.ts';
import type { ChannelRef } from '../platforms/types.ts';
import type { DigestRecord } from '../store/digests.ts';
import type { StoreApi } from '../store/api.ts';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function clockTime(iso: string | null, timeZone: string): string {
  if (!iso) return '?';
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

const UNSHOWN = 'the platform could not be reached or refused the post (the log has the details)';

/**
 * A platform's or a network library's own words (status lines, errno codes, API error names, addresses,
 * bodies): the log has them; a channel gets paperboy's sentence instead.
 */
const PLATFORM_TEXT = new RegExp(
  [
    String.raw`\bE[A-Z]{3,}\b`, // errno codes: ECONNREFUSED, ENOTFOUND, ETIMEDOUT
    String.raw`[Ss]ocket hang up|[Ff]etch failed|[Ss]tatus ?[Cc]ode|\bHTTP\b|[Pp]rotocol error|[Rr]equest error`,
    String.raw`\b\w*(?:API)?Error\b`, // DiscordAPIError, HTTPError, AbortError
    String.raw`\b(?:Bad Gateway|Service Unavailable|Internal Server Error|Gateway Time-?out|Too Many Requests)\b`,
    String.raw`\d{1,3}(?:\.\d{1,3}){3}|[{}[\]<>]|\bslack_webapi_\w+`,
  ].join('|'),
);

/**
 * What `history` shows of a recorded failure: paperboy's own line ("I can't post in #x: not_in_channel —
 * invite me …") as is; where a platform's raw text follows it, the lead stays and the text is replaced.
 */
export function failureLine(error: string | null): string {
  if (!error) return 'unknown error';
  const safe = chatSafe(error, UNSHOWN, 300);
  const raw = PLATFORM_TEXT.exec(safe);
  if (!raw) return safe;
  const lead = safe.slice(0, raw.index).lastIndexOf(': ');
  return lead > 0 ? `${safe.slice(0, lead)}: ${UNSHOWN}` : UNSHOWN;
}

function describe(record: DigestRecord, timeZone: string): string {
  const at = (iso: string | null) => `${clockTime(iso, timeZone)} ${timeZone}`;
  switch (record.state) {
    case 'posted':
      return `posted at ${at(record.updatedAt)}, ${plural(record.paperIds.length, 'paper')}${record.attempts > 1 ? ` (attempt ${record.attempts})` : ''}`;
    case 'skipped':
      return `not posted: ${chatSafe(record.note ?? undefined, 'nothing new', 300)}`;
    case 'missed':
      return `missed: ${chatSafe(record.note ?? undefined, 'paperboy was not running', 300)}`;
    case 'failed':
      return `failed after ${plural(record.attempts, 'attempt')}, last at ${at(record.updatedAt)}: ${failureLine(record.error)}`;
    case 'claimed':
      return `being posted since ${at(record.claimedAt)} (attempt ${record.attempts})`;
  }
}

/** The channel's last `limit` digests, newest first, as a neutral reply. Times are in the channel's time zone. */
export async function digestHistory(store: StoreApi, channel: ChannelRef, limit = 10): Promise<Reply> {
  const subscription = await store.subscriptions.get(channel);
  const timeZone = subscription?.timezone ?? 'UTC';
  const records = await store.digests.history(channel, limit);
  const schedule = subscription
    ? `Subscribed: ${subscription.time} ${subscription.timezone} on ${subscription.days.map((d) => DAY_NAMES[d]).join(', ')}.`
    : 'This channel is not subscribed to the daily digest.';
  if (records.length === 0) return notice('No digests yet in this channel.', schedule);
  // A weekly roundup's record is keyed by its ISO week (scheduler/weekly.ts).
  const label = (date: string) => (date.startsWith('week:') ? `Weekly roundup ${date.slice(5)}` : formatDay(date));
  const lines = records.map((r) => `${label(r.date)}: ${describe(r, timeZone)}`);
  const blocks: Block[] = [
    { type: 'header', text: 'Digest history' },
    { type: 'text', text: lines.join('\n') },
    { type: 'note', text: schedule },
  ];
  return { blocks, fallback: ['Digest history', ...lines, schedule].join('\n') };
}
