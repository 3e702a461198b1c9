/**
 * A paper's text for answering questions: its full text (arXiv HTML of that version) from the store, else
 * fetched once (concurrent questions from any number of channels share one fetch) and stored; else its
 * abstract, with the reason. A page arXiv does not have is remembered for a day, so it is not asked again.
 */
import { errorMessage } from '../errors.ts';
import { FullTextError, type FullTextSource } from '../fulltext/fetch.ts';
import type { Logger } from '../log.ts';
import type { StoreApi } from '../store/api.ts';
import type { Paper } from '../store/types.ts';

export interface PaperText {
  readonly paper: Paper;
  /** Set when the full text is in the store: where to find its passages. */
  readonly full?: { readonly arxivId: string; readonly version: string };
  /** Why the abstract stands in for the full text. */
  readonly note?: string;
}

const MISSING_KEPT_MS = 24 * 60 * 60 * 1000;
const inFlight = new WeakMap<StoreApi, Map<string, Promise<string | undefined>>>();

/** "v2" when the paper's arXiv link names a version, else "" (arXiv serves the latest). */
export function versionOf(paper: Paper): string {
  for (const url of [paper.url, paper.pdfUrl]) {
    const version = url && /arxiv\.org\/(?:abs|pdf|html)\/[^\s?#]*?(v\d{1,3})(?:\.pdf)?\/?(?:[?#]|$)/i.exec(url)?.[1];
    if (version) return version;
  }
  return '';
}

export async function paperText(
  store: StoreApi,
  source: FullTextSource | undefined,
  paper: Paper,
  log: Logger,
  now = new Date(),
): Promise<PaperText> {
  if (!paper.arxivId) return { paper, note: 'it has no arXiv id' };
  const arxivId = paper.arxivId;
  const version = versionOf(paper);
  const stored = await store.fullText.doc(arxivId, version);
  if (stored?.state === 'html') return { paper, full: { arxivId, version } };
  const missing = { paper, note: 'arXiv has no HTML version of it' };
  if (stored && now.getTime() - Date.parse(stored.fetchedAt) < MISSING_KEPT_MS) return missing;
  if (!source) return { paper, note: 'full texts are not fetched here' };
  const key = `${arxivId}${version}`;
  const pending = inFlight.get(store) ?? new Map<string, Promise<string | undefined>>();
  inFlight.set(store, pending);
  let fetching = pending.get(key);
  if (!fetching) {
    fetching = fetchAndStore(store, source, arxivId, version, log, now).finally(() => pending.delete(key));
    pending.set(key, fetching);
  }
  const failure = await fetching;
  if (failure === undefined) return { paper, full: { arxivId, version } };
  return failure === 'missing' ? missing : { paper, note: failure };
}

/** undefined when the full text is now stored; 'missing' when arXiv has none; else why it could not be had. */
async function fetchAndStore(store: StoreApi, source: FullTextSource, arxivId: string, version: string, log: Logger, now: Date) {
  try {
    const fetched = await source.fetch(arxivId, version);
    const doc =
      fetched.kind === 'html' && fetched.parsed.passages.length > 0
        ? { state: 'html' as const, title: fetched.parsed.title, passages: fetched.parsed.passages }
        : { state: 'missing' as const, title: '', passages: [] };
    await store.retryWhileBusy(() => store.fullText.save(arxivId, version, doc, now));
    log.info("fetched a paper's full text", { arxivId, version, state: doc.state, passages: doc.passages.length });
    return doc.state === 'html' ? undefined : 'missing';
  } catch (error) {
    log.warn("could not fetch a paper's full text", { arxivId, version, error: errorMessage(error) });
    return error instanceof FullTextError ? error.message : 'its full text could not be fetched';
  }
}
