/**
 * arXiv's public metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json"): JSON lines, one paper a line,
 * with `id`, `submitter`, `authors`, `title`, `comments`, `journal-ref`, `doi`, `report-no`, `categories`
 * (space-separated, primary first), `license`, `abstract` (hard-wrapped), `versions` [{version, created}],
 * `update_date` and `authors_parsed` [[last, first, suffix]]. Files run to millions of lines, so ingest reads
 * them line by line (parseArxivMetadataLine); parseArxivMetadata reads a whole small file.
 */
import { arxivIdFrom, normalizeInput, normalizeText, optionDate } from './normalize.ts';
import type { Listing, ParseOptions, ParsedPaper, ParseProblem } from './types.ts';

const MONTHS: Readonly<Record<string, string>> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** True when the text starts like a metadata snapshot: a first line that is a paper record. */
export function looksLikeArxivMetadata(head: string): boolean {
  const start = head.trimStart();
  if (!start.startsWith('{')) return false;
  const end = start.indexOf('\n');
  const first = end < 0 ? start : start.slice(0, end);
  try {
    const record = JSON.parse(first) as Record<string, unknown>;
    return (
      typeof record === 'object' &&
      record !== null &&
      'id' in record &&
      'abstract' in record &&
      ('versions' in record || 'authors_parsed' in record)
    );
  } catch {
    // A first line longer than the head: its opening keys still tell.
    return end < 0 && /^\{\s*"id"\s*:\s*"[^"]+"\s*,\s*"submitter"\s*:/.test(first);
  }
}

/** One line of the snapshot: the paper, a problem (with its line number), or null for a blank line. */
export function parseArxivMetadataLine(line: string, lineNumber: number): ParsedPaper | ParseProblem | null {
  if (line.trim() === '') return null;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch (error) {
    return { line: lineNumber, message: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof record !== 'object' || record === null || Array.isArray(record)) return { line: lineNumber, message: 'not a JSON object' };
  const ref = typeof record.id === 'string' ? arxivIdFrom(record.id) : null;
  if (!ref) return { line: lineNumber, message: `no arXiv id (id: ${JSON.stringify(record.id)?.slice(0, 40)})` };
  const title = text(record.title);
  if (!title) return { line: lineNumber, message: `${ref.id} has no title` };
  const versions = Array.isArray(record.versions) ? (record.versions as { version?: unknown; created?: unknown }[]) : [];
  const latest = versions.at(-1)?.version;
  const categories = text(record.categories)?.split(' ') ?? [];
  const authors = authorNames(record.authors_parsed, record.authors);
  return {
    title,
    abstract: text(record.abstract) ?? '',
    authorCount: authors.length > 0 ? authors.length : null,
    authors,
    organization: null,
    publishedAt: rfc2822Date(versions[0]?.created) ?? isoDay(record.update_date),
    upvotes: 0,
    arxivId: ref.id,
    url: `https://arxiv.org/abs/${ref.id}`,
    version: typeof latest === 'string' && /^v\d+$/.test(latest) ? latest : ref.version,
    pdfUrl: `https://arxiv.org/pdf/${ref.id}`,
    categories,
    primaryCategory: categories[0] ?? null,
    comment: text(record.comments),
    journalRef: text(record['journal-ref']),
    doi: text(record.doi),
  };
}

/** A whole snapshot file (or a slice of one) as a listing; bad lines are reported, good ones kept. */
export function parseArxivMetadata(input: string, options: ParseOptions = {}): Listing {
  const papers: ParsedPaper[] = [];
  const problems: ParseProblem[] = [];
  normalizeInput(input)
    .split('\n')
    .forEach((line, i) => {
      const result = parseArxivMetadataLine(line, i + 1);
      if (result === null) return;
      if ('title' in result) papers.push(result);
      else problems.push(result);
    });
  return { listingDate: optionDate(options), source: 'arxiv-metadata', papers, problems };
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const clean = normalizeText(value);
  return clean === '' ? null : clean;
}

/** "First Last Suffix" from authors_parsed; the `authors` string (comma- and "and"-separated) when that is missing. */
function authorNames(parsed: unknown, written: unknown): string[] {
  if (Array.isArray(parsed) && parsed.length > 0) {
    return parsed
      .map((parts) =>
        Array.isArray(parts) ? normalizeText([parts[1], parts[0], parts[2]].filter((p) => typeof p === 'string').join(' ')) : '',
      )
      .filter((name) => name !== '');
  }
  const line = text(written);
  return line ? line.split(/,\s*(?:and\s+)?|\s+and\s+/).filter((name) => name !== '') : [];
}

/** "Mon, 2 Apr 2007 19:18:42 GMT" → 2007-04-02. */
function rfc2822Date(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = /(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})/.exec(value);
  const month = match ? MONTHS[match[2]!] : undefined;
  return match && month ? `${match[3]}-${month}-${match[1]!.padStart(2, '0')}` : null;
}

function isoDay(value: unknown): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : null;
}
