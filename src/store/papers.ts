import type { Db } from './db.ts';
import type { Listing, ParsedPaper, SourceKind } from '../sources/types.ts';
import type { ListingAppearance, Paper } from './types.ts';
import { listingsByDay } from '../sources/days.ts';
import { titleKey } from '../sources/normalize.ts';

interface PaperRow {
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
}

export type MergeOutcome = 'new' | 'updated' | 'unchanged';
export interface IngestCounts {
  new: number;
  updated: number;
  unchanged: number;
}

const WITH_UPVOTES: ReadonlySet<SourceKind> = new Set(['hf-text', 'hf-json']);
const MERGED_COLUMNS = [
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
] as const;

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

const union = (a: string[], b: readonly string[] | undefined): string[] => [...new Set([...a, ...(b ?? [])])];
const laterDate = (a: string | null, b: string | null): string | null => (a && b ? (a > b ? a : b) : (a ?? b));

/** Papers and listings: the only SQL for them. Each listing is ingested in one transaction. */
export class PaperRepo {
  private readonly byId;
  private readonly byArxiv;
  private readonly byTitleKey;

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
    this.byId = db.prepare<[number], PaperRow>('SELECT * FROM papers WHERE id = ?');
    this.byArxiv = db.prepare<[string], PaperRow>('SELECT * FROM papers WHERE arxiv_id = ?');
    this.byTitleKey = db.prepare<[string], PaperRow>(
      'SELECT * FROM papers WHERE title_key = ? ORDER BY arxiv_id IS NOT NULL DESC, id LIMIT 5',
    );
  }

  get(id: number): Paper | undefined {
    const row = this.byId.get(id);
    return row ? rowToPaper(row) : undefined;
  }

  getByArxivId(arxivId: string): Paper | undefined {
    const row = this.byArxiv.get(arxivId);
    return row ? rowToPaper(row) : undefined;
  }

  /** Papers by id, in the order asked; ids that no longer exist are left out. */
  getMany(ids: readonly number[]): Paper[] {
    return ids.map((id) => this.get(id)).filter((p): p is Paper => p !== undefined);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number }).n;
  }

  /** Titles containing every word of `fragment` (case-insensitive), best known first. */
  findByTitle(fragment: string, limit = 10): Paper[] {
    const words = fragment.toLowerCase().split(/\s+/).filter(Boolean).slice(0, 8);
    if (words.length === 0) return [];
    const where = words.map(() => 'instr(lower(title), ?) > 0').join(' AND ');
    const rows = this.db
      .prepare(`SELECT * FROM papers WHERE ${where} ORDER BY upvotes DESC, published_at DESC LIMIT ?`)
      .all(...words, limit) as PaperRow[];
    return rows.map(rowToPaper);
  }

  /** Ingests one parsed listing atomically: either every paper and the listing record land, or nothing does. */
  ingestListing(listing: Listing, origin: string, contentHash: string, seenAt: Date = new Date()): IngestCounts {
    // A file spanning several days (HF ?week=) is stored as one listing per day, so each day can be replayed.
    const days = listingsByDay(listing);
    return this.db.transaction(() => days.map((day) => this.ingestInTransaction(day, origin, contentHash, seenAt)).reduce(addCounts))();
  }

  private ingestInTransaction(listing: Listing, origin: string, contentHash: string, seenAt: Date): IngestCounts {
    const counts: IngestCounts = { new: 0, updated: 0, unchanged: 0 };
    const at = seenAt.toISOString();
    const ids: number[] = [];
    for (const parsed of listing.papers) {
      const { id, outcome } = this.upsert(parsed, listing.source, listing.listingDate, at);
      counts[outcome] += 1;
      ids.push(id);
    }
    const existing = this.db
      .prepare('SELECT id, content_hash FROM listings WHERE source = ? AND origin = ? AND listing_date IS ?')
      .get(listing.source, origin, listing.listingDate) as { id: number; content_hash: string } | undefined;
    if (existing?.content_hash === contentHash) return counts;
    let listingId = existing?.id;
    if (listingId === undefined) {
      listingId = Number(
        this.db
          .prepare('INSERT INTO listings (source, listing_date, origin, content_hash, ingested_at, paper_count) VALUES (?, ?, ?, ?, ?, ?)')
          .run(listing.source, listing.listingDate, origin, contentHash, at, ids.length).lastInsertRowid,
      );
    } else {
      this.db
        .prepare('UPDATE listings SET content_hash = ?, ingested_at = ?, paper_count = ? WHERE id = ?')
        .run(contentHash, at, ids.length, listingId);
      this.db.prepare('DELETE FROM listing_papers WHERE listing_id = ?').run(listingId);
    }
    const link = this.db.prepare('INSERT OR IGNORE INTO listing_papers (listing_id, paper_id, position) VALUES (?, ?, ?)');
    ids.forEach((paperId, index) => link.run(listingId, paperId, index + 1));
    return counts;
  }

  private findExisting(parsed: ParsedPaper, key: string): PaperRow | undefined {
    if (parsed.arxivId) {
      const row = this.byArxiv.get(parsed.arxivId);
      if (row) return row;
    }
    return this.byTitleKey.all(key).find((row) => !row.arxiv_id || !parsed.arxivId || row.arxiv_id === parsed.arxivId);
  }

  private upsert(parsed: ParsedPaper, source: SourceKind, listingDate: string | null, at: string): { id: number; outcome: MergeOutcome } {
    const key = titleKey(parsed.title);
    const row = this.findExisting(parsed, key);
    const merged = merge(row, parsed, source, listingDate);
    if (!row) {
      const columns = ['title_key', 'first_seen_at', 'updated_at', ...MERGED_COLUMNS];
      const id = Number(
        this.db
          .prepare(`INSERT INTO papers (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`)
          .run({ ...merged, title_key: key, first_seen_at: at, updated_at: at }).lastInsertRowid,
      );
      return { id, outcome: 'new' };
    }
    const changed = MERGED_COLUMNS.filter((column) => merged[column] !== row[column]);
    if (changed.length === 0) return { id: row.id, outcome: 'unchanged' };
    const sets = [...changed.map((c) => `${c} = @${c}`), 'updated_at = @updated_at'].join(', ');
    this.db.prepare(`UPDATE papers SET ${sets} WHERE id = @id`).run({ ...pick(merged, changed), updated_at: at, id: row.id });
    return { id: row.id, outcome: 'updated' };
  }

  appearances(paperId: number): ListingAppearance[] {
    return this.db
      .prepare(
        `SELECT l.source, l.listing_date AS listingDate, lp.position, l.origin FROM listing_papers lp
      JOIN listings l ON l.id = lp.listing_id WHERE lp.paper_id = ? ORDER BY l.listing_date DESC`,
      )
      .all(paperId) as ListingAppearance[];
  }
}

type Merged = Record<(typeof MERGED_COLUMNS)[number], string | number | null>;

const pick = (merged: Merged, columns: readonly (keyof Merged)[]) => Object.fromEntries(columns.map((c) => [c, merged[c]]));

/** A later source fills in what was missing and never erases what an earlier one knew. */
function merge(row: PaperRow | undefined, p: ParsedPaper, source: SourceKind, listingDate: string | null): Merged {
  const keep = <T>(old: T | null | undefined, next: T | null | undefined): T | null =>
    old !== null && old !== undefined && old !== '' ? old : (next ?? null);
  const authors = row && JSON.parse(row.authors).length > 0 ? (JSON.parse(row.authors) as string[]) : p.authors;
  const newerListing = !row?.last_listed_on || !listingDate || listingDate >= row.last_listed_on;
  const upvotes = !row ? p.upvotes : WITH_UPVOTES.has(source) && newerListing ? p.upvotes : row.upvotes;
  return {
    arxiv_id: keep(row?.arxiv_id, p.arxivId),
    title: keep(row?.title, p.title),
    abstract: keep(row?.abstract, p.abstract) ?? '',
    authors: JSON.stringify(authors),
    author_count: keep(row?.author_count, p.authorCount ?? (p.authors.length > 0 ? p.authors.length : null)),
    org_slug: keep(row?.org_slug, p.organization?.slug),
    org_name: keep(row?.org_name, p.organization?.name),
    published_at: keep(row?.published_at, p.publishedAt),
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
  };
}

const addCounts = (a: IngestCounts, b: IngestCounts): IngestCounts => ({
  new: a.new + b.new,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
});
const REPLACEMENT: ReadonlySet<string> = new Set(['replace', 'replace-cross']);
/** A source that does not say (HF, the arXiv API) or says "new" outranks a cross-list, which outranks a replacement. */
const ANNOUNCE_RANK: Readonly<Record<string, number>> = { new: 0, cross: 1, replace: 2, 'replace-cross': 2 };
const rank = (type: string | null): number => ANNOUNCE_RANK[type ?? 'new'] ?? 0;
const newestAnnouncement = (old: string | null, next: string | null): string | null => (rank(next) < rank(old) ? next : old);
