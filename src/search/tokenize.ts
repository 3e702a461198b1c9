/**
 * The tokens FTS5's `unicode61 remove_diacritics 2` tokenizer makes of a text (the papers_fts tokenizer):
 * runs of letters, numbers and private-use characters (combining marks continue a run), case-folded,
 * diacritics removed from Latin letters. The search index counts terms with it, so its counts must equal
 * FTS5's; a test compares them with papers_fts_docsize.
 */

const TOKEN = /[\p{L}\p{N}\p{Co}][\p{L}\p{N}\p{Co}\p{M}]*/gu;
const ASCII_TOKEN = /[a-z0-9]+/g;
const LATIN_MARKS = /(\p{Script=Latin})\p{M}+/gu;
const OTHER_MARKS = /\p{M}+/gu;
const ASCII = /^[\x00-\x7f]*$/;

/** One token as FTS5 stores it. */
export function foldToken(token: string): string {
  const lower = token.toLowerCase();
  if (ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(LATIN_MARKS, '$1').normalize('NFC').replace(OTHER_MARKS, '');
}

export function tokenize(text: string): string[] {
  if (ASCII.test(text)) return text.toLowerCase().match(ASCII_TOKEN) ?? [];
  return (text.match(TOKEN) ?? []).map(foldToken);
}
