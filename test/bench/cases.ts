import type { ListMembersInput } from '../../src-shared/schemas/members';

export interface BenchCase {
  name: string;
  input: ListMembersInput;
}

/**
 * The members.list shapes an owner uses. The deep page sits halfway through the members (page 10,000
 * of 50 at a million), where OFFSET paging has the most to skip short of the end.
 */
export function benchCases(members: number): { cases: BenchCase[]; deepPage: number } {
  const deepPage = Math.max(2, Math.min(10_000, Math.floor(members / 100)));
  const cases: BenchCase[] = [
    { name: 'first page', input: { page: 1, limit: 50 } },
    { name: 'role ADMIN', input: { page: 1, limit: 50, role: 'ADMIN' } },
    { name: 'role MEMBER', input: { page: 1, limit: 50, role: 'MEMBER' } },
    { name: 'search "jo" (common)', input: { page: 1, limit: 50, search: 'jo' } },
    { name: 'search "xio" (rare)', input: { page: 1, limit: 50, search: 'xio' } },
    { name: 'search "john smi"', input: { page: 1, limit: 50, search: 'john smi' } },
    { name: `deep page ${deepPage.toLocaleString('en-US')}`, input: { page: deepPage, limit: 50 } },
    { name: `deep page ${deepPage.toLocaleString('en-US')}, MEMBER`, input: { page: deepPage, limit: 50, role: 'MEMBER' } },
  ];
  return { cases, deepPage };
}
