/**
 * A small XML reader for the arXiv Atom and RSS feeds: elements, attributes, CDATA, comments,
 * entities. Names are kept as written (`arxiv:primary_category`); namespaces are not resolved.
 */
import { decodeEntities, normalizeText } from './normalize.ts';
import { ParseError, type ParseProblem } from './types.ts';

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  /** 1-based line of the start tag. */
  readonly line: number;
}

export type XmlNode = XmlElement | string;

/** arXiv feeds are four levels deep; a bound keeps hostile nesting from exhausting memory or anyone's stack. */
export const MAX_XML_DEPTH = 256;

class Reader {
  private pos = 0;
  private lineCursor = 0;
  private line = 1;
  private readonly stack: XmlElement[] = [];
  private root: XmlElement | null = null;

  private readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  read(): XmlElement {
    const { text } = this;
    while (this.pos < text.length) {
      const lt = text.indexOf('<', this.pos);
      if (lt < 0) {
        this.addText(text.slice(this.pos), this.pos);
        break;
      }
      if (lt > this.pos) this.addText(text.slice(this.pos, lt), this.pos);
      this.pos = this.readMarkup(lt);
    }
    const open = this.stack.at(-1);
    if (open) this.fail(`unexpected end of file: <${open.name}> is not closed`, open.line);
    if (!this.root) this.fail('no XML element found', null);
    return this.root;
  }

  /** Reads the markup starting at `lt` and returns the position after it. */
  private readMarkup(lt: number): number {
    const { text } = this;
    if (text.startsWith('<!--', lt)) return this.skipPast('-->', lt, 'comment');
    if (text.startsWith('<![CDATA[', lt)) {
      const end = this.skipPast(']]>', lt, 'CDATA section');
      this.addRaw(text.slice(lt + 9, end - 3), lt);
      return end;
    }
    if (text.startsWith('<?', lt)) return this.skipPast('?>', lt, 'processing instruction');
    if (text.startsWith('<!', lt)) return this.skipDoctype(lt);
    if (text.startsWith('</', lt)) return this.closeTag(lt);
    return this.openTag(lt);
  }

  private skipPast(terminator: string, from: number, what: string): number {
    const end = this.text.indexOf(terminator, from);
    if (end < 0) this.fail(`unclosed ${what}`, this.lineAt(from));
    return end + terminator.length;
  }

  private skipDoctype(lt: number): number {
    const close = this.text.indexOf('>', lt);
    // Looks for "[" only up to the ">", so that many "<!x>" stay linear.
    if (this.text.slice(lt, close < 0 ? undefined : close).includes('[')) return this.skipPast(']>', lt, 'DOCTYPE');
    return this.skipPast('>', lt, 'DOCTYPE');
  }

  private closeTag(lt: number): number {
    const end = this.skipPast('>', lt, 'end tag');
    const name = this.text.slice(lt + 2, end - 1).trim();
    const line = this.lineAt(lt);
    const open = this.stack.pop();
    if (!open) this.fail(`unexpected </${name}>`, line);
    if (open.name !== name) this.fail(`expected </${open.name}> (opened at line ${open.line}) but found </${name}>`, line);
    return end;
  }

  private openTag(lt: number): number {
    const end = this.tagEnd(lt);
    const selfClosing = this.text[end - 1] === '/';
    const body = this.text.slice(lt + 1, selfClosing ? end - 1 : end);
    const name = /^[^\s/>]+/.exec(body)?.[0];
    const line = this.lineAt(lt);
    if (!name) this.fail('malformed tag', line);
    const element: XmlElement = { name, attrs: readAttributes(body.slice(name.length)), children: [], line };
    const parent = this.stack.at(-1);
    if (parent) parent.children.push(element);
    else if (this.root) this.fail(`a second root element <${name}>`, line);
    else this.root = element;
    if (!selfClosing) {
      if (this.stack.length >= MAX_XML_DEPTH) {
        throw new ParseError(`XML nested too deeply: more than ${MAX_XML_DEPTH} elements inside one another`, null, line);
      }
      this.stack.push(element);
    }
    return end + 1;
  }

  /** Position of the `>` closing the start tag at `lt`, skipping quoted attribute values. */
  private tagEnd(lt: number): number {
    const { text } = this;
    let quote = '';
    for (let i = lt + 1; i < text.length; i++) {
      const ch = text[i];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '>') return i;
      else if (ch === '<') break;
    }
    return this.fail('unclosed start tag', this.lineAt(lt));
  }

  private addText(raw: string, at: number): void {
    const parent = this.stack.at(-1);
    if (parent) parent.children.push(decodeEntities(raw));
    else if (raw.trim()) this.fail('text outside the root element', this.lineAt(at));
  }

  private addRaw(raw: string, at: number): void {
    const parent = this.stack.at(-1);
    if (!parent) this.fail('CDATA outside the root element', this.lineAt(at));
    parent.children.push(raw);
  }

  /** Line of `pos`; positions must be asked for in increasing order. */
  private lineAt(pos: number): number {
    const { text } = this;
    for (let i = this.lineCursor; i < pos; i++) if (text.charCodeAt(i) === 10) this.line++;
    this.lineCursor = Math.max(this.lineCursor, pos);
    return this.line;
  }

  private fail(message: string, line: number | null): never {
    throw new ParseError(`malformed XML: ${message}`, null, line);
  }
}

/** `name="value"` or `name='value'` pairs, read in one pass (a regex here backtracked on long unquoted runs). */
function readAttributes(source: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  let i = 0;
  while (i < source.length) {
    const eq = source.indexOf('=', i);
    if (eq < 0) break;
    const name = lastWord(source.slice(i, eq));
    let q = eq + 1;
    while (q < source.length && /\s/.test(source[q] ?? '')) q++;
    const quote = source[q];
    if (quote !== '"' && quote !== "'") {
      i = q;
      continue;
    }
    const close = source.indexOf(quote, q + 1);
    if (close < 0) break;
    if (name) attrs[name] = decodeEntities(source.slice(q + 1, close));
    i = close + 1;
  }
  return attrs;
}

/** The text after the last whitespace, trailing whitespace ignored (a regex anchored at the end backtracked here). */
function lastWord(text: string): string {
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1] ?? '')) end--;
  let start = end;
  while (start > 0 && !/\s/.test(text[start - 1] ?? '')) start--;
  return text.slice(start, end);
}

/** Parses an XML document and returns its root element. Throws ParseError with a line on malformed input. */
export function parseXml(text: string): XmlElement {
  return new Reader(text).read();
}

export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((node): node is XmlElement => typeof node !== 'string' && node.name === name);
}

export function firstChild(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((node): node is XmlElement => typeof node !== 'string' && node.name === name);
}

/** All text inside the element, entities decoded, not normalised. Iterative: depth costs no stack. */
export function textOf(element: XmlElement | undefined): string {
  if (!element) return '';
  const parts: string[] = [];
  const pending: XmlNode[] = [...element.children].reverse();
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (typeof node === 'string') parts.push(node);
    else for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i] as XmlNode);
  }
  return parts.join('');
}

/** Normalised text of the first child called `name`, or null when absent or empty. */
export function childText(element: XmlElement, name: string): string | null {
  const text = normalizeText(textOf(firstChild(element, name)));
  return text === '' ? null : text;
}

/**
 * Reads each entry of a feed: good ones become papers, bad ones problems with their line.
 * Throws when entries exist but none could be read.
 */
export function readEntries<T>(
  elements: readonly XmlElement[],
  read: (element: XmlElement) => T | string,
  what: string,
): { papers: T[]; problems: ParseProblem[] } {
  const papers: T[] = [];
  const problems: ParseProblem[] = [];
  for (const element of elements) {
    const paper = read(element);
    if (typeof paper === 'string') problems.push({ line: element.line, message: `${what} at line ${element.line}: ${paper}` });
    else papers.push(paper);
  }
  const first = problems[0];
  if (papers.length === 0 && first) {
    throw new ParseError(`no ${what} could be read; the first problem is at line ${first.line}: ${first.message}`, null, first.line);
  }
  return { papers, problems };
}
