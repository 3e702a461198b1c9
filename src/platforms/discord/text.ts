const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Bidirectional controls (embeddings, overrides, isolates, marks): a right-to-left override in a title can make
 * text read differently from what it is, so they never reach a message.
 */
const BIDI_CONTROLS = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Inline markdown characters, escaped wherever they are; `[` breaks every masked link `[text](url)`. */
const INLINE_MARKDOWN = /[\\*_~`|[]/g;
/** Line starts that Discord reads as block markdown: headings, subtext (`-#`), quotes, bulleted and numbered lists. */
const LINE_MARKDOWN = /^([ \t]*)(#{1,3} |-# |>>> |> |[-+] )/gm;
/** `1. ` escapes as `1\. `: a backslash only escapes punctuation. */
const NUMBERED_LIST = /^([ \t]*\d+)([.)]) /gm;

/**
 * Untrusted text made inert for Discord markdown: formatting, headings, lists, quotes and masked links are
 * escaped, bidirectional controls removed, and `@everyone`, `@here`, `<@123>`, `<@&123>` broken with a
 * zero-width space so they do not even look like mentions. (They could not ping anyway: every message carries
 * `allowed_mentions: { parse: [] }`.) Linear in the text's length: a few global regular expressions without
 * backtracking, so a 200 KB abstract costs milliseconds.
 */
export function escapeText(text: string): string {
  const inline = text.replace(BIDI_CONTROLS, '').replace(INLINE_MARKDOWN, '\\$&');
  const blocks = inline.replace(LINE_MARKDOWN, '$1\\$2').replace(NUMBERED_LIST, '$1\\$2 ');
  return plainText(blocks);
}

/** Plain text for places Discord shows without markdown (footers, thread names, choice names): mentions broken only. */
export function plainText(text: string): string {
  return text
    .replace(BIDI_CONTROLS, '')
    .replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<@/g, `<@${ZERO_WIDTH_SPACE}`);
}

/**
 * `escapeText` then `clip`, costing time in `max` rather than in the text's length: escaping only adds
 * characters, so no more than the first `max` characters can show, and only those are escaped.
 */
export function escapeClipped(text: string, max: number, suffix = '…'): string {
  if (text.length <= max) return clip(escapeText(text), max, suffix);
  const head = escapeText(text.slice(0, max));
  return `${safePrefix(head, max - suffix.length).trimEnd()}${suffix}`;
}

/** The first `length` UTF-16 units, never ending inside a surrogate pair or on the backslash of an escape. */
function safePrefix(text: string, length: number): string {
  let prefix = text.slice(0, Math.max(0, length));
  if (/[\uD800-\uDBFF]$/.test(prefix)) prefix = prefix.slice(0, -1);
  let trailingBackslashes = 0;
  while (trailingBackslashes < prefix.length && prefix[prefix.length - 1 - trailingBackslashes] === '\\') trailingBackslashes++;
  if (trailingBackslashes % 2 === 1) prefix = prefix.slice(0, -1);
  return prefix;
}

/** At most `max` characters; a cut is marked with `…` (or `suffix`, e.g. a "more" link). */
export function clip(text: string, max: number, suffix = '…'): string {
  if (text.length <= max) return text;
  return `${safePrefix(text, max - suffix.length).trimEnd()}${suffix}`;
}

/** Splits text into pieces of at most `max` characters, at line breaks where possible, else at spaces. */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > max) {
    const window = safePrefix(text.slice(start, start + max), max);
    const atLine = window.lastIndexOf('\n');
    const atSpace = window.lastIndexOf(' ');
    const cut = atLine > max / 2 ? atLine : atSpace > max / 2 ? atSpace : window.length;
    pieces.push(window.slice(0, cut).trimEnd());
    start += cut;
    while (start < text.length && /\s/.test(text[start]!)) start++;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}

/** An http(s) URL that is safe inside a markdown link and as an embed `url`, or undefined. */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
    return parsed.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
  } catch {
    return undefined;
  }
}

/** `[label](url)` with the label escaped (its `]` too, so it cannot close the link early), or just the escaped label. */
export function maskedLink(label: string, url: string | null | undefined): string {
  const text = escapeText(label).replace(/]/g, '\\]');
  const href = safeUrl(url);
  return href ? `[${text}](${href})` : text;
}
