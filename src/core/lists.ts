/**
 * Numbered list memory: which list "paper 1" means, for whom. The one place that decides the keys.
 *
 * A list only its asker saw (an ephemeral answer) is kept for that user in that channel or thread; a list
 * everyone there saw (a posted digest, a shared answer) is the place's shared list. A number resolves
 * against the asker's own latest list first, then the thread's shared list, then the channel's.
 * A thread keeps its first shared list (the digest it hangs under), so a busy thread keeps its numbering.
 */
import type { Reply } from '../message/model.ts';
import type { ListKey, StoredList } from '../store/channels.ts';
import type { StoreApi } from '../store/api.ts';
import type { ChatPlatform } from '../store/types.ts';
import { echo } from './query.ts';

export interface ListPlace {
  readonly channel: { readonly platform: ChatPlatform; readonly id: string };
  /** '' or absent: the channel itself. */
  readonly threadId?: string;
}

export interface ShownList {
  readonly paperIds: readonly number[];
  /** What the list is ("search “sparse attention”"), for saying where a number came from. */
  readonly label: string;
}

/** The list a reply shows (its ranked papers), named after its header; undefined when it numbers nothing. */
export function listOf(reply: Reply): ShownList | undefined {
  const ranked = reply.papers?.filter((p) => p.rank !== undefined) ?? [];
  if (ranked.length === 0) return undefined;
  const header = reply.blocks.find((b) => b.type === 'header');
  return { paperIds: ranked.map((p) => p.paperId), label: header?.type === 'header' ? labelOf(header.text) : '' };
}

const labelOf = (header: string): string => {
  const search = /^Search: (.+)$/.exec(header);
  return search ? `search “${echo(search[1]!, 60)}”` : `list “${echo(header, 60)}”`;
};

const key = (place: ListPlace, userId: string): ListKey => ({ channel: place.channel, threadId: place.threadId ?? '', userId });

/** An answer only its asker saw. */
export async function rememberOwn(store: StoreApi, place: ListPlace, userId: string, list: ShownList, now = new Date()): Promise<void> {
  await store.lists.put(key(place, userId), list, now);
}

/** An answer everyone in the place saw. Inside a thread it numbers the thread only if nothing did before. */
export async function rememberShared(store: StoreApi, place: ListPlace, list: ShownList, now = new Date()): Promise<void> {
  const shared = key(place, '');
  // One call: two answers into the same thread at once must not both see it unnumbered and overwrite each other.
  if (shared.threadId) await store.lists.putFirst(shared, list, now);
  else await store.lists.put(shared, list, now);
}

/** A top-level post that starts a thread (a digest, a shared answer): the channel's shared list, and its thread's. */
export async function rememberPost(store: StoreApi, posted: ListPlace, list: ShownList, now = new Date()): Promise<void> {
  await store.lists.put(key({ channel: posted.channel }, ''), list, now);
  if (posted.threadId) await store.lists.put(key(posted, ''), list, now);
}

/** The number the next paper posted into this thread takes: one after its shared list. */
export async function nextThreadNumber(store: StoreApi, thread: ListPlace): Promise<number> {
  return ((await store.lists.get(key(thread, '')))?.paperIds.length ?? 0) + 1;
}

/** Papers posted later into a thread continue its shared list; those already on it keep their numbers (a retry changes nothing). */
export async function extendThreadList(
  store: StoreApi,
  thread: ListPlace,
  paperIds: readonly number[],
  label: string,
  now = new Date(),
): Promise<void> {
  // Read and write in one call: two notes into one thread at once must not drop each other's papers.
  await store.lists.extend(key(thread, ''), paperIds, label, now);
}

export interface FoundList {
  readonly paperIds: readonly number[];
  /** "your search “sparse attention”", "this thread's list “Daily papers — 7 Dec”". */
  readonly name: string;
  /** Another list here numbers differently, so the answer should say which one was used. */
  readonly ambiguous: boolean;
}

/** The list a number refers to for this user here, or undefined when no list was shown. */
export async function findList(store: StoreApi, place: ListPlace, userId: string): Promise<FoundList | undefined> {
  const threadId = place.threadId ?? '';
  const candidates: { list: StoredList | undefined; whose: string }[] = [
    { list: userId ? await store.lists.get(key(place, userId)) : undefined, whose: 'your' },
    { list: await store.lists.get(key(place, '')), whose: threadId ? "this thread's" : "the channel's" },
  ];
  if (threadId) {
    const channel = { channel: place.channel };
    candidates.push(
      { list: userId ? await store.lists.get(key(channel, userId)) : undefined, whose: 'your' },
      { list: await store.lists.get(key(channel, '')), whose: "the channel's" },
    );
  }
  const present = candidates.filter((c): c is { list: StoredList; whose: string } => c.list !== undefined);
  const chosen = present[0];
  if (!chosen) return undefined;
  const same = (list: StoredList) => list.paperIds.join() === chosen.list.paperIds.join();
  return {
    paperIds: chosen.list.paperIds,
    name: `${chosen.whose} ${chosen.list.label || 'last list'}`,
    ambiguous: present.some((c) => !same(c.list)),
  };
}

/** A reply everyone where it was asked saw (a shared answer, an answer in a thread): an adapter's one call. */
export async function rememberSharedReply(
  store: StoreApi,
  where: { channel: ListPlace['channel']; thread?: { threadId: string } },
  reply: Reply,
): Promise<void> {
  const list = listOf(reply);
  if (list) await rememberShared(store, { channel: where.channel, threadId: where.thread?.threadId ?? '' }, list);
}
