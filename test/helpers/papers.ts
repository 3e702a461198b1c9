import type { Store } from '../../src/store/store.ts';
import type { Listing, ParsedPaper, SourceKind } from '../../src/sources/types.ts';

/** A parsed paper with every field set to "unknown" unless given. */
export function parsed(overrides: Partial<ParsedPaper> & { title: string }): ParsedPaper {
  return {
    abstract: `${overrides.title}. An abstract about ${overrides.title.toLowerCase()}.`,
    authorCount: null,
    authors: [],
    organization: null,
    publishedAt: null,
    upvotes: 0,
    arxivId: null,
    url: null,
    ...overrides,
  };
}

export function listing(source: SourceKind, listingDate: string | null, papers: ParsedPaper[]): Listing {
  return { source, listingDate, papers, problems: [] };
}

/**
 * Gives a stored paper an abstract longer than ingest now allows, as a store written before the cap holds:
 * renderers must stay linear whatever the store gives them.
 */
export function storeUncappedAbstract(store: Store, arxivId: string, abstract: string): void {
  store.db.prepare('UPDATE papers SET abstract = ? WHERE arxiv_id = ?').run(abstract, arxivId);
}
