/** arXiv API (Atom) responses; the Atom form of the daily feed (rss.arxiv.org/atom) is read as what it is. */
import { isDailyAtomFeed } from './arxiv-daily.ts';
import { readDailyAtom } from './arxiv-rss.ts';
import { arxivIdFrom, isoDatePart, normalizeInput, optionDate } from './normalize.ts';
import { ParseError } from './types.ts';
import type { Listing, ParseOptions, ParsedPaper } from './types.ts';
import { childElements, childText, firstChild, parseXml, readEntries, type XmlElement } from './xml.ts';

export function parseArxivAtom(text: string, options: ParseOptions = {}): Listing {
  const root = parseXml(normalizeInput(text));
  if (root.name !== 'feed') {
    throw new ParseError(`expected an Atom <feed> from the arXiv API, found <${root.name}>`, null, root.line);
  }
  if (isDailyAtomFeed(root)) return readDailyAtom(root, options);
  const listingDate = optionDate(options) ?? isoDatePart(childText(root, 'updated'));
  const { papers, problems } = readEntries(childElements(root, 'entry'), readEntry, 'entry');
  return { listingDate, source: 'arxiv-atom', papers, problems };
}

function readEntry(entry: XmlElement): ParsedPaper | string {
  const idText = childText(entry, 'id') ?? '';
  if (idText.includes('/api/errors')) {
    const reason = childText(entry, 'summary') ?? idText;
    throw new ParseError(`the arXiv API answered with an error: ${reason}`, null, entry.line);
  }
  const ref = arxivIdFrom(idText);
  if (!ref) return idText ? `no arXiv id in <id>${idText}</id>` : 'no <id>';
  const title = childText(entry, 'title');
  if (!title) return `${ref.id} has no <title>`;
  const authors = childElements(entry, 'author')
    .map((author) => childText(author, 'name'))
    .filter((name): name is string => name !== null);
  const categories = unique(childElements(entry, 'category').map((category) => category.attrs.term?.trim() ?? ''));
  const primary = firstChild(entry, 'arxiv:primary_category')?.attrs.term?.trim();
  return {
    title,
    abstract: childText(entry, 'summary') ?? '',
    authorCount: authors.length > 0 ? authors.length : null,
    authors,
    organization: null,
    publishedAt: isoDatePart(childText(entry, 'published')),
    upvotes: 0,
    arxivId: ref.id,
    url: `https://arxiv.org/abs/${ref.id}`,
    version: ref.version,
    pdfUrl: `https://arxiv.org/pdf/${ref.id}`,
    categories,
    primaryCategory: primary || (categories[0] ?? null),
    comment: childText(entry, 'arxiv:comment'),
    journalRef: childText(entry, 'arxiv:journal_ref'),
    doi: childText(entry, 'arxiv:doi') ?? doiFromLinks(entry),
  };
}

function doiFromLinks(entry: XmlElement): string | null {
  const link = childElements(entry, 'link').find((l) => l.attrs.title === 'doi');
  const match = link?.attrs.href ? /doi\.org\/(.+)$/.exec(link.attrs.href) : null;
  if (!match?.[1]) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}
