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

/**
 * IANA names without a slash: the zones and links of tzdata (its `backward` file included). Intl accepts
 * these and more, but ICU's extras ("IST" = Kolkata, "BST" = Dhaka, "ART") would read topics as zones.
 */
const IANA_PLAIN = [
  'CET', 'CST6CDT', 'EET', 'EST', 'EST5EDT', 'HST', 'MET', 'MST', 'MST7MDT', 'PST8PDT', 'WET',
  'Cuba', 'Egypt', 'Eire', 'GB', 'GB-Eire', 'GMT', 'GMT+0', 'GMT-0', 'GMT0', 'Greenwich', 'Hongkong', 'Iceland', 'Iran', 'Israel',
  'Jamaica', 'Japan', 'Kwajalein', 'Libya', 'NZ', 'NZ-CHAT', 'Navajo', 'PRC', 'Poland', 'Portugal', 'ROC', 'ROK', 'Singapore',
  'Turkey', 'UCT', 'UTC', 'Universal', 'W-SU', 'Zulu',
]; // prettier-ignore

/** Abbreviations people write that are not zone names, and the zone they usually mean. */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', MDT: 'America/Denver', CST: 'America/Chicago', CDT: 'America/Chicago',
  EDT: 'America/New_York', BST: 'Europe/London', IST: 'Asia/Kolkata', CEST: 'CET', EEST: 'EET', WEST: 'WET', MSK: 'Europe/Moscow',
  JST: 'Asia/Tokyo', KST: 'Asia/Seoul', SGT: 'Asia/Singapore', HKT: 'Asia/Hong_Kong', AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney', NZST: 'Pacific/Auckland', NZDT: 'Pacific/Auckland',
}; // prettier-ignore

/** Fixed-offset zones people pick for a city's time, which then misses daylight saving. */
const NO_DST: Readonly<Record<string, string>> = { EST: 'America/New_York', MST: 'America/Denver' };

const accepted = (name: string): string | undefined => {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
};

/**
 * The zone a word names, spelled as IANA does ("cet" → "CET", "europe/paris" → "Europe/Paris"; a link keeps
 * its own name), or undefined when it is not one. A misspelt Area/Location is an error suggesting the closest.
 */
export function timeZoneIn(word: string): string | undefined {
  if (word.includes('/')) {
    const resolved = accepted(word);
    if (resolved) return resolved.toLowerCase() === word.toLowerCase() ? resolved : word;
    return TZ_AREAS.test(word) ? resolveTimeZone(word) : undefined;
  }
  // Abbreviations in any case ("cet"); names that are also words only as spelt ("Japan", not "japan").
  const plain = IANA_PLAIN.find((name) => name === word || (name === name.toUpperCase() && name.toLowerCase() === word.toLowerCase()));
  return plain && accepted(plain) ? plain : undefined;
}

/** The canonical IANA name ("europe/paris" → "Europe/Paris"), or a UserError suggesting the closest real one. */
export function resolveTimeZone(name: string): string {
  const resolved = accepted(name);
  if (resolved) return resolved;
  const guess = closestTimeZone(name);
  throw new UserError(
    'bad-args',
    `“${name.slice(0, 60)}” is not a time zone${guess ? `; try ${guess}` : ''}.`,
    'Use an IANA time zone name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.',
  );
}

/** "Paris" → "Europe/Paris": a word that names a time zone's city. */
export function timeZoneOfCity(word: string): string | undefined {
  const city = `/${word.trim().replace(/\s+/g, '_').toLowerCase()}`;
  return city.length > 2 ? Intl.supportedValuesOf('timeZone').find((zone) => zone.toLowerCase().endsWith(city)) : undefined;
}

/**
 * The zone a word that is not one was probably meant as: an abbreviation written in capitals (PST), a zone's
 * city (Berlin), or a city one letter off (Berlinn, from six letters on, so topics are not caught).
 */
export function nearMissTimeZone(word: string): string | undefined {
  if (/[^\p{L}_-]/u.test(word)) return undefined;
  const abbreviation = word === word.toUpperCase() ? ABBREVIATIONS[word] : undefined;
  if (abbreviation) return abbreviation;
  const city = timeZoneOfCity(word);
  if (city || word.length < 6) return city;
  const wanted = word.toLowerCase();
  return Intl.supportedValuesOf('timeZone').find((zone) => editDistance(wanted, zone.slice(zone.lastIndexOf('/') + 1).toLowerCase()) === 1);
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
    { label: 'arXiv cross-lists', value: sub.crossLists ? 'counted as new papers' : 'left out (replacements always are)' },
    { label: 'Follow-ups', value: sub.followups ? 'news on papers discussed here, in their thread' : 'off' },
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
  for (const { raw, value } of tokenize(text)) {
    const quoted = raw !== value;
    const time = parseTime(value);
    const zone = time || quoted ? undefined : timeZoneIn(value);
    if (time) change.time = time;
    else if (zone) {
      change.timezone = zone;
      const local = NO_DST[zone];
      if (local)
        notes.push(`${zone} is a fixed offset with no daylight saving; for ${local.split('/')[1]!.replace('_', ' ')} time write ${local}.`);
    } else {
      if (value.length > MAX_TOPIC_LENGTH)
        throw new UserError('bad-args', `The topic “${value.slice(0, 30)}…” is too long (at most ${MAX_TOPIC_LENGTH} characters).`);
      const guess = quoted ? undefined : nearMissTimeZone(value);
      if (guess) {
        throw new UserError(
          'bad-args',
          `“${value}” is not a time zone: did you mean ${guess}?`,
          `Write ${guess} for the time zone; to follow “${value}” as a topic, put it in quotes.`,
        );
      }
      if (!topics.some((t) => t.toLowerCase() === value.toLowerCase())) topics.push(value);
    }
  }
  return { change, topics, notes };
}

/** `subscribe`'s typed options as a change to the subscription (those not given leave it as it is). */
export interface SubscribeOptions {
  readonly size?: number | undefined;
  readonly days?: string | undefined;
  readonly mode?: 'filter' | 'boost' | undefined;
  readonly min?: number | undefined;
  readonly empty?: 'post' | 'skip' | undefined;
  readonly cross?: 'include' | 'exclude' | undefined;
  readonly followups?: 'on' | 'off' | undefined;
}

export function applyOptions(change: SubscriptionChange, options: SubscribeOptions): void {
  if (options.size !== undefined) change.size = options.size;
  if (options.days !== undefined) change.days = parseDays(options.days);
  if (options.mode !== undefined) change.topicMode = options.mode;
  if (options.min !== undefined) change.minUpvotes = options.min;
  if (options.empty !== undefined) change.postWhenEmpty = options.empty === 'post';
  if (options.cross !== undefined) change.crossLists = options.cross === 'include';
  if (options.followups !== undefined) change.followups = options.followups === 'on';
}
