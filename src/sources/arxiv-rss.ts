/** arXiv's daily feed (rss.arxiv.org), as RSS 2.0 or in its Atom form. Every announce type is kept and labelled. */
import { isDailyAtomFeed, printedDate, readAtomEntry, readRssItem } from './arxiv-daily.ts';
import { isoDatePart, normalizeInput, optionDate } from './normalize.ts';
import { ParseError } from './types.ts';
import type { Listing, ParseOptions } from './types.ts';
import { childElements, childText, firstChild, parseXml, readEntries, type XmlElement } from './xml.ts';

export { splitAuthors } from './authors.ts';
export { printedDate } from './arxiv-daily.ts';

export function parseArxivRss(text: string, options: ParseOptions = {}): Listing {
  const root = parseXml(normalizeInput(text));
  if (isDailyAtomFeed(root)) return readDailyAtom(root, options);
  const channel = root.name === 'rss' ? firstChild(root, 'channel') : undefined;
  if (!channel) throw new ParseError(`expected an RSS <rss><channel> feed from arXiv, found <${root.name}>`, null, root.line);
  const listingDate = optionDate(options) ?? printedDate(childText(channel, 'pubDate'));
  const { papers, problems } = readEntries(childElements(channel, 'item'), readRssItem, 'item');
  return { listingDate, source: 'arxiv-rss', papers, problems };
}

/** rss.arxiv.org/atom/…: the same listing as the RSS form, so the same source. */
export function readDailyAtom(root: XmlElement, options: ParseOptions): Listing {
  const entries = childElements(root, 'entry');
  const days = new Set(entries.map((entry) => isoDatePart(childText(entry, 'published'))).filter((day) => day !== null));
  const announced = days.size === 1 ? [...days][0] : undefined;
  const listingDate = optionDate(options) ?? announced ?? isoDatePart(childText(root, 'updated'));
  const { papers, problems } = readEntries(entries, readAtomEntry, 'entry');
  return { listingDate, source: 'arxiv-rss', papers, problems };
}
