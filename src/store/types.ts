import type { Organization, SourceKind } from '../sources/types.ts';

/** A paper as the store knows it, merged from every source that listed it. */
export interface Paper {
  id: number;
  arxivId: string | null;
  title: string;
  abstract: string;
  authors: string[];
  authorCount: number | null;
  organization: Organization | null;
  publishedAt: string | null;
  upvotes: number;
  url: string | null;
  pdfUrl: string | null;
  githubRepo: string | null;
  projectPage: string | null;
  aiSummary: string | null;
  keywords: string[];
  categories: string[];
  comment: string | null;
  journalRef: string | null;
  doi: string | null;
  /** ISO timestamp of the first ingest that saw this paper. */
  firstSeenAt: string;
  /** Latest listing date (YYYY-MM-DD) the paper appeared in, if any. */
  lastListedOn: string | null;
}

export interface ListingAppearance {
  source: SourceKind;
  listingDate: string | null;
  position: number;
  origin: string;
}

export type ChatPlatform = 'slack' | 'discord' | 'terminal';

/** A channel's digest subscription (the scheduler reads these). */
export interface Subscription {
  platform: ChatPlatform;
  channelId: string;
  channelName: string | null;
  /** HH:MM in `timezone`. */
  time: string;
  timezone: string;
  /** Days of week, 0 = Sunday … 6 = Saturday. */
  days: number[];
  size: number;
  topics: string[];
  topicMode: 'filter' | 'boost';
  minUpvotes: number;
  /** Post a short "nothing new" note on empty days (true) or stay silent (false). */
  postWhenEmpty: boolean;
  /** arXiv cross-lists (papers of other categories listed in the channel's) count as new papers. */
  crossLists: boolean;
  /** Follow-ups on papers discussed here (new versions, code, journal versions, upvotes): on unless `followups:off`. */
  followups: boolean;
  createdAt: string;
  updatedAt: string;
}

export const DEFAULT_SUBSCRIPTION = {
  time: '09:00',
  timezone: 'UTC',
  days: [1, 2, 3, 4, 5],
  size: 10,
  topics: [] as string[],
  topicMode: 'boost' as const,
  minUpvotes: 0,
  postWhenEmpty: true,
  crossLists: false,
  followups: true,
};
