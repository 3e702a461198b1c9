/**
 * How a parsed paper becomes a stored row, and how a later source's view of a known paper merges into it.
 * A later source fills in what was missing and never erases what an earlier one knew; the exceptions are
 * spelled out in merge() below.
 */
import type { ParsedPaper, SourceKind } from '../sources/types.ts';
import type { Paper } from './types.ts';

export interface PaperRow {
  id: number;
  arxiv_id: string | null;
  title: string;
  title_key: string;
  abstract: string;
  authors: string;
  author_count: number | null;
  org_slug: string | null;
  org_name: string | null;
  published_at: string | null;
  upvotes: number;
  url: string | null;
  pdf_url: string | null;
  github_repo: string | null;
  project_page: string | null;
  ai_summary: string | null;
  keywords: string;
  categories: string;
  comment: string | null;
  journal_ref: string | null;
  doi: string | null;
  first_seen_at: string;
  updated_at: string;
  last_listed_on: string | null;
  announce_type: string | null;
  arxiv_version: number | null;
}

/** Stored text is bounded: arXiv caps abstracts at 1,920 characters, so these only stop runaway input. */
export const TEXT_CAPS = { title: 1_000, abstract: 10_000 } as const;

/** A text cut to its cap on the way in, for the ingest report. */
export interface Trimmed {
  readonly paper: string;
  readonly field: keyof typeof TEXT_CAPS;
  readonly length: number;
}

export const MERGED_COLUMNS = [
  'arxiv_id',
  'title',
  'abstract',
  'authors',
  'author_count',
  'org_slug',
  'org_name',
  'published_at',
  'upvotes',
  'url',
  'pdf_url',
  'github_repo',
  'project_page',
  'ai_summary',
  'keywords',
  'categories',
  'comment',
  'journal_ref',
  'doi',
  'last_listed_on',
  'announce_type',
  'arxiv_version',
] as const;

export type Merged = Record<(typeof MERGED_COLUMNS)[number], string | number | null>;

const WITH_UPVOTES: ReadonlySet<SourceKind> = new Set(['hf-text', 'hf-json']);

export function rowToPaper(row: PaperRow): Paper {
  return {
    id: row.id,
    arxivId: row.arxiv_id,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    authorCount: row.author_count,
    organization: row.org_slug || row.org_name ? { slug: row.org_slug ?? '', name: row.org_name ?? row.org_slug ?? '' } : null,
    publishedAt: row.published_at,
    upvotes: row.upvotes,
    url: row.url,
    pdfUrl: row.pdf_url,
    githubRepo: row.github_repo,
    projectPage: row.project_page,
    aiSummary: row.ai_summary,
    keywords: JSON.parse(row.keywords) as string[],
    categories: JSON.parse(row.categories) as string[],
    comment: row.comment,
    journalRef: row.journal_ref,
    doi: row.doi,
    firstSeenAt: row.first_seen_at,
    lastListedOn: row.last_listed_on,
  };
}

/** The paper's text cut to TEXT_CAPS (ending in "…"), noting each cut in `trimmed`. */
export function capped(p: ParsedPaper, trimmed: Trimmed[]): ParsedPaper {
  if (p.title.length <= TEXT_CAPS.title && p.abstract.length <= TEXT_CAPS.abstract) return p;
  const cut = (field: keyof typeof TEXT_CAPS, text: string) => {
    if (text.length <= TEXT_CAPS[field]) return text;
    trimmed.push({ paper: p.arxivId ?? p.title.slice(0, 60), field, length: text.length });
    return `${text.slice(0, TEXT_CAPS[field] - 1).trimEnd()}…`;
  };
  return { ...p, title: cut('title', p.title), abstract: cut('abstract', p.abstract) };
}

const union = (a: string[], b: readonly string[] | undefined): string[] => [...new Set([...a, ...(b ?? [])])];
const laterDate = (a: string | null, b: string | null): string | null => (a && b ? (a > b ? a : b) : (a ?? b));
const earlierDate = (a: string | null, b: string | null): string | null => (a && b ? (a < b ? a : b) : (a ?? b));
const keep = <T>(old: T | null | undefined, next: T | null | undefined): T | null =>
  old !== null && old !== undefined && old !== '' ? old : (next ?? null);

/**
 * The stored text, unless the new one is the same text continued: a copy cut short (a truncated listing,
 * a clipped card ending in "…") is repaired by the intact one.
 */
function repaired(old: string | undefined, next: string): string {
  if (!old) return next;
  const stem = old.replace(/(?:…|\.\.\.)?\s*$/u, '');
  return next.length > old.length && stem.length > 0 && next.startsWith(stem) ? next : old;
}

/**
 * Merges a parsed paper (already capped) into the stored row, or makes the first row. Upvotes only grow
 * (votes keep coming for days, and an older file must not lower them); the publication date is the
 * earliest any source gave (a replacement's announcement is not the paper's); last_listed_on the latest.
 */
export function merge(row: PaperRow | undefined, p: ParsedPaper, source: SourceKind, listingDate: string | null): Merged {
  const authors = row && JSON.parse(row.authors).length > 0 ? (JSON.parse(row.authors) as string[]) : p.authors;
  const upvotes = !row ? p.upvotes : WITH_UPVOTES.has(source) ? Math.max(row.upvotes, p.upvotes) : row.upvotes;
  return {
    arxiv_id: keep(row?.arxiv_id, p.arxivId),
    title: repaired(row?.title, p.title),
    abstract: repaired(row?.abstract, p.abstract),
    authors: JSON.stringify(authors),
    author_count: keep(row?.author_count, p.authorCount ?? (p.authors.length > 0 ? p.authors.length : null)),
    org_slug: keep(row?.org_slug, p.organization?.slug),
    org_name: keep(row?.org_name, p.organization?.name),
    published_at: earlierDate(row?.published_at ?? null, p.publishedAt),
    upvotes,
    url: keep(row?.url, p.url),
    pdf_url: keep(row?.pdf_url, p.pdfUrl),
    github_repo: keep(row?.github_repo, p.githubRepo),
    project_page: keep(row?.project_page, p.projectPage),
    ai_summary: keep(row?.ai_summary, p.aiSummary),
    keywords: JSON.stringify(union(row ? (JSON.parse(row.keywords) as string[]) : [], p.keywords)),
    categories: JSON.stringify(union(row ? (JSON.parse(row.categories) as string[]) : [], p.categories)),
    comment: keep(row?.comment, p.comment),
    journal_ref: keep(row?.journal_ref, p.journalRef),
    doi: keep(row?.doi, p.doi),
    // A new version of an older paper is not a listing of it: its day stays the one it was announced on.
    last_listed_on: REPLACEMENT.has(p.announceType ?? '')
      ? (row?.last_listed_on ?? null)
      : laterDate(row?.last_listed_on ?? null, listingDate),
    announce_type: row ? newestAnnouncement(row.announce_type, p.announceType ?? null) : (p.announceType ?? null),
    // The highest version any source named: a higher one later is a new version (src/store/paper-events.ts).
    arxiv_version: Math.max(row?.arxiv_version ?? 0, versionNumber(p.version)) || null,
  };
}

/** "v3" → 3; 0 when the source does not say. */
export const versionNumber = (version: string | null | undefined): number => Number(/^v(\d{1,4})$/.exec(version ?? '')?.[1] ?? 0);

export const REPLACEMENT: ReadonlySet<string> = new Set(['replace', 'replace-cross']);
/** A source that does not say (HF, the arXiv API) or says "new" outranks a cross-list, which outranks a replacement. */
const ANNOUNCE_RANK: Readonly<Record<string, number>> = { new: 0, cross: 1, replace: 2, 'replace-cross': 2 };
const announceRank = (type: string | null): number => ANNOUNCE_RANK[type ?? 'new'] ?? 0;
const newestAnnouncement = (old: string | null, next: string | null): string | null =>
  announceRank(next) < announceRank(old) ? next : old;
