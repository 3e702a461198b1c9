/**
 * Ranking for digests and `top`: most upvoted first, then the most recent (publication date, then first seen),
 * then the papers matching more of the channel's topics. Topics either filter (only matching papers) or
 * boost (matching papers first, each group ranked as above).
 */
import type { Paper } from '../store/types.ts';

export type TopicMode = 'filter' | 'boost' | 'tiebreak';

export interface RankOptions {
  readonly topics?: readonly string[];
  /** filter: only matching papers; boost: matching papers first; tiebreak: topics only break ties. Default boost. */
  readonly topicMode?: TopicMode;
  readonly minUpvotes?: number;
  /** Precomputed topic match counts (the scheduler's word index over a tick's papers); must count what topicMatcher(topics) counts. */
  readonly topicHits?: (paper: Paper) => number;
}

/** A topic matches a whole word or phrase in the title, abstract or keywords, plurals included ("agent" finds "agents"). */
export function topicPattern(topic: string): RegExp | undefined {
  const words = topic
    .trim()
    .split(/[\s\-_]+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (words.length === 0) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('[\\s\\-_]+')}(?:s|es)?(?![\\p{L}\\p{N}])`, 'iu');
}

/** How many of the topics a paper matches. */
export function topicMatcher(topics: readonly string[]): (paper: Paper) => number {
  const patterns = topics.map(topicPattern).filter((p): p is RegExp => p !== undefined);
  return (paper) => {
    if (patterns.length === 0) return 0;
    const text = `${paper.title}\n${paper.abstract}\n${paper.keywords.join(', ')}`;
    return patterns.reduce((n, pattern) => n + (pattern.test(text) ? 1 : 0), 0);
  };
}

const byRecency = (a: Paper, b: Paper): number =>
  (b.publishedAt ?? '').localeCompare(a.publishedAt ?? '') || b.firstSeenAt.localeCompare(a.firstSeenAt);

/** Returns a new array: eligible papers, best first. */
export function rankPapers(papers: readonly Paper[], options: RankOptions = {}): Paper[] {
  const mode = options.topicMode ?? 'boost';
  const matches = options.topicHits ?? topicMatcher(options.topics ?? []);
  const hasTopics = (options.topics ?? []).some((t) => t.trim() !== '');
  const scored = papers
    .filter((paper) => paper.upvotes >= (options.minUpvotes ?? 0))
    .map((paper) => ({ paper, topicHits: matches(paper) }))
    .filter(({ topicHits }) => !(hasTopics && mode === 'filter' && topicHits === 0));
  scored.sort(
    (a, b) =>
      (mode === 'boost' ? Number(b.topicHits > 0) - Number(a.topicHits > 0) : 0) ||
      b.paper.upvotes - a.paper.upvotes ||
      byRecency(a.paper, b.paper) ||
      b.topicHits - a.topicHits ||
      a.paper.id - b.paper.id,
  );
  return scored.map(({ paper }) => paper);
}
