/**
 * arXiv's daily announcement feed (rss.arxiv.org) in both its forms: RSS 2.0 (`/rss/…`: <item>) and Atom
 * (`/atom/…`: <entry>). Each entry says how the paper is announced: new, cross (a new paper whose primary
 * category is another), replace or replace-cross (a new version of an older paper).
 */
import { splitAuthors } from './authors.ts';
import { arxivIdFrom, formatDate, isoDatePart, isValidDate, monthNumber, normalizeText } from './normalize.ts';
import type { ParsedPaper } from './types.ts';
import { childElements, childText, firstChild, textOf, type XmlElement } from './xml.ts';

/** What one entry says, whichever form it comes in. */
interface DailyEntry {
  /** Where the arXiv id may be, best first (the abs link, then the oai: id). */
  readonly ids: readonly string[];
  readonly title: string | null;
  /** "arXiv:2508.13167v1 Announce Type: new \nAbstract: …" */
  readonly description: string;
  readonly creators: readonly string[];
  readonly categories: readonly string[];
  /** The announcement's day (YYYY-MM-DD), in the feed's own offset. */
  readonly date: string | null;
}

/** A <feed> from rss.arxiv.org/atom rather than an arXiv API answer (whose entry ids are abs URLs). */
export function isDailyAtomFeed(root: XmlElement): boolean {
  if (root.name !== 'feed') return false;
  if (/^https?:\/\/(?:rss|export)\.arxiv\.org\/(?:atom|rss)\//.test(childText(root, 'id') ?? '')) return true;
  return childElements(root, 'entry').some(
    (entry) => firstChild(entry, 'arxiv:announce_type') !== undefined || (childText(entry, 'id') ?? '').startsWith('oai:'),
  );
}

export function readRssItem(item: XmlElement): ParsedPaper | string {
  return dailyPaper(item, {
    ids: [childText(item, 'link') ?? '', childText(item, 'guid') ?? ''],
    title: childText(item, 'title'),
    description: textOf(firstChild(item, 'description')),
    creators: childElements(item, 'dc:creator').map(textOf),
    categories: childElements(item, 'category').map(textOf),
    date: printedDate(childText(item, 'pubDate')),
  });
}

export function readAtomEntry(entry: XmlElement): ParsedPaper | string {
  const links = childElements(entry, 'link');
  const page = links.find((link) => (link.attrs.rel ?? 'alternate') === 'alternate') ?? links[0];
  const creators = childElements(entry, 'dc:creator').map(textOf);
  return dailyPaper(entry, {
    ids: [page?.attrs.href ?? '', childText(entry, 'id') ?? ''],
    title: childText(entry, 'title'),
    description: textOf(firstChild(entry, 'summary')),
    creators: creators.length > 0 ? creators : childElements(entry, 'author').map((author) => childText(author, 'name') ?? ''),
    categories: childElements(entry, 'category').map((category) => category.attrs.term ?? ''),
    date: isoDatePart(childText(entry, 'published')),
  });
}

function dailyPaper(element: XmlElement, entry: DailyEntry): ParsedPaper | string {
  const refs = entry.ids.map(arxivIdFrom);
  const ref = refs.find((r) => r !== null);
  if (!ref) return `no arXiv id in ${element.name === 'item' ? '<link> or <guid>' : '<link> or <id>'}`;
  if (!entry.title) return `${ref.id} has no <title>`;
  const description = normalizeText(entry.description);
  const stated = /^arXiv:(\S+)/.exec(description)?.[1] ?? '';
  const version = [arxivIdFrom(stated), ...refs].find((r) => r?.id === ref.id && r.version)?.version ?? null;
  const announceType = (childText(element, 'arxiv:announce_type') ?? ANNOUNCE_TYPE.exec(description)?.[1] ?? null)?.toLowerCase() ?? null;
  const authors = entry.creators.flatMap(splitAuthors);
  const categories = [...new Set(entry.categories.map(normalizeText).filter((c) => c !== ''))];
  return {
    title: entry.title,
    abstract: description.replace(PREAMBLE, ''),
    authorCount: authors.length > 0 ? authors.length : null,
    authors,
    organization: null,
    publishedAt: firstAnnouncement(announceType, version) ? entry.date : null,
    upvotes: 0,
    arxivId: ref.id,
    url: `https://arxiv.org/abs/${ref.id}`,
    version,
    pdfUrl: `https://arxiv.org/pdf/${ref.id}`,
    categories,
    // arXiv lists an entry's primary category first.
    primaryCategory: categories[0] ?? null,
    journalRef: childText(element, 'arxiv:journal_reference') ?? childText(element, 'arxiv:journal_ref'),
    doi: childText(element, 'arxiv:DOI') ?? childText(element, 'arxiv:doi'),
    announceType,
  };
}

const ANNOUNCE_TYPE = /Announce Type:\s*(\S+)/;
/** "arXiv:2508.13167v1 Announce Type: new Abstract: " before the abstract itself (each part optional). */
const PREAMBLE = /^(?:arXiv:\S+\s*)?(?:Announce Type:\s*\S+\s*)?(?:Abstract:\s*)?/;

/**
 * Whether the entry's date is the paper's first announcement: for a replacement it is the new version's day,
 * and a cross-list of a later version is one of an older paper. Otherwise the paper's date is left unknown.
 */
function firstAnnouncement(announceType: string | null, version: string | null): boolean {
  if (announceType === null || announceType === 'new') return true;
  return announceType === 'cross' && (version === null || version === 'v1');
}

/** "Thu, 24 Sep 2026 00:00:00 -0400" → 2026-09-24: the date as printed, in the feed offset. */
export function printedDate(value: string | null): string | null {
  if (!value) return null;
  const match = /(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})/.exec(value);
  const month = match?.[2] ? monthNumber(match[2]) : null;
  if (!match || month === null) return isoDatePart(value);
  const [year, day] = [Number(match[3]), Number(match[1])];
  return isValidDate(year, month, day) ? formatDate(year, month, day) : null;
}
