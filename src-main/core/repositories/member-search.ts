// Turns what an owner types into a safe prefix query. Words are runs of letters and digits; every
// other character (quotes, `-`, `(`, emoji, `@`) separates words, so user text can never be read
// as query syntax (`AND`, `NEAR(`, column filters) by FTS5 or tsquery.

const WORD = /[\p{L}\p{N}]+/gu;
const MAX_WORDS = 8;

export function searchWords(text: string | undefined): string[] {
  if (!text) return [];
  return (text.toLowerCase().match(WORD) ?? []).slice(0, MAX_WORDS);
}

/** FTS5: every word must match the prefix of some word of the name or email. */
export function fts5PrefixQuery(words: string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"*`).join(' AND ');
}

/** PostgreSQL: the same rule for to_tsquery('simple', …). Words are letters and digits only. */
export function tsqueryPrefix(words: string[]): string {
  return words.map((w) => `${w}:*`).join(' & ');
}
