/**
 * arXiv's HTML rendering of a paper (LaTeXML output) → its visible text as numbered passages:
 * `<section class="ltx_section" id="S4">` / `ltx_subsection` / `ltx_appendix` with an `<hN class="ltx_title">`
 * whose `<span class="ltx_tag">4.2 </span>` gives the number; `ltx_abstract`; paragraphs `div.ltx_para` of
 * `p.ltx_p`; figure and table captions; `math` as its `alttext`. Hidden text (hidden.ts), navigation,
 * references and LaTeXML's error markup are left out. Iterative: a deeply nested page cannot overflow the stack.
 */
import { parse, type DefaultTreeAdapterTypes as T } from 'parse5';
import { PAGE, visibility, type Paint } from './hidden.ts';

export interface Passage {
  /** "4.2", "A.1", or "" for an unnumbered part. */
  readonly number: string;
  /** "Training", "Abstract". */
  readonly heading: string;
  readonly text: string;
}

export interface ParsedPaper {
  readonly title: string;
  readonly passages: Passage[];
}

export const PARSE_LIMITS = { maxPassages: 3000, maxPassageChars: 1600, maxTotalChars: 1_500_000 } as const;

const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'head',
  'nav',
  'header',
  'footer',
  'button',
  'svg',
  'iframe',
  'object',
  'select',
  'textarea',
  'input',
]);
const SKIP_CLASS =
  /\bltx_(?:bibliography|page_navbar|page_footer|page_header|authors|dates|ERROR|note_mark|TOC|pagination|role_affiliation|keywords)\b|\bpackage-alerts\b|\bsr-only\b|\bvisually-hidden\b/;
const SECTION_CLASS = /\bltx_(?:abstract|chapter|part|section|subsection|subsubsection|appendix|paragraph|subparagraph|acknowledgements)\b/;
const PASSAGE_TAGS = new Set(['p', 'figcaption', 'li', 'blockquote', 'table', 'dd', 'pre']);
const BREAK_TAGS = new Set(['br', 'div', 'p', 'li', 'tr', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface Section {
  number: string;
  heading: string;
  readonly element?: T.ParentNode;
}

interface Frame {
  readonly node: T.ParentNode;
  next: number;
  readonly paint: Paint;
  readonly onExit?: () => void;
}

const attr = (el: T.Element, name: string) => el.attrs.find((a) => a.name === name)?.value;
const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of a subtree as a reader sees it (for headings): hidden parts left out. */
function textOf(root: T.Element, paint: Paint, skip?: (el: T.Element) => boolean): string {
  let out = '';
  const stack: { node: T.ChildNode; paint: Paint }[] = root.childNodes.map((node) => ({ node, paint })).reverse();
  while (stack.length > 0) {
    const { node, paint: p } = stack.pop()!;
    if (node.nodeName === '#text') out += (node as T.TextNode).value;
    if (!('tagName' in node) || SKIP_TAGS.has(node.tagName) || skip?.(node)) continue;
    const seen = visibility(node, p);
    if (seen.hidden || SKIP_CLASS.test(attr(node, 'class') ?? '')) continue;
    if (node.tagName === 'math') out += ` ${attr(node, 'alttext') ?? ''} `;
    else stack.push(...node.childNodes.map((child) => ({ node: child, paint: seen.paint })).reverse());
  }
  return clean(out);
}

/** "4.2 " → "4.2", "Appendix A " → "A", "I " → "I"; undefined when the heading has no number. */
function tagOf(heading: T.Element): string | undefined {
  const stack: T.ChildNode[] = [...heading.childNodes];
  while (stack.length > 0) {
    const node = stack.shift()!;
    if (!('tagName' in node)) continue;
    if (/\bltx_tag\b/.test(attr(node, 'class') ?? '')) {
      const tag = clean(textOf(node, PAGE))
        .replace(/^(?:appendix|section|chapter)\s+/i, '')
        .replace(/[.:]$/, '');
      return tag.slice(0, 20) || undefined;
    }
    stack.push(...node.childNodes);
  }
  return undefined;
}

export function parsePaperHtml(html: string): ParsedPaper {
  const document = parse(html);
  const passages: Passage[] = [];
  const sections: Section[] = [{ number: '', heading: '' }];
  let title = '';
  let total = 0;
  let open: { element: T.Element; text: string } | undefined;

  const flush = () => {
    if (!open) return;
    const text = clean(open.text.replace(/\s*\u0002[\s\u0001\u0002]*/g, '; ').replace(/\s*\u0001\s*/g, ' | ')).replace(
      /^(?:; | \| ?)+|(?:; | \| ?)+$/g,
      '',
    );
    open = undefined;
    if (text.length < 2 || passages.length >= PARSE_LIMITS.maxPassages || total >= PARSE_LIMITS.maxTotalChars) return;
    const { number, heading } = sections.at(-1)!;
    for (const piece of split(text)) {
      total += piece.length;
      passages.push({ number, heading, text: piece });
    }
  };

  const stack: Frame[] = [{ node: document, next: 0, paint: PAGE }];
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    const node = frame.node.childNodes[frame.next++];
    if (!node) {
      stack.pop();
      frame.onExit?.();
      continue;
    }
    if (node.nodeName === '#text') {
      if (open) open.text += (node as T.TextNode).value;
      continue;
    }
    if (!('tagName' in node) || SKIP_TAGS.has(node.tagName)) continue;
    const seen = visibility(node, frame.paint);
    const className = attr(node, 'class') ?? '';
    if (seen.hidden || SKIP_CLASS.test(className)) continue;
    if (node.tagName === 'math') {
      if (open) open.text += ` ${attr(node, 'alttext') ?? ''} `;
      continue;
    }
    const section = sections.at(-1)!;
    const isTitle = /\bltx_title_document\b/.test(className) || (node.tagName === 'h1' && !title);
    if (isTitle || ((/\bltx_title\b/.test(className) || /^h[1-6]$/.test(node.tagName)) && node.parentNode === section.element)) {
      flush();
      if (isTitle) title ||= textOf(node, seen.paint).slice(0, 500);
      else {
        const number = tagOf(node);
        if (number) section.number = number;
        section.heading = textOf(node, seen.paint, (el) => /\bltx_tag\b/.test(attr(el, 'class') ?? '')).slice(0, 200);
      }
      continue;
    }
    let onExit: (() => void) | undefined;
    if (SECTION_CLASS.test(className) || node.tagName === 'section') {
      flush();
      const abstract = /\bltx_abstract\b/.test(className);
      sections.push({ number: abstract ? '' : section.number, heading: abstract ? 'Abstract' : section.heading, element: node });
      onExit = () => {
        flush();
        sections.pop();
      };
    } else if (!open && (/\bltx_(?:para|p|caption|tabular)\b/.test(className) || PASSAGE_TAGS.has(node.tagName))) {
      open = { element: node, text: '' };
      const element = node;
      onExit = () => {
        if (open?.element === element) flush();
      };
    } else if (open && (node.tagName === 'tr' || /\bltx_tr\b/.test(className))) {
      open.text += '\u0002';
    } else if (open && (node.tagName === 'td' || node.tagName === 'th' || /\bltx_td\b/.test(className))) {
      open.text += '\u0001';
    } else if (open && BREAK_TAGS.has(node.tagName)) {
      open.text += ' ';
    }
    stack.push({ node, next: 0, paint: seen.paint, ...(onExit ? { onExit } : {}) });
  }
  flush();
  return { title: clean(title), passages };
}

/** A long paragraph as pieces of at most maxPassageChars, cut after a sentence where one ends. */
function split(text: string): string[] {
  const max = PARSE_LIMITS.maxPassageChars;
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const end = Math.max(window.lastIndexOf('. '), window.lastIndexOf('? '), window.lastIndexOf('! '));
    const cut = end > max / 2 ? end + 1 : window.lastIndexOf(' ') > max / 2 ? window.lastIndexOf(' ') : max;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}
