/** arXiv RSS 2.0 feeds (rss.arxiv.org). All announce types are kept. */
import { unique } from './arxiv-atom.ts';
import { arxivIdFrom, formatDate, isoDatePart, isValidDate, monthNumber, normalizeInput, normalizeText, optionDate } from './normalize.ts';
import { ParseError } from './types.ts';
import type { Listing, ParseOptions, ParsedPaper } from './types.ts';
import { childElements, childText, firstChild, parseXml, readEntries, textOf, type XmlElement } from './xml.ts';

export function parseArxivRss(text: string, options: ParseOptions = {}): Listing {
  const root = parseXml(normalizeInput(text));
  const channel = root.name === 'rss' ? firstChild(root, 'channel') : undefined;
  if (!channel) throw new ParseError(`expected an RSS <rss><channel> feed from arXiv, found <${root.name}>`, null, root.line);
  const listingDate = optionDate(options) ?? printedDate(childText(channel, 'pubDate'));
  const { papers, problems } = readEntries(childElements(channel, 'item'), readItem, 'item');
  return { listingDate, source: 'arxiv-rss', papers, problems };
}

function readItem(item: XmlElement): ParsedPaper | string {
  const description = normalizeText(textOf(firstChild(item, 'description')));
  const guid = childText(item, 'guid') ?? '';
  const ref = arxivIdFrom(childText(item, 'link') ?? '') ?? arxivIdFrom(guid);
  if (!ref) return 'no arXiv id in <link> or <guid>';
  const title = childText(item, 'title');
  if (!title) return `${ref.id} has no <title>`;
  const authors = childElements(item, 'dc:creator').flatMap((creator) => splitAuthors(textOf(creator)));
  const doi = childText(item, 'arxiv:DOI') ?? childText(item, 'arxiv:doi');
  return {
    title,
    abstract: abstractOf(description),
    authorCount: authors.length,
    authors,
    organization: null,
    publishedAt: printedDate(childText(item, 'pubDate')),
    upvotes: 0,
    arxivId: ref.id,
    url: `https://arxiv.org/abs/${ref.id}`,
    version: versionOf(description, guid, ref.id) ?? ref.version,
    pdfUrl: `https://arxiv.org/pdf/${ref.id}`,
    categories: unique(childElements(item, 'category').map((category) => normalizeText(textOf(category)))),
    doi,
    announceType: announceTypeOf(item, description),
  };
}

function abstractOf(description: string): string {
  const at = description.indexOf('Abstract:');
  return at < 0 ? description : description.slice(at + 'Abstract:'.length).trim();
}

/** The version named in the description ("arXiv:2205.06398v2") or the guid, for the item's own id. */
function versionOf(description: string, guid: string, id: string): string | null {
  for (const source of [/arXiv:(\S+)/.exec(description)?.[1] ?? '', guid]) {
    const ref = arxivIdFrom(source);
    if (ref?.id === id && ref.version) return ref.version;
  }
  return null;
}

function announceTypeOf(item: XmlElement, description: string): string | null {
  const type = childText(item, 'arxiv:announce_type') ?? /Announce Type:\s*(\S+)/.exec(description)?.[1] ?? null;
  return type ? type.toLowerCase() : null;
}

const NAME_SUFFIX = /^(?:jr|sr|ii|iii|iv)\.?$/i;

/** dc:creator is one comma-joined string: "A, B, and C" or "A and B". */
export function splitAuthors(creator: string): string[] {
  const names: string[] = [];
  for (const part of splitOutsideParens(normalizeText(creator))) {
    for (const piece of part.includes('(') ? [part] : part.split(/(?:^|\s+)and\s+/)) {
      const name = piece.trim();
      if (!name) continue;
      if (NAME_SUFFIX.test(name) && names.length > 0) names[names.length - 1] += ` ${name}`;
      else names.push(name);
    }
  }
  return names;
}

function splitOutsideParens(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** "Thu, 24 Sep 2026 00:00:00 -0400" → 2026-09-24: the date as printed, in the feed's own offset. */
export function printedDate(value: string | null): string | null {
  if (!value) return null;
  const match = /(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})/.exec(value);
  const month = match?.[2] ? monthNumber(match[2]) : null;
  if (!match || month === null) return isoDatePart(value);
  const [year, day] = [Number(match[3]), Number(match[1])];
  return isValidDate(year, month, day) ? formatDate(year, month, day) : null;
}
