/**
 * How many follow-ups would a channel have received over the real fixtures? Replays every real listing
 * (test/fixtures, /work/shared/fixtures, /work/shared/listings; identical files once) in date order into a
 * fresh store, one listing day at a time, and runs the follow-ups pass after each day through a recording
 * platform. Two channels: one that discussed the first day's papers, one that discussed every day's.
 * A file without a listing date (an arXiv metadata snapshot) is placed at its newest paper's date.
 *
 *   npx tsx test/bench/followups-replay.ts
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postFollowups } from '../../src/scheduler/followups.ts';
import { listingsByDay } from '../../src/sources/days.ts';
import { parseListing } from '../../src/sources/detect.ts';
import type { Listing } from '../../src/sources/types.ts';
import { Store } from '../../src/store/store.ts';
import { RecordingAdapter } from '../fakes/recording-adapter.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const FOLDERS = [
  join(ROOT, 'test/fixtures/hf'),
  join(ROOT, 'test/fixtures/arxiv'),
  join(ROOT, 'test/fixtures/listings'),
  '/work/shared/fixtures/hf',
  '/work/shared/fixtures/arxiv',
  '/work/shared/listings',
];

interface Day {
  readonly date: string;
  readonly listings: { listing: Listing; origin: string; hash: string }[];
}

function days(): { days: Day[]; files: number; duplicates: number } {
  const seen = new Set<string>();
  const byDate = new Map<string, Day>();
  let files = 0;
  let duplicates = 0;
  for (const folder of FOLDERS.filter(existsSync)) {
    for (const name of readdirSync(folder).sort()) {
      const text = readFileSync(join(folder, name), 'utf8');
      const hash = createHash('sha256').update(text).digest('hex');
      if (seen.has(hash)) {
        duplicates += 1;
        continue;
      }
      seen.add(hash);
      files += 1;
      const parsed = parseListing(text, { file: name });
      for (const listing of listingsByDay(parsed)) {
        const date =
          listing.listingDate ??
          listing.papers
            .map((p) => p.publishedAt ?? '')
            .sort()
            .at(-1) ??
          '1970-01-01';
        const day = byDate.get(date) ?? { date, listings: [] };
        day.listings.push({ listing, origin: `${name}#${date}`, hash: `${hash}:${date}` });
        byDate.set(date, day);
      }
    }
  }
  return { days: [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date)), files, duplicates };
}

async function replay(all: Day[], discussEveryDay: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-followups-'));
  const store = Store.open(join(dir, 'replay.db'));
  try {
    const channel = { platform: 'slack' as const, id: 'CREPLAY' };
    store.subscriptions.upsert(channel, { timezone: 'UTC' }, new Date('2000-01-01T00:00:00Z'));
    let clock = new Date(0);
    const adapter = new RecordingAdapter('slack', { clock: () => clock });
    const kinds = new Map<string, number>();
    let watched = 0;
    const watching = new Set<number>();
    const seenAgain = new Set<number>();
    const pass = async (at: string) => {
      clock = new Date(at);
      const subscription = store.subscriptions.get(channel)!;
      for (const outcome of await postFollowups({
        store,
        adapters: { slack: adapter },
        subscription,
        now: () => clock,
        instanceId: 'replay',
      })) {
        if (outcome.status !== 'posted') continue;
        for (const id of outcome.eventIds) {
          const kind = store.db.prepare('SELECT kind FROM paper_events WHERE id = ?').pluck().get(id) as string;
          kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        }
      }
    };
    for (const [index, day] of all.entries()) {
      const ids: number[] = [];
      const known = (p: Listing['papers'][number]) =>
        p.arxivId ? store.papers.getByArxivId(p.arxivId)?.id : store.papers.findByTitle(p.title, 1)[0]?.id;
      for (const p of day.listings.flatMap((l) => l.listing.papers)) {
        const id = known(p);
        if (id && watching.has(id)) seenAgain.add(id);
      }
      for (const { listing, origin, hash } of day.listings) {
        store.papers.ingestListing(listing, origin, hash, new Date(`${day.date}T06:00:00Z`));
        for (const p of listing.papers) {
          const id = known(p);
          if (id) ids.push(id);
        }
      }
      if (index === 0 || discussEveryDay) {
        store.paperEvents.discussed(channel, `digest-${day.date}`, ids, new Date(`${day.date}T07:00:00Z`));
        watched += new Set(ids).size;
        for (const id of ids) watching.add(id);
      }
      await pass(`${day.date}T08:00:00Z`);
    }
    const last = all.at(-1)!.date;
    for (const later of [1, 2]) await pass(new Date(Date.parse(`${last}T08:00:00Z`) + later * 86_400_000).toISOString());
    const notes = adapter.accepted.length;
    const events = [...kinds.values()].reduce((a, b) => a + b, 0);
    const recorded = store.db.prepare('SELECT count(*) FROM paper_events').pluck().get() as number;
    return { watched, seenAgain: seenAgain.size, recorded, notes, events, kinds: Object.fromEntries([...kinds].sort()) };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const { days: all, files, duplicates } = days();
console.log(
  `${files} distinct files (${duplicates} identical copies skipped), ${all.length} listing days: ${all[0]?.date} … ${all.at(-1)?.date}`,
);
console.log(`days: ${all.map((d) => `${d.date} (${d.listings.reduce((n, l) => n + l.listing.papers.length, 0)})`).join(', ')}`);
for (const [label, everyDay] of [
  ['a channel that discussed the first day’s papers', false],
  ['a channel that discussed every day’s papers', true],
] as const) {
  const r = await replay(all, everyDay);
  console.log(
    `${label}: ${r.watched} papers watched, ${r.seenAgain} listed again on a later day, ${r.recorded} changes recorded → ` +
      `${r.notes} follow-up notes telling ${r.events} changes`,
    r.kinds,
  );
}
