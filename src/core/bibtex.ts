/**
 * BibTeX for papers, in the shape arXiv's own export uses (`@misc` with `eprint`, `archivePrefix = {arXiv}`,
 * `primaryClass`), `@article` with `journal` when the paper has a journal reference. Accents stay UTF-8:
 * biblatex (with biber) and modern BibTeX engines read it; classic 8-bit BibTeX may need `inputenc`.
 */
import type { Block, Reply } from '../message/model.ts';
import type { Paper } from '../store/types.ts';

export interface BibEntry {
  readonly key: string;
  readonly paperId: number;
  readonly text: string;
}

// Braces become commands, not `\{`: BibTeX counts every brace, escaped or not, so a lone `\{` would end the field early.
const SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\textbraceleft{}',
  '}': '\\textbraceright{}',
  '%': '\\%',
  '&': '\\&',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
};

/** Text safe inside a braced BibTeX field: specials escaped, whitespace (newlines, tabs) folded to one space. */
export function escapeBibtex(text: string): string {
  return text
    .replace(/[\s\u0000-\u001f]+/g, ' ')
    .trim()
    .replace(/[\\{}%&$#_]/g, (c) => SPECIAL[c]!);
}

const STOP_WORDS = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'in', 'to', 'with', 'and', 'is', 'are', 'towards', 'toward']);

/** ASCII letters and digits only, lower case: "Ångström" → "angstrom". */
const keyPart = (text: string): string =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const surname = (name: string): string => keyPart(name.trim().split(/\s+/).at(-1) ?? '');

const yearOf = (paper: Paper): string | null => /^(\d{4})/.exec(paper.publishedAt ?? '')?.[1] ?? null;

/** surname + year + first title word that is not a stop word, e.g. "vaswani2017attention". */
export function baseKey(paper: Paper): string {
  const words = paper.title.split(/\s+/).map(keyPart).filter(Boolean);
  const word = words.find((w) => !STOP_WORDS.has(w)) ?? words[0] ?? '';
  return `${surname(paper.authors[0] ?? '') || 'anon'}${yearOf(paper) ?? ''}${word}`;
}

// A name with a word "and" in it would split into two authors; braces keep it one.
const author = (name: string): string => (/\band\b/i.test(name) ? `{${escapeBibtex(name)}}` : escapeBibtex(name));

const DOI = /^10\.\d{4,9}\/[^\s{}\\%#]+$/;
const SAFE_URL = /^https?:\/\/[^\s{}\\%#"<>]+$/;

function fields(paper: Paper): [string, string][] {
  const out: [string, string][] = [['title', escapeBibtex(paper.title)]];
  if (paper.authors.length > 0) {
    const more = (paper.authorCount ?? 0) > paper.authors.length ? ' and others' : '';
    out.push(['author', paper.authors.map(author).join(' and ') + more]);
  }
  const year = yearOf(paper);
  if (year) out.push(['year', year]);
  if (paper.journalRef?.trim()) out.push(['journal', escapeBibtex(paper.journalRef)]);
  if (paper.arxivId) {
    out.push(['eprint', paper.arxivId], ['archivePrefix', 'arXiv']);
    if (paper.categories[0]) out.push(['primaryClass', escapeBibtex(paper.categories[0])]);
  }
  // DOIs and URLs are read verbatim (biblatex, url.sty): kept as they are when plain, left out otherwise.
  const doi = paper.doi?.trim();
  if (doi && DOI.test(doi)) out.push(['doi', doi]);
  const url = paper.arxivId ? `https://arxiv.org/abs/${paper.arxivId}` : paper.url;
  if (url && SAFE_URL.test(url)) out.push(['url', url]);
  return out;
}

/** One entry per paper, in order; keys are made unique by a letter suffix ("…b", "…c") in that order. */
export function bibtexEntries(papers: readonly Paper[]): BibEntry[] {
  const used = new Set<string>();
  return papers.map((paper) => {
    const base = baseKey(paper);
    let key = base;
    for (let n = 1; used.has(key); n++) key = `${base}${suffix(n)}`;
    used.add(key);
    const type = paper.journalRef?.trim() ? 'article' : 'misc';
    const body = fields(paper)
      .map(([name, value]) => `  ${name} = {${value}}`)
      .join(',\n');
    return { key, paperId: paper.id, text: `@${type}{${key},\n${body}\n}` };
  });
}

/** 1 → "b", 25 → "z", 26 → "ba": a suffix for the (n+1)-th paper with the same key. */
function suffix(n: number): string {
  let out = '';
  for (let i = n; i > 0 || out === ''; i = Math.floor(i / 26)) out = String.fromCharCode(97 + (i % 26)) + out;
  return out;
}

/** Characters of BibTeX one reply carries: inside Discord's 2,000-character message with room for the header and escapes. */
export const BIB_BUDGET = 1500;

/** The entries that fit in one message, and a note naming the ones left out and how to get them. */
export function bibReply(papers: readonly Paper[], what: string, budget = BIB_BUDGET): Reply {
  const entries = bibtexEntries(papers);
  const shown: BibEntry[] = [];
  let size = 0;
  for (const entry of entries) {
    if (shown.length > 0 && size + entry.text.length + 2 > budget) break;
    shown.push(entry);
    size += entry.text.length + 2;
  }
  const header = `BibTeX for ${what}`;
  const text = shown.map((e) => e.text).join('\n\n');
  const blocks: Block[] = [
    { type: 'header', text: header },
    { type: 'code', text },
  ];
  const rest = papers.slice(shown.length);
  if (rest.length > 0) {
    const refs = rest.slice(0, 10).map((p) => p.arxivId ?? `"${p.title.slice(0, 60)}"`);
    const n = rest.length;
    blocks.push({
      type: 'note',
      text: `${n} more entr${n === 1 ? 'y' : 'ies'} did not fit in one message. Ask for them with: bib ${refs.join(' ')}${n > 10 ? ' (and again for the rest)' : ''}`,
    });
  }
  return { blocks, fallback: `${header}\n${text}`, feedback: false };
}
