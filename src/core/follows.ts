/**
 * Following authors and organisations. Names are ambiguous, so a paper's author matches a followed one by the
 * normalised name (accents, case, initials: "Y. LeCun" ~ "Yann LeCun"), and the match is confirmed only when the
 * paper shares a co-author, organisation or arXiv category with the papers the follow was made from.
 */
import { UserError } from '../errors.ts';
import type { StoreApi } from '../store/api.ts';
import type { Follow, FollowContext } from '../store/follows.ts';
import type { Paper } from '../store/types.ts';

/** Accents folded, lower case, punctuation as spaces: "Zoë  Ångström" -> "zoe angstrom". */
export function foldName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Given names and surname; "LeCun, Yann" is read as "Yann LeCun". */
interface Name {
  readonly given: readonly string[];
  readonly last: string;
}

function nameParts(name: string): Name {
  const [surname, ...first] = name.includes(',') ? name.split(',') : [name];
  const ordered = first.length > 0 ? `${first.join(' ')} ${surname}` : name;
  const words = foldName(ordered).split(' ').filter(Boolean);
  return { given: words.slice(0, -1), last: words.at(-1) ?? '' };
}

const sameGiven = (a: string, b: string) => a === b || (a.length === 1 && b.startsWith(a)) || (b.length === 1 && a.startsWith(b));

/** Same surname, and each given name the two share a place for is the same or an initial of the other. */
export function namesMatch(a: string, b: string): boolean {
  return partsMatch(nameParts(a), nameParts(b));
}

function partsMatch(x: Name, y: Name): boolean {
  if (!x.last || x.last !== y.last) return false;
  const n = Math.min(x.given.length, y.given.length);
  return x.given.slice(0, n).every((g, i) => sameGiven(g, y.given[i]!));
}

export const surnameOf = (name: string): string => nameParts(name).last;

/** First initial and surname ("y lecun"): co-authors compare by it through a set, never pairwise (collaborations list thousands). */
const initialKey = ({ given, last }: Name): string => `${given[0]?.[0] ?? ''} ${last}`;

/**
 * A paper's author names, parsed once however many channels and follows look (a tick's candidates are shared),
 * by surname: a follow looks up its own, so a thousand-author paper costs one parse, not one per follow.
 */
const authorNames = new WeakMap<Paper, { all: Name[]; bySurname: Map<string, Name[]> }>();

function namesOf(paper: Paper): { all: Name[]; bySurname: Map<string, Name[]> } {
  let names = authorNames.get(paper);
  if (!names) {
    const all = paper.authors.map(nameParts);
    const bySurname = new Map<string, Name[]>();
    for (const name of all) bySurname.set(name.last, [...(bySurname.get(name.last) ?? []), name]);
    names = { all, bySurname };
    authorNames.set(paper, names);
  }
  return names;
}

const orgNames = (paper: Paper): string[] =>
  paper.organization ? [foldName(paper.organization.name), foldName(paper.organization.slug)].filter(Boolean) : [];

/** What the store knows of an author: co-authors, organisations and categories of the papers with a matching name. */
export async function authorContext(store: StoreApi, name: string): Promise<FollowContext> {
  const ids = await store.follows.papersWithAuthorWord(surnameOf(name));
  const papers = (await store.papers.getMany(ids)).filter((p) => p.authors.some((a) => namesMatch(a, name)));
  const coauthors = new Set<string>();
  const orgs = new Set<string>();
  const categories = new Set<string>();
  for (const paper of papers) {
    for (const author of paper.authors) if (!namesMatch(author, name)) coauthors.add(foldName(author));
    for (const org of orgNames(paper)) orgs.add(org);
    for (const category of paper.categories) categories.add(category);
  }
  // Bounded: a follow made from a thousand-author collaboration stores what it needs, not the whole list.
  return {
    coauthors: [...coauthors].slice(0, MAX_COAUTHORS),
    orgs: [...orgs].slice(0, 50),
    categories: [...categories].slice(0, 50),
    papers: papers.length,
  };
}

const MAX_COAUTHORS = 2_000;

export interface FollowMatch {
  readonly follow: Follow;
  /** 1 when confirmed (or an organisation), ½ when only the name matches: the ranking's `followed` signal. */
  readonly strength: number;
  /** The reason shown under the paper. */
  readonly reason: string;
}

/** How the paper relates to the channel's follows: the strongest match, or undefined. */
export function followMatch(paper: Paper, follows: readonly Follow[]): FollowMatch | undefined {
  let best: FollowMatch | undefined;
  for (const follow of follows) {
    const match = follow.kind === 'org' ? orgMatch(paper, follow) : authorMatch(paper, follow);
    if (match && (!best || match.strength > best.strength)) best = match;
  }
  return best;
}

function orgMatch(paper: Paper, follow: Follow): FollowMatch | undefined {
  if (!paper.organization || !orgNames(paper).some((o) => o === follow.key || ` ${o} `.includes(` ${follow.key} `))) return undefined;
  return { follow, strength: 1, reason: `from ${paper.organization.name}, which this channel follows` };
}

/** Each follow's name and co-author keys, built once per digest (the follows read for it), not once per paper. */
const followNames = new WeakMap<Follow, { name: Name; coauthors: Set<string> }>();

function authorMatch(paper: Paper, follow: Follow): FollowMatch | undefined {
  let me = followNames.get(follow);
  if (!me) {
    me = { name: nameParts(follow.name), coauthors: new Set(follow.context.coauthors.map((c) => initialKey(nameParts(c)))) };
    followNames.set(follow, me);
  }
  const names = namesOf(paper);
  const author = names.bySurname.get(me.name.last)?.find((n) => partsMatch(n, me.name));
  if (!author) return undefined;
  const { orgs, categories } = follow.context;
  const known = me.coauthors;
  const confirmed =
    names.all.some((a) => a !== author && known.has(initialKey(a))) ||
    orgNames(paper).some((o) => orgs.includes(o)) ||
    paper.categories.some((c) => categories.includes(c));
  return confirmed
    ? { follow, strength: 1, reason: `by ${follow.name}, whom this channel follows` }
    : { follow, strength: 0.5, reason: `possibly by ${follow.name}: name matches, no shared co-author or category` };
}

/** Parses `author:"Name"` / `org:nvidia` (a bare name is an author). */
export function parseFollowTarget(text: string): { kind: 'author' | 'org'; name: string } | undefined {
  const m = /^\s*(?:(author|org|organi[sz]ation)\s*:)?\s*(.*?)\s*$/isu.exec(text);
  const name = (m?.[2] ?? '').replace(/^["“”']+|["“”']+$/gu, '').trim();
  if (!name || name.length > 120) return undefined;
  return { kind: m?.[1] && m[1].toLowerCase() !== 'author' ? 'org' : 'author', name };
}

export const FOLLOW_OPTION = {
  type: 'string',
  description: 'author:"Name" or org:name (a bare name is an author)',
  required: true,
  rest: true,
} as const;

/** The follow a command names, with its key; a clear error when there is no name. */
export function followTarget(text: string): { kind: 'author' | 'org'; name: string; key: string } {
  const target = parseFollowTarget(text);
  const key = target ? foldName(target.name) : '';
  if (!target || !key)
    throw new UserError(
      'bad-args',
      'Whom to follow? Give an author or an organisation.',
      'For example: follow author:"Yann LeCun" or follow org:nvidia',
    );
  return { ...target, key };
}

/** How a follow reads in a list: “Yann LeCun” (author, 3 known papers) / nvidia (organisation). */
export function describeFollow(follow: Follow): string {
  if (follow.kind === 'org') return `organisation “${follow.name}”`;
  const known = follow.context.papers;
  return `author “${follow.name}” (${known === 0 ? 'no known papers yet' : `${known} known paper${known === 1 ? '' : 's'}`})`;
}
