import { describe, expect, it } from 'vitest';
import { chipsOf, cleanFilter, DEFAULT_SORT, listInputOf, nextSort, searchFromHash, withoutChip, withoutChips } from './member-filter';

const names = { group: (id: string) => (id === 'group_founders01' ? 'Founding members' : undefined), space: () => undefined, package: () => 'Pro' };

describe('the member filter', () => {
  it('sends only what is set, and no sort when it is the default', () => {
    expect(listInputOf({ filter: { search: '  ', joinSource: [], role: 'ADMIN' }, sort: DEFAULT_SORT })).toEqual({ role: 'ADMIN' });
    expect(listInputOf({ filter: {}, sort: { field: 'name', direction: 'asc' } })).toEqual({ sort: { field: 'name', direction: 'asc' } });
    expect(cleanFilter({ spaceRole: 'MODERATOR' })).toEqual({});
  });

  it('shows one chip per filter, with names where they are known', () => {
    const chips = chipsOf(
      { search: 'ada', tier: 'paid', joinSource: ['free_signup', 'paid', 'invite_link'], groupId: 'group_founders01', packageId: 'pkg_x1234567', joinedFrom: '2026-01-01', joinedTo: '2026-01-31', inactiveSince: '2026-02-01' },
      names,
    );
    expect(chips.map((c) => `${c.title}: ${c.value}`)).toEqual([
      'Tier: Paid',
      'Join source: Free sign-up, Paid checkout +1',
      'Group: Founding members',
      'Package: Pro',
      'Joined: Jan 1, 2026 – Jan 31, 2026',
      'Inactive since: Feb 1, 2026',
    ]);
  });

  it('"near a limit" is one chip, sent as nearLimit: true and removed whole', () => {
    const filter = { nearLimit: true as const, role: 'MEMBER' as const };
    expect(chipsOf(filter, names).map((c) => `${c.title}: ${c.value}`)).toEqual(['Role: Member', 'Near a limit: near or over']);
    expect(listInputOf({ filter, sort: DEFAULT_SORT })).toEqual({ role: 'MEMBER', nearLimit: true });
    expect(withoutChip(filter, 'nearLimit')).toEqual({ role: 'MEMBER' });
  });

  it('removes one chip, or all of them but the search', () => {
    const filter = { search: 'ada', spaceId: 'space_abcdefgh', spaceRole: 'MODERATOR' as const, role: 'ADMIN' as const };
    expect(withoutChip(filter, 'space')).toEqual({ search: 'ada', role: 'ADMIN' });
    expect(withoutChips(filter)).toEqual({ search: 'ada' });
  });

  it('turns a sorted column round on a second click', () => {
    expect(nextSort(DEFAULT_SORT, 'name')).toEqual({ field: 'name', direction: 'asc' });
    expect(nextSort({ field: 'name', direction: 'asc' }, 'name')).toEqual({ field: 'name', direction: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'lastActiveAt')).toEqual({ field: 'lastActiveAt', direction: 'desc' });
  });

  it('reads the search other pages put in the link', () => {
    expect(searchFromHash('#/members?search=ada%40example.com')).toBe('ada@example.com');
    expect(searchFromHash('#/members')).toBe('');
  });
});
