/**
 * `<ref>`: an arXiv id (with or without version, or an arXiv / Hugging Face URL), a number from the last
 * list the asker saw here (src/core/lists.ts decides which), or a title fragment that matches exactly one paper.
 */
import { UserError } from '../errors.ts';
import type { StoreApi } from '../store/api.ts';
import type { ChatPlatform, Paper } from '../store/types.ts';
import { findList } from './lists.ts';
import { echo } from './query.ts';

export interface RefScope {
  readonly channel: { readonly platform: ChatPlatform; readonly id: string };
  /** The thread the command came from; its own list wins over the channel's. */
  readonly threadId?: string;
  /** Who asks: their own (private) list wins over the shared one. */
  readonly userId?: string;
}

const NEW_ID = /^(\d{4}\.\d{4,5})(?:v\d+)?$/;
const OLD_ID = /^([a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?$/i;
const URL_ID =
  /^(?:https?:\/\/)?(?:www\.|export\.)?(?:arxiv\.org\/(?:abs|pdf|html)|huggingface\.co\/papers|hf\.co\/papers)\/(.+?)(?:\.pdf)?\/?(?:[?#].*)?$/i;
const LIST_NUMBER = /^#?(\d{1,3})$/;
const SEPARATORS = /\s*(?:,|;|&|\+|\bvs\.?(?=\s|$)|\bversus\b|\band\b)\s*/i;

/** The arXiv id (no version) a ref names, or null when it is not one. Slack's <url|label> wrapping is undone. */
export function arxivIdOf(ref: string): string | null {
  const text = ref
    .trim()
    .replace(/^<([^|>]*)(?:\|[^>]*)?>$/, '$1')
    .replace(/^arxiv:\s*/i, '');
  const bare = URL_ID.exec(text)?.[1] ?? text;
  return NEW_ID.exec(bare)?.[1] ?? OLD_ID.exec(bare)?.[1]?.toLowerCase() ?? null;
}

const isIdLike = (token: string): boolean => LIST_NUMBER.test(token) || arxivIdOf(token) !== null;

/** "2 and 5", "2,5", "2 5", "1 vs 3", `"a title" "another"`: the refs in order. Words between ids stay one title fragment. */
export function splitRefs(text: string): string[] {
  const refs: string[] = [];
  for (const segment of text.matchAll(/["“”]([^"“”]*)["“”]?|[^"“”]+/g)) {
    if (segment[1] !== undefined) {
      if (segment[1].trim()) refs.push(segment[1].trim());
      continue;
    }
    for (const piece of segment[0]
      .split(SEPARATORS)
      .map((p) => p.trim())
      .filter(Boolean)) {
      const tokens = piece.split(/\s+/);
      if (tokens.every(isIdLike)) refs.push(...tokens);
      else refs.push(piece);
    }
  }
  return refs;
}

export async function resolveRef(store: StoreApi, ref: string, scope: RefScope): Promise<Paper> {
  const number = LIST_NUMBER.exec(ref.trim());
  if (number) return fromList(store, Number(number[1]), scope);
  const arxivId = arxivIdOf(ref);
  if (arxivId) {
    const paper = await store.papers.getByArxivId(arxivId);
    if (!paper) {
      throw new UserError(
        'unknown-paper',
        `arXiv:${arxivId} is not among the papers I know.`,
        'I know the papers from the listings I have ingested; try search with words from its title.',
      );
    }
    return paper;
  }
  return fromTitle(store, ref.trim());
}

/** Between `min` and `max` different papers; `what` names them in errors ("compare needs …"). */
export async function resolveRefs(
  store: StoreApi,
  text: string,
  scope: RefScope,
  limits: { min: number; max: number; what: string },
): Promise<Paper[]> {
  const refs = splitRefs(text);
  if (refs.length > limits.max) {
    throw new UserError('bad-args', `${limits.what} takes at most ${limits.max} papers; you gave ${refs.length}.`);
  }
  const resolved: Paper[] = [];
  for (const ref of refs) resolved.push(await resolveRef(store, ref, scope));
  const papers = [...new Map(resolved.map((p) => [p.id, p] as const)).values()];
  if (papers.length < limits.min) {
    throw new UserError(
      'bad-args',
      `${limits.what} needs at least ${limits.min} different papers; you gave ${papers.length}.`,
      'Refer to papers by number from the last list, by arXiv id, or by title words.',
    );
  }
  return papers;
}

async function fromList(store: StoreApi, number: number, scope: RefScope): Promise<Paper> {
  const list = await findList(store, scope, scope.userId ?? '');
  if (!list || list.paperIds.length === 0) {
    throw new UserError(
      'unknown-paper',
      `There is no numbered list here yet, so I do not know which paper ${number} is.`,
      'Run digest, top or search first, or use an arXiv id or title words.',
    );
  }
  const id = list.paperIds[number - 1];
  const paper = id === undefined ? undefined : await store.papers.get(id);
  if (!paper) {
    const count = list.paperIds.length;
    throw new UserError(
      'unknown-paper',
      `${capital(list.name)} has ${count} paper${count === 1 ? '' : 's'}; there is no number ${number}.`,
    );
  }
  return paper;
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "Papers 1 and 2 of your search “sparse attention”": said when the numbers in `text` came from one of
 * several lists here that number differently, so the asker knows which one was meant.
 */
export async function listNote(store: StoreApi, text: string, scope: RefScope): Promise<string | undefined> {
  const numbers = splitRefs(text)
    .map((ref) => LIST_NUMBER.exec(ref.trim())?.[1])
    .filter((n): n is string => n !== undefined);
  if (numbers.length === 0) return undefined;
  const list = await findList(store, scope, scope.userId ?? '');
  if (!list?.ambiguous) return undefined;
  const unique = [...new Set(numbers)];
  const joined = unique.length === 1 ? unique[0] : `${unique.slice(0, -1).join(', ')} and ${unique.at(-1)}`;
  return `${unique.length === 1 ? 'Paper' : 'Papers'} ${joined} of ${list.name}.`;
}

async function fromTitle(store: StoreApi, fragment: string): Promise<Paper> {
  if (fragment.replace(/\W/g, '').length < 3) {
    throw new UserError(
      'unknown-paper',
      `“${echo(fragment)}” is too short to find a paper by its title.`,
      'Use a number from the last list, an arXiv id, or a few words of the title.',
    );
  }
  const matches = await store.papers.findByTitle(fragment, 6);
  const normal = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  const exact = matches.filter((p) => normal(p.title) === normal(fragment));
  if (matches.length === 1 || exact.length === 1) return (exact[0] ?? matches[0])!;
  if (matches.length === 0) {
    throw new UserError(
      'unknown-paper',
      `No paper title contains “${echo(fragment)}”.`,
      `Try search ${echo(fragment, 40)} and then refer to a result by its number.`,
    );
  }
  const listed = matches.slice(0, 5).map((p) => `• ${p.title}${p.arxivId ? ` (${p.arxivId})` : ''}`);
  const count = matches.length > 5 ? 'more than 5 papers' : `${matches.length} papers`;
  throw new UserError(
    'ambiguous-ref',
    `“${echo(fragment)}” matches ${count}:\n${listed.join('\n')}`,
    'Use more words of the title, the arXiv id, or search and pick a number.',
  );
}
