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

// Enough to tell an address from words: one @, no spaces, a dot in the domain.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The address when a search is exactly one email ("ada@x.io"): that member is the one the owner
 * is looking for, so members.list shows them first rather than wherever the sort puts them.
 */
export function exactEmailOf(searches: readonly (string | undefined)[]): string | null {
  const typed = searches.map((s) => s?.trim()).filter((s): s is string => !!s);
  return typed.length === 1 && EMAIL.test(typed[0]!) ? typed[0]!.toLowerCase() : null;
}
