/** A listing spanning several days (an HF `?week=` file) seen as one listing per day, so each day can be replayed. */
import type { Listing } from './types.ts';

/**
 * One listing per day its papers are listed on, in the order the days first appear. A listing with a date
 * (one day, or `--date` given) stays whole; papers with no day of their own stay in an undated listing.
 */
export function listingsByDay(listing: Listing): Listing[] {
  if (listing.listingDate !== null || !listing.papers.some((paper) => paper.listedOn)) return [listing];
  const days = new Map<string | null, Listing>();
  for (const paper of listing.papers) {
    const day = paper.listedOn ?? null;
    let daily = days.get(day);
    if (!daily) {
      daily = { ...listing, listingDate: day, papers: [], problems: [] };
      days.set(day, daily);
    }
    daily.papers.push(paper);
  }
  const all = [...days.values()];
  if (all[0]) all[0].problems = listing.problems;
  return all;
}
