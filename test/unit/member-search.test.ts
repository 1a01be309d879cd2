import { describe, expect, it } from 'vitest';
import { fts5PrefixQuery, searchWords, tsqueryPrefix } from '../../src-main/core/areas/members/repositories/member-search';

describe('member search words', () => {
  it('splits on everything that is not a letter or digit', () => {
    expect(searchWords('John "Smi')).toEqual(['john', 'smi']);
    expect(searchWords('jo-ann@example.com')).toEqual(['jo', 'ann', 'example', 'com']);
    expect(searchWords('NEAR(a b) 🙂')).toEqual(['near', 'a', 'b']);
    expect(searchWords('Zoë')).toEqual(['zoë']);
    expect(searchWords('  ')).toEqual([]);
  });

  it('quotes every word so query syntax in user text stays literal', () => {
    expect(fts5PrefixQuery(['and', 'or'])).toBe('"and"* AND "or"*');
    expect(tsqueryPrefix(['john', 'smi'])).toBe('john:* & smi:*');
  });
});
