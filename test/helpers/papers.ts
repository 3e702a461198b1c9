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
