/** The formats paperboy reads. `paperboy parse` prints this as `source`. */
export type SourceKind = 'hf-text' | 'hf-json' | 'arxiv-atom' | 'arxiv-rss' | 'arxiv-metadata';
export const SOURCE_KINDS: readonly SourceKind[] = ['hf-text', 'hf-json', 'arxiv-atom', 'arxiv-rss', 'arxiv-metadata'];

export interface Organization {
  readonly slug: string;
  readonly name: string;
}

/** One paper as a listing shows it. Every parser produces exactly this shape. */
export interface ParsedPaper {
  title: string;
  abstract: string;
  /** From "• N authors" (hf-text) or the length of `authors`; null when the listing does not say. */
  authorCount: number | null;
  authors: string[];
  organization: Organization | null;
  /** Publication date, YYYY-MM-DD. */
  publishedAt: string | null;
  upvotes: number;
  /** arXiv id without version, e.g. 2606.13677. */
  arxivId: string | null;
  /** The paper's page (arXiv abs or HF paper page). */
  url: string | null;
  /** Extras: absent or empty where the source does not say. */
  version?: string | null;
  pdfUrl?: string | null;
  categories?: string[];
  primaryCategory?: string | null;
  keywords?: string[];
  githubRepo?: string | null;
  projectPage?: string | null;
  aiSummary?: string | null;
  comment?: string | null;
  journalRef?: string | null;
  doi?: string | null;
  /** arXiv's daily feed: new | cross | replace | replace-cross. Only "new" (or a source that does not say) is a new paper. */
  announceType?: string | null;
  /** The day this paper is listed on, YYYY-MM-DD, when the file says (HF `submittedOnDailyAt`): a week's file spans several. */
  listedOn?: string | null;
}

/** A part of a listing that could not be read; `line` is 1-based where the format has lines. */
export interface ParseProblem {
  readonly line: number | null;
  readonly message: string;
}

export interface Listing {
  listingDate: string | null;
  source: SourceKind;
  papers: ParsedPaper[];
  /** Cards or entries that were skipped, with why. Good entries are still in `papers`. */
  problems: ParseProblem[];
}

export interface ParseOptions {
  /** Overrides the listing date (YYYY-MM-DD). */
  date?: string;
  /** Used to resolve HF text dates that carry no year when nothing else tells; defaults to now. */
  today?: Date;
}

/** Nothing in the input could be read as a listing. `line` is set when a line is to blame. */
export class ParseError extends Error {
  readonly file: string | null;
  readonly line: number | null;
  /** The message without the file and line. */
  readonly reason: string;
  constructor(message: string, file: string | null = null, line: number | null = null) {
    super(file ? `${file}${line ? `:${line}` : ''}: ${message}` : line ? `line ${line}: ${message}` : message);
    this.file = file;
    this.line = line;
    this.reason = message;
    this.name = 'ParseError';
  }
}
