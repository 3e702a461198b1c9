/**
 * Digest composition, the one path for the `digest` command, the scheduler and `paperboy digest post`: the papers new in a listing
 * (or first seen since the channel's last digest), ranked as in `top`, filtered or boosted by topics,
 * each with a one-line summary, numbered for "compare 1 3".
 */
import { chatSafe, errorMessage } from '../errors.ts';
import type { Summariser } from '../llm/types.ts';
import { firstSentence, notice, paperList } from '../message/build.ts';
import type { Reply } from '../message/model.ts';
import type { ChannelRef } from '../platforms/types.ts';
import type { StoreApi } from '../store/api.ts';
import { DEFAULT_SUBSCRIPTION, type Paper, type Subscription } from '../store/types.ts';
import { formatDay } from './dates.ts';
import { commandHint, numberHint, plural } from './hints.ts';
import { shortfallOf, type Shortfall } from './shortfall.ts';
import { rankWithTaste } from './reasons.ts';

export interface DigestServices {
  readonly store: StoreApi;
  readonly llm: Summariser;
  /** "papers" for `/papers digest` on Slack and Discord; the terminal needs no prefix. */
  readonly rootCommand?: string;
}

export interface DigestRequest {
  readonly channel: ChannelRef;
  /** Listing date (YYYY-MM-DD); default the latest. With `since`, it only names the day in the header. */
  readonly date?: string;
  /** ISO timestamp: take the papers first seen after it (the channel's last digest) instead of one listing. */
  readonly since?: string;
  /** Default: the channel's stored subscription, else the defaults. */
  readonly subscription?: Pick<Subscription, 'topics' | 'topicMode' | 'minUpvotes' | 'size'> & { readonly crossLists?: boolean };
  /** Overrides the subscription's size. */
  readonly limit?: number;
  /** The period's new papers when the caller already read them (a scheduler tick reads them once for every channel). */
  readonly candidates?: readonly Paper[];
  /** The digest's own day in the channel's zone, for arXiv's announcement days; default the listing date. */
  readonly day?: string;
  /** Shown first, e.g. "Today's fetch failed; built from papers already known." */
  readonly fetchNote?: string;
}

export interface ComposedDigest {
  /** The listing date used (or given); null when there is none. */
  readonly date: string | null;
  /** The papers shown, in their numbered order. */
  readonly papers: Paper[];
  /** New papers in the period before topic and upvote filters. */
  readonly totalNew: number;
  /** Why fewer papers than the size were shown; absent when the digest is full. */
  readonly shortfall?: Shortfall;
  readonly reply: Reply;
}

const MAX_SEE_ALL = 50;
/** At most this many papers by followed authors or organisations a digest, on top of its size. */
const MAX_FOLLOWED = 10;

const sectionsOf = (followed: number, total: number): Map<number, string> =>
  new Map([[0, 'From people you follow'], ...(total > followed ? [[followed, 'More new papers'] as const] : [])]);

export async function composeDigest(services: DigestServices, request: DigestRequest): Promise<ComposedDigest> {
  const { store } = services;
  const settings = request.subscription ?? (await store.subscriptions.get(request.channel)) ?? DEFAULT_SUBSCRIPTION;
  const queries = store.digestQueries;
  const date = request.date ?? (request.since ? null : await queries.latestListingDate());
  const which = { crossLists: !!settings.crossLists };
  const candidates =
    request.candidates ??
    (request.since ? await queries.firstSeenSince(request.since, which) : date ? await queries.newInListing(date, which) : []);
  const size = request.limit ?? settings.size;
  const tasted = await rankWithTaste(store, request.channel, candidates, settings, size, services.llm.embedder);
  const eligible = tasted.eligible;
  // Followed papers rank first and come on top of the digest's size, in their own section.
  const followed = Math.min(MAX_FOLLOWED, eligible.filter((p) => tasted.followed.has(p.id)).length);
  const papers = eligible.slice(0, size + followed);
  const command = (text: string) => commandHint(request.channel.platform, services.rootCommand, text);
  const header = date
    ? `Daily papers — ${formatDay(date)}`
    : request.since
      ? `New papers since ${formatDay(request.since)}`
      : 'Daily papers';
  const removedByMin = candidates.filter((p) => p.upvotes < settings.minUpvotes).length;
  const shortfall = shortfallOf({
    shown: papers.length - followed,
    size,
    candidates: candidates.length,
    removedByMin,
    removedByTopics: candidates.length - removedByMin - eligible.length,
    topics: settings.topics,
    minUpvotes: settings.minUpvotes,
    ...(request.fetchNote ? { unreachable: request.fetchNote } : {}),
    day: request.day ?? date,
    period: request.since ? `since the last digest (${formatDay(request.since)})` : date ? `on ${formatDay(date)}` : '',
  });
  const result = { date, papers, totalNew: candidates.length, ...(shortfall ? { shortfall } : {}) };

  if (papers.length === 0) {
    const reply = await emptyReply(store, { date, since: request.since, settings, command, shortfall });
    return { ...result, reply: withNote(reply, request.fetchNote) };
  }
  const { summaries, note } = await oneLiners(services.llm, papers);
  const seeAll = ['digest', date, `limit:${Math.min(eligible.length, MAX_SEE_ALL)}`].filter(Boolean).join(' ');
  const examples = papers.length > 1 ? ['compare 1 2', `summarize ${Math.min(3, papers.length)}`] : ['summarize 1'];
  const more = eligible.length > papers.length ? ` See more: “${command(seeAll)}”.` : '';
  const list = paperList(header, papers, {
    intro: [introOf(candidates.length, eligible.length, papers.length, size, settings, shortfall), tasted.note].filter(Boolean).join(' '),
    note: `Refer to papers by number: ${numberHint(request.channel.platform, services.rootCommand, examples)}.${more}${note ? ` ${note}` : ''}`,
    summaries,
    reasons: tasted.reasons,
    ...(followed > 0 ? { sections: sectionsOf(followed, papers.length) } : {}),
  });
  return { ...result, reply: withNote(list, request.fetchNote) };
}

/** Papers first seen after a moment, for many digests at once: read from the store once, then filtered per channel. */
export interface NewPapers {
  /** Papers first seen after `since` as of the first read, and when that read was made (the digest's read time). */
  since(since: string, crossLists?: boolean): Promise<{ readonly papers: Paper[]; readonly readAt: Date }>;
}

type NewRead = { after: string; papers: Paper[]; readAt: Date };

export function sharedNewPapers(store: StoreApi, now: () => Date): NewPapers {
  // One read for the channels that leave cross-lists out, one for those that count them in. Each asks after the
  // one before (a chain of promises), so channels composed at once still share a single read.
  const reads = new Map<boolean, Promise<NewRead>>();
  return {
    async since(since, crossLists = false) {
      const which = { crossLists };
      const before = reads.get(crossLists);
      const next = (async (): Promise<NewRead> => {
        // A read that failed is read again by the next channel, as when nothing was read.
        const read = await before?.catch(() => undefined);
        if (!read) {
          const papers = await store.digestQueries.firstSeenSince(since, which);
          return { after: since, papers, readAt: now() };
        }
        if (since >= read.after) return read;
        // Only the older gap is read: what came after read.after is already here, as of the same read time.
        const older = await store.digestQueries.firstSeenBetween(since, read.after, which);
        return { ...read, after: since, papers: [...older, ...read.papers] };
      })();
      reads.set(crossLists, next);
      const read = await next;
      return { papers: read.papers.filter((p) => p.firstSeenAt > since), readAt: read.readAt };
    },
  };
}

type Settings = Pick<Subscription, 'topics' | 'topicMode' | 'minUpvotes' | 'size'>;

const topicList = (settings: Settings) => settings.topics.join(', ');

function introOf(total: number, eligible: number, shown: number, size: number, settings: Settings, shortfall?: Shortfall): string {
  const filtered = settings.topics.length > 0 && settings.topicMode === 'filter';
  const criteria = [
    filtered ? `match your topics (${topicList(settings)})` : '',
    settings.minUpvotes > 0 ? `have at least ${plural(settings.minUpvotes, 'upvote')}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const what = criteria ? `${eligible} of ${plural(total, 'new paper')} ${criteria}` : plural(total, 'new paper');
  const how = shown < eligible ? `showing the top ${shown} by upvotes` : 'ranked by upvotes';
  const boost =
    settings.topics.length > 0 && settings.topicMode === 'boost' ? `, papers on your topics (${topicList(settings)}) first` : '';
  // The fetch note above already says which sources could not be reached.
  const short = shortfall && shortfall.reason !== 'unreachable' ? ` Why fewer than ${size}: ${shortfall.text}` : '';
  return `${what}; ${how}${boost}.${short}`;
}

interface EmptyContext {
  date: string | null;
  since: string | undefined;
  settings: Settings;
  command: (text: string) => string;
  shortfall: Shortfall | undefined;
}

async function emptyReply(store: StoreApi, { date, since, settings, command, shortfall }: EmptyContext): Promise<Reply> {
  if (!date && !since)
    return notice('No listings are stored yet, so there is no digest.', 'Ingest some first: npx paperboy ingest data/listings');
  const when = since && !date ? `since ${formatDay(since)}` : `on ${formatDay(date!)}`;
  const latest = !since && date ? await store.digestQueries.latestListingDate(date) : undefined;
  if (!since && date && latest !== date) {
    const earlier = latest;
    return notice(
      `There is no listing for ${formatDay(date)} yet.`,
      earlier ? `The latest before it is ${formatDay(earlier)}: “${command(`digest ${earlier}`)}”.` : undefined,
    );
  }
  const filters = [
    settings.topics.length > 0 && settings.topicMode === 'filter' ? `matching your topics (${topicList(settings)})` : '',
    settings.minUpvotes > 0 ? `with at least ${plural(settings.minUpvotes, 'upvote')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  switch (shortfall?.reason) {
    case 'filtered':
      return notice(`No new papers ${filters} ${when}.`, `${shortfall.text} “${command('settings')}” shows the channel’s settings.`);
    case 'no-announcement':
      return notice(`No new papers ${when}.`, shortfall.text);
    case 'nothing-new':
      return notice(`No new papers ${when}.`, since ? shortfall.text : undefined);
    default:
      // Unreachable sources: the fetch note above says which.
      return notice(`No new papers ${when}.`);
  }
}

function withNote(reply: Reply, note: string | undefined): Reply {
  if (!note) return reply;
  const [first, ...rest] = reply.blocks;
  const blocks =
    first?.type === 'header'
      ? [first, { type: 'note' as const, text: note }, ...rest]
      : [{ type: 'note' as const, text: note }, ...reply.blocks];
  return { ...reply, blocks, fallback: `${note}\n${reply.fallback}` };
}

/** One line per paper from the summariser (cached there); a failure falls back to the source's own summary. */
async function oneLiners(llm: Summariser, papers: readonly Paper[]): Promise<{ summaries: Map<number, string>; note?: string }> {
  let note: string | undefined;
  const lines = await Promise.all(
    papers.map(async (paper) => {
      try {
        const outcome = await llm.tldr(paper);
        if (llm.mode === 'openai' && outcome.source === 'offline')
          note ??= `One-line summaries come from the abstracts: ${chatSafe(outcome.note, 'the LLM was not available')}.`;
        return [paper.id, outcome.value] as const;
      } catch (error) {
        note ??= `One-line summaries come from the abstracts: ${chatSafe(errorMessage(error), 'the LLM was not available')}.`;
        return [paper.id, paper.aiSummary ?? firstSentence(paper.abstract)] as const;
      }
    }),
  );
  return { summaries: new Map(lines), ...(note ? { note } : {}) };
}
