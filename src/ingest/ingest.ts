import { createHash } from 'node:crypto';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { detectFormat, parseListing } from '../sources/detect.ts';
import { fetchText, type FetchOptions } from '../sources/fetch.ts';
import { ParseError, type ParseProblem, type SourceKind } from '../sources/types.ts';
import type { StoreApi } from '../store/api.ts';
import type { Trimmed } from '../store/papers.ts';
import { ingestSnapshot } from './snapshot.ts';
import { errorMessage } from '../errors.ts';

export interface IngestOptions {
  format?: SourceKind;
  date?: string;
  fetch?: FetchOptions & { minIntervalFor?: (url: string) => number };
  onProgress?: (done: number, total: number, current: string) => void;
  /** Within a bulk file (an arXiv metadata snapshot): bytes done, its size, and papers so far. */
  onFileProgress?: (done: number, total: number, current: string) => void;
  /** Papers per committed batch of a bulk file. */
  batch?: number;
  now?: () => Date;
}

export interface TargetReport {
  target: string;
  source?: SourceKind;
  listingDate?: string | null;
  papers: number;
  new: number;
  updated: number;
  unchanged: number;
  /** Cards or entries left out, with file:line and why. */
  problems: ParseProblem[];
  /** Bad lines of a bulk file beyond those listed in `problems`. */
  moreProblems?: number;
  /** Texts cut to the store's caps. */
  trimmed?: Trimmed[];
  /** A bulk file whose interrupted ingest this run continued: the line it started after, the papers stored before. */
  resumed?: { readonly line: number; readonly papers: number };
  /** Set when nothing from this target could be stored. */
  error?: string;
}

export interface IngestReport {
  targets: TargetReport[];
  totals: { files: number; failed: number; papers: number; new: number; updated: number; unchanged: number; skipped: number };
}

const isUrl = (target: string): boolean => /^https?:\/\//i.test(target);
const LISTING_FILE = /\.(txt|json|jsonl|ndjson|xml|atom|rss)$/i;

/** Expands folders into the listing files they hold (sorted, recursive); files and URLs stay as given. */
export function expandTargets(targets: readonly string[]): string[] {
  const out: string[] = [];
  for (const target of targets) {
    if (isUrl(target)) out.push(target);
    else if (safeIsDirectory(target)) out.push(...walk(target));
    else out.push(target);
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.isFile() && LISTING_FILE.test(entry.name) ? [path] : [];
    });
}

function safeIsDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Reads, parses and stores each target; one transaction per target, so a bad or interrupted one changes nothing. */
export async function ingestTargets(store: StoreApi, targets: readonly string[], options: IngestOptions = {}): Promise<IngestReport> {
  const expanded = expandTargets(targets);
  const reports: TargetReport[] = [];
  for (const [index, target] of expanded.entries()) {
    options.onProgress?.(index, expanded.length, target);
    reports.push(await ingestOne(store, target, options));
  }
  options.onProgress?.(expanded.length, expanded.length, '');
  return { targets: reports, totals: totalsOf(reports) };
}

async function ingestOne(store: StoreApi, target: string, options: IngestOptions): Promise<TargetReport> {
  const report: TargetReport = { target, papers: 0, new: 0, updated: 0, unchanged: 0, problems: [] };
  let text: string;
  try {
    if (!isUrl(target) && isSnapshot(target, options.format)) return await snapshotReport(store, target, report, options);
    text = isUrl(target) ? await fetchFor(target, options) : readFileSync(target, 'utf8');
  } catch (error) {
    return { ...report, error: readError(target, error) };
  }
  try {
    const listing = parseListing(text, {
      file: target,
      ...(options.format ? { format: options.format } : {}),
      ...(options.date ? { date: options.date } : {}),
    });
    const hash = createHash('sha256').update(text).digest('hex');
    const { trimmed, ...counts } = await store.retryWhileBusy(() =>
      store.papers.ingestListing(listing, target, hash, options.now?.() ?? new Date()),
    );
    return {
      ...report,
      ...counts,
      ...(trimmed ? { trimmed } : {}),
      source: listing.source,
      listingDate: listing.listingDate,
      papers: listing.papers.length,
      problems: listing.problems,
    };
  } catch (error) {
    return { ...report, error: error instanceof ParseError ? error.message : `${target}: ${errorMessage(error)}` };
  }
}

/** An arXiv metadata snapshot, by --format or by its first line: streamed, never read whole. */
function isSnapshot(path: string, format: SourceKind | undefined): boolean {
  if (format !== undefined) return format === 'arxiv-metadata';
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(64 * 1024);
    return detectFormat(head.toString('utf8', 0, readSync(fd, head, 0, head.length, 0))) === 'arxiv-metadata';
  } finally {
    closeSync(fd);
  }
}

async function snapshotReport(store: StoreApi, path: string, report: TargetReport, options: IngestOptions): Promise<TargetReport> {
  const result = await ingestSnapshot(store, path, {
    ...(options.batch ? { batch: options.batch } : {}),
    ...(options.now ? { now: options.now } : {}),
    ...(options.onFileProgress ? { onProgress: options.onFileProgress } : {}),
  });
  const { moreProblems, trimmed, resumed, ...counts } = result;
  return {
    ...report,
    ...counts,
    source: 'arxiv-metadata',
    listingDate: null,
    ...(moreProblems > 0 ? { moreProblems } : {}),
    ...(trimmed.length > 0 ? { trimmed } : {}),
    ...(resumed ? { resumed } : {}),
  };
}

async function fetchFor(url: string, options: IngestOptions): Promise<string> {
  const fetchOptions = options.fetch ?? { timeoutMs: 20_000, retries: 3 };
  const minIntervalMs = fetchOptions.minIntervalFor?.(url) ?? fetchOptions.minIntervalMs ?? 0;
  return fetchText(url, { ...fetchOptions, minIntervalMs });
}

function readError(target: string, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return `${target}: no such file or folder`;
  if (code === 'EISDIR') return `${target}: is a folder with no listing files`;
  if (code === 'EACCES') return `${target}: permission denied`;
  return isUrl(target) ? errorMessage(error) : `${target}: ${errorMessage(error)}`;
}

function totalsOf(reports: readonly TargetReport[]): IngestReport['totals'] {
  const totals = { files: reports.length, failed: 0, papers: 0, new: 0, updated: 0, unchanged: 0, skipped: 0 };
  for (const r of reports) {
    if (r.error) totals.failed += 1;
    totals.papers += r.papers;
    totals.new += r.new;
    totals.updated += r.updated;
    totals.unchanged += r.unchanged;
    totals.skipped += r.problems.length + (r.moreProblems ?? 0);
  }
  return totals;
}
