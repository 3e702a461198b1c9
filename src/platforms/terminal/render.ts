/** Renders the neutral Reply as terminal text: wrapped to the width, ANSI colour only when asked. */
import type { Block, PaperView, Reply } from '../../message/model.ts';

export interface RenderOptions {
  readonly width: number;
  readonly color: boolean;
}

type Style = 'bold' | 'dim' | 'red' | 'cyan' | 'yellow';
const CODES: Record<Style, string> = { bold: '1', dim: '2', red: '31', cyan: '36', yellow: '33' };

/**
 * Untrusted text must not drive the terminal: escape sequences and other control characters
 * (C0 except newline and tab, DEL, C1) and bidirectional controls are removed before anything is printed.
 */
export const stripControl = (text: string): string =>
  text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\t/g, '  ');

/**
 * Word-wraps to `width`; a word (or URL) longer than the line gets a line of its own, unbroken.
 * A paragraph that starts with a marker ("• ", "[2] ", "3. ") continues under its text, not under the marker.
 */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    const [, lead = '', marker = ''] = /^( *)((?:[•\-*]|\[\d+\]|\d+\.) +)?/.exec(paragraph) ?? [];
    const hang = indent + lead + ' '.repeat(marker.length);
    let prefix = indent + lead;
    // Words gathered per line and joined once: no growing string per word, so a 200 KB paragraph stays cheap.
    let words: string[] = [];
    let length = 0;
    for (const word of paragraph.split(/ +/)) {
      if (!word) continue;
      if (words.length > 0 && prefix.length + length + 1 + word.length > width) {
        lines.push(prefix + words.join(' '));
        prefix = hang;
        words = [];
        length = 0;
      }
      length += (words.length > 0 ? 1 : 0) + word.length;
      words.push(word);
    }
    lines.push(prefix + words.join(' '));
  }
  return lines;
}

export function renderReply(reply: Reply, options: RenderOptions): string {
  const paint = (style: Style, text: string) => (options.color && text ? `\u001b[${CODES[style]}m${text}\u001b[0m` : text);
  const width = options.width > 0 ? Math.max(20, options.width) : 80;
  const header = reply.blocks.find((b) => b.type === 'header')?.text;
  const chunks = reply.blocks.map((block) => renderBlock(block, { width, paint, error: reply.tone === 'error', header }).join('\n'));
  return `${chunks.join('\n\n')}\n`;
}

interface BlockContext {
  /** The reply's header: a full paper view under its own title does not repeat the title. */
  header: string | undefined;
  width: number;
  paint: (style: Style, text: string) => string;
  error: boolean;
}

function renderBlock(block: Block, context: BlockContext): string[] {
  const { width, paint, error } = context;
  switch (block.type) {
    case 'header': {
      const lines = wrap(stripControl(block.text), width);
      return [...lines.map((l) => paint('bold', l)), paint('dim', '─'.repeat(Math.min(width, Math.max(...lines.map((l) => l.length)))))];
    }
    case 'text':
      return wrap(stripControl(block.text), width).map((l) => (error ? paint('red', l) : l));
    case 'note':
      return wrap(stripControl(block.text), width).map((l) => paint('dim', l));
    case 'divider':
      return [paint('dim', '─'.repeat(Math.min(width, 40)))];
    case 'code':
      // Shown as it is, line for line, so that it can be copied.
      return stripControl(block.text).split('\n');
    case 'fields':
      return block.fields.flatMap((field) => {
        const value = wrap(stripControl(field.value), width, '  ');
        const label = `${stripControl(field.label)}:`;
        const oneLine = !field.value.includes('\n') && label.length + 1 + field.value.length <= width;
        return oneLine ? [`${paint('bold', label)} ${stripControl(field.value)}`] : [paint('bold', label), ...value];
      });
    case 'paper':
      return renderPaper(block.paper, block.detail, context);
  }
}

function renderPaper(paper: PaperView, detail: 'line' | 'card' | 'full', { width, paint, header }: BlockContext): string[] {
  if (detail === 'full' && header === paper.title)
    return [...wrap(stripControl(paper.abstract ?? ''), width), '', ...paper.links.map((l) => `${l.label}: ${stripControl(l.url)}`)];
  const number = paper.rank !== undefined ? `${paper.rank}. ` : '';
  const indent = ' '.repeat(number.length || 2);
  const upvotes = paper.upvotes > 0 ? `  ${paint('yellow', `▲${paper.upvotes}`)}` : '';
  const titleLines = wrap(stripControl(paper.title), width - number.length - (upvotes ? 8 : 0));
  const lines = titleLines.map((line, i) =>
    i === 0 ? `${paint('cyan', number)}${paint('bold', line)}` : `${indent}${paint('bold', line)}`,
  );
  lines[lines.length - 1] += upvotes;
  if (detail === 'line') return lines;
  const byline = [authorsOf(paper), paper.organization, paper.publishedAt]
    .filter(Boolean)
    .map((s) => stripControl(s!))
    .join(' · ');
  if (byline) lines.push(...wrap(byline, width, indent).map((l) => paint('dim', l)));
  const body = detail === 'full' ? paper.abstract : paper.summary;
  if (body) lines.push(...wrap(stripControl(body), width, indent));
  // Cards keep to the paper's page and its code; the full view lists every link on its own line.
  const links = detail === 'full' ? paper.links : paper.links.filter((l, i) => i === 0 || l.label === 'Code' || l.label === 'Project');
  const units = links.map((link) => `${link.label}: ${stripControl(link.url)}`);
  lines.push(...(detail === 'full' ? units.map((u) => indent + u) : packLine(units, width, indent)));
  return lines;
}

function authorsOf(paper: PaperView): string {
  if (paper.authors.length === 0) return paper.authorCount ? `${paper.authorCount} author${paper.authorCount === 1 ? '' : 's'}` : '';
  const shown = paper.authors.slice(0, 3).join(', ');
  return paper.authors.length > 3 ? `${shown} +${paper.authors.length - 3} more` : shown;
}

/** Units (e.g. "arXiv: https://…") side by side while they fit, never split. */
function packLine(units: readonly string[], width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const unit of units) {
    if (line && indent.length + line.length + 2 + unit.length > width) {
      lines.push(indent + line);
      line = unit;
    } else line = line ? `${line}  ${unit}` : unit;
  }
  if (line) lines.push(indent + line);
  return lines;
}
