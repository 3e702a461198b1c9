import type { Db } from './db.ts';
import { rowToPaper } from './papers.ts';
import type { Paper } from './types.ts';

type PaperRow = Parameters<typeof rowToPaper>[0];
export type SourceFetchRow = { source: string; fetched_at: string; ok: number; result: string; papers: number; new_papers: number };

/** A source_fetches row as both engines return it. */
export const toSourceFetch = (r: SourceFetchRow): SourceFetch => ({
  source: r.source,
  fetchedAt: r.fetched_at,
  ok: r.ok === 1,
  result: r.result,
  papers: r.papers,
  newPapers: r.new_papers,
});

/** The day a paper belongs to for "top of the week": when it was last listed, else published, else first seen. */
const PAPER_DAY = 'coalesce(last_listed_on, published_at, substr(first_seen_at, 1, 10))';

/**
 * arXiv replacements and cross-lists are versions or listings of papers announced elsewhere, not new ones;
 * a channel may count cross-lists in (`subscribe cross:include`, @cross = 1).
 */
const NEW_PAPER = "(p.announce_type IS NULL OR p.announce_type = 'new' OR (@cross = 1 AND p.announce_type = 'cross'))";

/** Which papers count as new: cross-lists only when the channel asked for them. */
export interface NewPaperOptions {
  readonly crossLists?: boolean;
}
const cross = (options: NewPaperOptions) => (options.crossLists ? 1 : 0);

export interface SourceFetch {
  /** The source's name ("HF Daily Papers"), never its URL. */
  readonly source: string;
  readonly fetchedAt: string;
  readonly ok: boolean;
  /** What came of it, fit for a channel ("fetched", "could not be reached"); details are in the log. */
  readonly result: string;
  readonly papers: number;
  readonly newPapers: number;
}

/** The queries behind digests, `top` and `status`, and the one write `status` needs: each source's last fetch. */
export class DigestQueries {
  private readonly latestDate;
  private readonly latestDateUpTo;
  private readonly inListing;
  private readonly seenSince;
  private readonly seenBetween;
  private readonly top;
  private readonly putFetch;
  private readonly fetches;

  constructor(db: Db) {
    this.latestDate = db.prepare<[], { d: string | null }>('SELECT max(listing_date) AS d FROM listings');
    this.latestDateUpTo = db.prepare<[string], { d: string | null }>('SELECT max(listing_date) AS d FROM listings WHERE listing_date <= ?');
    this.inListing = db.prepare<{ date: string; cross: number }, PaperRow>(
      `SELECT DISTINCT p.* FROM listings l JOIN listing_papers lp ON lp.listing_id = l.id JOIN papers p ON p.id = lp.paper_id
       WHERE l.listing_date = @date AND NOT EXISTS (
         SELECT 1 FROM listing_papers earlier JOIN listings el ON el.id = earlier.listing_id
         WHERE earlier.paper_id = p.id AND el.listing_date < @date) AND ${NEW_PAPER}`,
    );
    this.seenSince = db.prepare<{ since: string; cross: number }, PaperRow>(
      `SELECT * FROM papers p WHERE first_seen_at > @since AND ${NEW_PAPER}`,
    );
    this.seenBetween = db.prepare<{ since: string; until: string; cross: number }, PaperRow>(
      `SELECT * FROM papers p WHERE first_seen_at > @since AND first_seen_at <= @until AND ${NEW_PAPER}`,
    );
    this.top = db.prepare<{ from: string | null; to: string | null; limit: number }, PaperRow>(
      `SELECT * FROM papers WHERE (@from IS NULL OR ${PAPER_DAY} >= @from) AND (@to IS NULL OR ${PAPER_DAY} <= @to)
       ORDER BY upvotes DESC, coalesce(published_at, first_seen_at) DESC, id DESC LIMIT @limit`,
    );
    this.putFetch = db.prepare<SourceFetchRow>(
      `INSERT INTO source_fetches (source, fetched_at, ok, result, papers, new_papers)
       VALUES (@source, @fetched_at, @ok, @result, @papers, @new_papers)
       ON CONFLICT (source) DO UPDATE SET fetched_at = excluded.fetched_at, ok = excluded.ok, result = excluded.result,
         papers = excluded.papers, new_papers = excluded.new_papers`,
    );
    this.fetches = db.prepare<[], SourceFetchRow>('SELECT * FROM source_fetches ORDER BY source');
  }

  /** Records a source's latest fetch (one row per source). */
  recordFetch(fetch: SourceFetch): void {
    this.putFetch.run({
      source: fetch.source,
      fetched_at: fetch.fetchedAt,
      ok: fetch.ok ? 1 : 0,
      result: fetch.result,
      papers: fetch.papers,
      new_papers: fetch.newPapers,
    });
  }

  /** Each source's latest fetch, by name. */
  lastFetches(): SourceFetch[] {
    return this.fetches.all().map(toSourceFetch);
  }

  /** The most recent listing date (YYYY-MM-DD), or the most recent on or before `upTo`; null when none. */
  latestListingDate(upTo?: string): string | null {
    return (upTo ? this.latestDateUpTo.get(upTo) : this.latestDate.get())?.d ?? null;
  }

  /** Papers listed on `date` (any source) that no earlier-dated listing had: that day's new papers. */
  newInListing(date: string, options: NewPaperOptions = {}): Paper[] {
    return this.inListing.all({ date, cross: cross(options) }).map(rowToPaper);
  }

  /** Papers first seen after the ISO timestamp `since` (e.g. the channel's last digest). */
  firstSeenSince(since: string, options: NewPaperOptions = {}): Paper[] {
    return this.seenSince.all({ since, cross: cross(options) }).map(rowToPaper);
  }

  /** Papers first seen after `after` and no later than `upTo` (ISO timestamps). */
  firstSeenBetween(after: string, upTo: string, options: NewPaperOptions = {}): Paper[] {
    return this.seenBetween.all({ since: after, until: upTo, cross: cross(options) }).map(rowToPaper);
  }

  /** Most upvoted papers whose day falls in [from, to] (either bound optional), most recent first on ties. */
  topInPeriod(period: { from?: string; to?: string; limit: number }): Paper[] {
    return this.top.all({ from: period.from ?? null, to: period.to ?? null, limit: period.limit }).map(rowToPaper);
  }
}
