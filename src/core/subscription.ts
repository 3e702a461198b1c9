/** Reading and showing a channel's digest settings: HH:MM, IANA time zones, days of the week. */
import { UserError } from '../errors.ts';
import type { Block, Field, Reply } from '../message/model.ts';
import type { SubscriptionChange } from '../store/channels.ts';
import type { Subscription } from '../store/types.ts';
import { tokenize } from '../dispatch/args.ts';

const DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const TZ_AREAS = /^(?:africa|america|antarctica|arctic|asia|atlantic|australia|europe|indian|pacific|etc|us|canada|brazil|mexico|chile)\//i;
const TIME_HINT = 'Use a 24-hour time such as 09:00 or 17:30 (or 9am, 5pm).';

/** "9:05", "09:05", "9am", "5:30pm" → "HH:MM"; undefined when the token is not meant as a time; throws when it is but is wrong. */
export function parseTime(token: string): string | undefined {
  const match = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)?$/i.exec(token.trim());
  if (!match || (match[2] === undefined && match[3] === undefined)) return undefined;
  let hours = Number(match[1]);
  const minutes = Number(match[2] ?? 0);
  const half = match[3]?.toLowerCase();
  if (half && (hours < 1 || hours > 12)) throw new UserError('bad-args', `“${token}” is not a time.`, TIME_HINT);
  if (half) hours = (hours % 12) + (half === 'pm' ? 12 : 0);
  if (hours > 23 || minutes > 59) throw new UserError('bad-args', `“${token}” is not a time.`, TIME_HINT);
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

export const looksLikeTimeZone = (token: string): boolean => TZ_AREAS.test(token) || /^(?:utc|gmt)$/i.test(token);

/** The canonical IANA name ("europe/paris" → "Europe/Paris"), or a UserError suggesting the closest real one. */
export function resolveTimeZone(name: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    const guess = closestTimeZone(name);
    throw new UserError(
      'bad-args',
      `“${name.slice(0, 60)}” is not a time zone${guess ? `; try ${guess}` : ''}.`,
      'Use an IANA time zone name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.',
    );
  }
}

/** "Paris" → "Europe/Paris": a word that names a time zone's city, for a "did you mean" note. */
export function timeZoneOfCity(word: string): string | undefined {
  const city = `/${word.trim().replace(/\s+/g, '_').toLowerCase()}`;
  return city.length > 2 ? Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase().endsWith(city)) : undefined;
}

function closestTimeZone(name: string): string | undefined {
  const wanted = name.toLowerCase();
  let best: { zone: string; distance: number } | undefined;
  for (const zone of [...Intl.supportedValuesOf('timeZone'), 'UTC']) {
    const distance = editDistance(wanted, zone.toLowerCase());
    if (!best || distance < best.distance) best = { zone, distance };
  }
  return best && best.distance <= Math.max(3, Math.floor(wanted.length / 4)) ? best.zone : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** "weekdays", "daily", "weekends" or "mon,wed,fri" → day numbers (0 = Sunday). */
export function parseDays(text: string): number[] {
  const value = text.trim().toLowerCase();
  if (/^(?:weekdays?|workdays?|mon-fri)$/.test(value)) return [1, 2, 3, 4, 5];
  if (/^(?:daily|every-?day|all)$/.test(value)) return [0, 1, 2, 3, 4, 5, 6];
  if (/^weekends?$/.test(value)) return [0, 6];
  const days = value
    .split(/[\s,;/+]+/)
    .filter(Boolean)
    .map((word) => DAY_NAMES.findIndex((d) => word.length >= 2 && d.toLowerCase().startsWith(word.slice(0, 3))));
  if (days.length === 0 || days.includes(-1)) {
    throw new UserError(
      'bad-args',
      `“${text.slice(0, 40)}” is not a list of days.`,
      'Use weekdays, daily, weekends or days such as mon,wed,fri.',
    );
  }
  return [...new Set(days)].sort((a, b) => a - b);
}

export function formatDays(days: readonly number[]): string {
  const key = [...days].sort((a, b) => a - b).join(',');
  if (key === '1,2,3,4,5') return 'weekdays';
  if (key === '0,1,2,3,4,5,6') return 'every day';
  if (key === '0,6') return 'weekends';
  return days.map((d) => DAY_NAMES[d]).join(', ');
}

export function subscriptionFields(sub: Subscription): Field[] {
  const topics =
    sub.topics.length === 0
      ? 'none: every new paper counts'
      : `${sub.topics.join(', ')} (${sub.topicMode === 'filter' ? 'only papers on these topics' : 'papers on these topics first'})`;
  return [
    { label: 'When', value: `${sub.time} ${sub.timezone}, ${formatDays(sub.days)}` },
    { label: 'Size', value: `up to ${sub.size} papers${sub.minUpvotes > 0 ? `, each with at least ${sub.minUpvotes} upvotes` : ''}` },
    { label: 'Topics', value: topics },
    { label: 'Empty days', value: sub.postWhenEmpty ? 'post a short “nothing new” note' : 'post nothing' },
  ];
}

/** A settings overview: a header, the subscription's fields (and any extra), a closing hint. */
export function settingsReply(title: string, fields: readonly Field[], hint?: string): Reply {
  const blocks: Block[] = [
    { type: 'header', text: title },
    { type: 'fields', fields },
  ];
  if (hint) blocks.push({ type: 'note', text: hint });
  const lines = fields.map((f) => `${f.label}: ${f.value}`);
  return { blocks, fallback: [title, ...lines, hint].filter(Boolean).join('\n') };
}

const MAX_TOPIC_LENGTH = 60;

/** `subscribe`'s free text: a time, a time zone and topics, in any order. */
export function readSchedule(text: string): { change: SubscriptionChange; topics: string[]; notes: string[] } {
  const change: SubscriptionChange = {};
  const topics: string[] = [];
  const notes: string[] = [];
  for (const { value } of tokenize(text)) {
    const time = parseTime(value);
    if (time) change.time = time;
    else if (looksLikeTimeZone(value)) change.timezone = resolveTimeZone(value);
    else {
      if (value.length > MAX_TOPIC_LENGTH)
        throw new UserError('bad-args', `The topic “${value.slice(0, 30)}…” is too long (at most ${MAX_TOPIC_LENGTH} characters).`);
      const zone = !/\s/.test(value) ? timeZoneOfCity(value) : undefined;
      if (zone) notes.push(`“${value}” was taken as a topic; for the time zone write ${zone}.`);
      if (!topics.some((t) => t.toLowerCase() === value.toLowerCase())) topics.push(value);
    }
  }
  return { change, topics, notes };
}
