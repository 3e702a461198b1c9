/** The weekly roundup's "Follow-ups this week": what the channel was told about papers it discussed (src/scheduler/followups.ts). */
import type { ChannelRef } from '../platforms/types.ts';
import type { StoreApi } from '../store/api.ts';
import { whatChanged } from './followups.ts';

/** One line per paper told about in notes dated `from` to `to` (local days, inclusive), in the order the news came. */
export async function weekFollowUps(store: StoreApi, channel: ChannelRef, from: string, to: string): Promise<string[]> {
  const events = await store.paperEvents.toldBetween(channel, from, to);
  const ids = [...new Set(events.map((e) => e.paperId))];
  const papers = new Map((await store.papers.getMany(ids)).map((p) => [p.id, p]));
  return ids
    .filter((id) => papers.has(id))
    .map((id) => `“${papers.get(id)!.title}”: ${whatChanged(events.filter((e) => e.paperId === id))}.`);
}
