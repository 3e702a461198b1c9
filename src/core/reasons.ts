/**
 * Why a paper is where it is: the digest's taste-aware ranking (and how many papers taste moved), one short
 * reason per paper, and the full explanation `why` gives.
 */
import type { StoreApi } from '../store/api.ts';
import type { ChatPlatform, Paper, Subscription } from '../store/types.ts';
import { plural } from './hints.ts';
import { rankPapers, topicPattern, WEIGHTS } from './rank.ts';
import { channelTaste, type Signal, type Taste } from './taste.ts';
import type { TasteMode } from '../store/feedback.ts';
import type { Embedder } from '../llm/types.ts';
import { EmbeddingVectorizer } from './embeddings.ts';
import { followMatch, type FollowMatch } from './follows.ts';

type Settings = Pick<Subscription, 'topics' | 'topicMode' | 'minUpvotes'>;
type Channel = { readonly platform: ChatPlatform; readonly id: string };

/** Below this cosine a liked paper is too far off to be named as the reason. */
const SIMILAR_ENOUGH = 0.08;
/** With `taste filter`, the least taste a paper needs to be shown. */
export const FILTER_MIN = 0.05;

export interface TastedRanking {
  readonly eligible: Paper[];
  /** Papers in the top `size` whose place differs from the ranking without taste. */
  readonly moved: number;
  readonly reasons: Map<number, string>;
  /** Papers by authors or organisations the channel follows (ranked first): their own section of the digest. */
  readonly followed: ReadonlySet<number>;
  /** "Taste (3 likes here) moved 2 of these papers." when it did. */
  readonly note?: string;
}

/** Ranks as rankPapers does, with this channel's taste; without feedback the order is exactly the plain one. */
export async function rankWithTaste(
  store: StoreApi,
  channel: Channel,
  candidates: readonly Paper[],
  settings: Settings,
  size: number,
  embedder?: Embedder,
): Promise<TastedRanking> {
  const mode = await store.feedback.tasteMode(channel);
  const taste = await tasteOf(store, channel, mode, candidates, embedder);
  const follows = await store.follows.ofChannel(channel);
  const matches = new Map<number, FollowMatch>();
  for (const paper of follows.length > 0 ? candidates : []) {
    const match = followMatch(paper, follows);
    if (match) matches.set(paper.id, match);
  }
  const followed = new Set(matches.keys());
  const withFollows = { ...settings, ...(followed.size > 0 ? { followed: (p: { id: number }) => matches.get(p.id)?.strength ?? 0 } : {}) };
  const plain = rankPapers(candidates, withFollows);
  const listed = size + followed.size;
  if (taste.taught.length === 0) {
    const reasons =
      settings.topics.length > 0 || followed.size > 0
        ? reasonMap(plain.slice(0, listed), settings, taste, matches)
        : new Map<number, string>();
    return { eligible: plain, moved: 0, reasons, followed };
  }
  const tasted = rankPapers(candidates, { ...withFollows, taste: (paper) => taste.score(paper as Paper) });
  const close = mode === 'filter' ? tasted.filter((paper) => followed.has(paper.id) || taste.score(paper) >= FILTER_MIN) : tasted;
  // A filter that leaves nothing would leave an empty digest: rank by taste instead, and say so.
  const eligible = close.length > 0 ? close : tasted;
  const before = new Map(plain.slice(0, size).map((p, i) => [p.id, i]));
  const moved = eligible.slice(0, size).filter((p, i) => before.get(p.id) !== i).length;
  const likes = taste.taught.filter((t) => t.weight > 0).length;
  const filtered =
    mode !== 'filter'
      ? ''
      : close.length > 0
        ? `Taste filter: ${close.length} of ${tasted.length} papers are close to what this channel liked.`
        : 'Taste filter: nothing is close to what this channel liked, so all are shown, ranked by taste.';
  const movedNote =
    moved > 0 ? `Taste (what ${plural(likes, 'paper')} liked or saved here suggest) moved ${plural(moved, 'paper')} in this list.` : '';
  const note = [filtered, movedNote].filter(Boolean).join(' ');
  const reasons = reasonMap(eligible.slice(0, listed), settings, taste, matches);
  return { eligible, moved, reasons, followed, ...(note ? { note } : {}) };
}

/** The channel's taste over embeddings when a model is configured; when its server fails, tf-idf (the embedder logs why). */
async function tasteOf(store: StoreApi, channel: Channel, mode: TasteMode, papers: readonly Paper[], embedder?: Embedder): Promise<Taste> {
  if (embedder && mode !== 'off') {
    try {
      const taste = await channelTaste(store, channel, mode, new EmbeddingVectorizer(store, embedder));
      await taste.prepare(papers);
      return taste;
    } catch {
      // Falls through to tf-idf: a failing embeddings server never breaks a digest.
    }
  }
  const taste = await channelTaste(store, channel, mode);
  await taste.prepare(papers);
  return taste;
}

function reasonMap(
  papers: readonly Paper[],
  settings: Settings,
  taste: Taste,
  follows: ReadonlyMap<number, FollowMatch>,
): Map<number, string> {
  const reasons = new Map<number, string>();
  for (const paper of papers) {
    const first = follows.get(paper.id)?.reason ?? reasonsFor(paper, settings, taste)[0];
    if (first) reasons.set(paper.id, first);
  }
  return reasons;
}

const OWN: Record<Signal, string> = {
  liked: 'this channel liked it',
  disliked: 'this channel disliked it',
  saved: 'someone here saved it',
  asked: 'someone here asked about it',
};
const DONE: Record<Signal, string> = {
  liked: 'this channel liked',
  disliked: 'this channel disliked',
  saved: 'someone here saved',
  asked: 'someone here asked about',
};

/** Every reason that applies, strongest first: feedback here, taste, topics, upvotes. */
export function reasonsFor(paper: Paper, settings: Pick<Settings, 'topics'>, taste: Taste): string[] {
  const reasons: string[] = [];
  const own = taste.taught.find((t) => t.paper.id === paper.id);
  if (own) reasons.push(OWN[own.signal]);
  const nearest = taste.nearestLiked(paper);
  const score = taste.score(paper);
  if (nearest && nearest.similarity >= SIMILAR_ENOUGH && score > 0)
    reasons.push(`similar to “${nearest.paper.title}”, which ${DONE[nearest.signal]}`);
  if (taste.taught.length > 0 && score < 0) reasons.push('closer to what this channel disliked than to what it liked');
  const text = `${paper.title}\n${paper.abstract}\n${paper.keywords.join(', ')}`;
  const topic = settings.topics.find((t) => topicPattern(t)?.test(text));
  if (topic) reasons.push(`matches your topic “${topic}”`);
  if (paper.upvotes > 0) reasons.push(`▲ ${paper.upvotes} on HF`);
  return reasons;
}

/** The full explanation for `why`: each reason, then the numbers behind the digest's score. */
export async function explain(store: StoreApi, channel: Channel, paper: Paper, settings: Settings, embedder?: Embedder): Promise<string[]> {
  const mode = await store.feedback.tasteMode(channel);
  const taste = await tasteOf(store, channel, mode, [paper], embedder);
  const follow = followMatch(paper, await store.follows.ofChannel(channel));
  const reasons = [...(follow ? [follow.reason] : []), ...reasonsFor(paper, settings, taste)];
  const w = WEIGHTS.digest;
  const upvotes = w.upvotes * Math.log1p(Math.max(0, paper.upvotes));
  const score = taste.score(paper);
  const parts = [
    follow ? `followed ${w.followed * follow.strength}` : '',
    `upvotes ${upvotes.toFixed(2)} (▲ ${paper.upvotes})`,
    settings.topics.length > 0
      ? `topics ${reasons.some((r) => r.startsWith('matches your topic')) && settings.topicMode === 'boost' ? w.topicMatch : 0}`
      : '',
    taste.taught.length > 0
      ? `taste ${(w.taste * score).toFixed(2)} (similarity ${score.toFixed(2)} to ${plural(taste.taught.length, 'paper')} with feedback here)`
      : '',
  ].filter(Boolean);
  const lines =
    reasons.length > 0 ? reasons.map((r) => `• ${r}`) : ['• nothing in particular: it has no upvotes and matches no topic or taste here'];
  if (mode === 'off') lines.push('• taste is off here: “taste boost” turns it back on');
  else if (taste.taught.length === 0) lines.push('• this channel has no likes yet: “like <number>” teaches its digest what it wants');
  return [...lines, `Digest score: ${parts.join(' + ')}.`];
}
