import { escapeMarkdown } from 'discord.js';

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Untrusted text made inert for Discord markdown: formatting, headings, lists and masked links are escaped,
 * and `@everyone`, `@here`, `<@123>`, `<@&123>` are broken with a zero-width space so they do not even look
 * like mentions. (They could not ping anyway: every message carries `allowed_mentions: { parse: [] }`.)
 */
export function escapeText(text: string): string {
  return plainText(escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true }));
}

/** Plain text for places Discord shows without markdown (footers, thread names, choice names): mentions broken only. */
export function plainText(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`).replace(/<@/g, `<@${ZERO_WIDTH_SPACE}`);
}

/** The first `length` UTF-16 units, never ending inside a surrogate pair or on the backslash of an escape. */
function safePrefix(text: string, length: number): string {
  let prefix = text.slice(0, Math.max(0, length));
  if (/[\uD800-\uDBFF]$/.test(prefix)) prefix = prefix.slice(0, -1);
  const trailingBackslashes = /\\+$/.exec(prefix)?.[0].length ?? 0;
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
  let rest = text;
  while (rest.length > max) {
    const window = safePrefix(rest, max);
    const atLine = window.lastIndexOf('\n');
    const atSpace = window.lastIndexOf(' ');
    const cut = atLine > max / 2 ? atLine : atSpace > max / 2 ? atSpace : window.length;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.length > 0) pieces.push(rest);
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

/** `[label](url)` with the label escaped, or just the escaped label when the URL is unusable. */
export function maskedLink(label: string, url: string | null | undefined): string {
  const text = plainText(escapeMarkdown(label).replace(/[[\]]/g, '\\$&'));
  const href = safeUrl(url);
  return href ? `[${text}](${href})` : text;
}
