/**
 * Text primitives for Slack mrkdwn. Slack reads `<…>` as mentions and links and `&` as the start of an
 * entity, so every string from data goes through `escapeSlackText` first; only `slackLink` writes `<url|label>`.
 */

const MAX_URL_LENGTH = 1000;
const MAX_LABEL_LENGTH = 300;

/** `&`, `<`, `>` as entities: `<!channel>` or `<@U123>` in a title then displays as text and pings no one. */
export function escapeSlackText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * `escapeSlackText` of at most the first `max + 1` characters. Escaping only lengthens text, so nothing past
 * them could be shown in `max` characters, and the one extra character still tells truncateEscaped/splitEscaped
 * to mark the cut: the work stays proportional to what is sent, however long the paper's text is.
 */
export function escapeClipped(text: string, max: number): string {
  return escapeSlackText(text.length > max ? text.slice(0, max + 1) : text);
}

/** The link target, escaped for use inside `<…|…>`; undefined unless it is a plain http(s) URL. */
export function safeUrl(url: string | null | undefined): string | undefined {
  if (!url || url.length > MAX_URL_LENGTH) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  // WHATWG serialisation already percent-encodes `<`, `>` and spaces; `|` would end the URL part.
  const href = escapeSlackText(parsed.href.replace(/\|/g, '%7C'));
  return href.length <= MAX_URL_LENGTH ? href : undefined;
}

/** `<url|label>` with the label escaped, or just the escaped label when the URL is not usable. */
export function slackLink(url: string | null | undefined, label: string): string {
  const target = safeUrl(url);
  const text = escapeClipped(label, MAX_LABEL_LENGTH).replace(/\|/g, '¦');
  return target ? `<${target}|${text}>` : text;
}

/** Where to cut escaped text to keep at most `max` characters: a word boundary, never inside an entity. */
function cutPoint(escaped: string, max: number): number {
  let cut = max;
  const space = escaped.lastIndexOf(' ', max);
  const newline = escaped.lastIndexOf('\n', max);
  const boundary = Math.max(space, newline);
  if (boundary >= max * 0.6) cut = boundary;
  const amp = escaped.lastIndexOf('&', cut - 1);
  if (amp >= 0) {
    const end = escaped.indexOf(';', amp);
    if (end === -1 || end >= cut) cut = amp;
  }
  // Do not split a surrogate pair (emoji, rare scripts).
  const code = escaped.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(cut, 0);
}

/**
 * Escaped text shortened to `max` characters with "…" and, when given, a trailing markup suffix
 * (a "more" link) that is never cut.
 */
export function truncateEscaped(escaped: string, max: number, suffix = ''): string {
  if (escaped.length <= max) return escaped;
  const room = max - suffix.length - 1;
  if (room <= 0) return suffix.length < max ? suffix : '…';
  return `${escaped.slice(0, cutPoint(escaped, room)).trimEnd()}…${suffix}`;
}

/** Escaped text in pieces of at most `max` characters, split at word boundaries; the last piece may be cut. */
export function splitEscaped(escaped: string, max: number, maxPieces: number, lastSuffix = ''): string[] {
  const pieces: string[] = [];
  let rest = escaped;
  while (rest.length > max && pieces.length < maxPieces - 1) {
    const cut = cutPoint(rest, max);
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  pieces.push(truncateEscaped(rest, max, lastSuffix));
  return pieces;
}
