/**
 * Text as SQLite's FTS5 tokenizer (unicode61, remove_diacritics 2) sees it, for PostgreSQL's full-text search:
 * lower case, diacritics removed, every run of characters that are not letters, numbers or private-use
 * characters one space. PostgreSQL's own parser then finds the same words whatever the server's locale, and
 * "Schölkopf" matches "scholkopf" as it does on SQLite. Both the stored text and the query go through it.
 */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}\p{Co}]+/gu, ' ')
    .trim();
}

/** The words of a text, folded. */
export const foldedWords = (text: string): string[] => foldText(text).split(' ').filter(Boolean);
