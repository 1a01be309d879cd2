import { useApiQuery } from '../../api/use-api-query';

/**
 * Whole-tenant counts from members.list totals (limit 1 each), never from one loaded page:
 * with a million members the first page says nothing about the rest.
 */
export function useMemberCounts(tenantId: string) {
  return useApiQuery(`member-counts:${tenantId}`, async (api, signal) => {
    const [all, admins, members, newest] = await Promise.all([
      api.members.list.query({ page: 1, limit: 1 }, { signal }),
      api.members.list.query({ page: 1, limit: 1, role: 'ADMIN' }, { signal }),
      api.members.list.query({ page: 1, limit: 1, role: 'MEMBER' }, { signal }),
      api.members.list.query({ page: 1, limit: 5 }, { signal }),
    ]);
    return { total: all.total, admins: admins.total, members: members.total, newest: newest.items };
  });
}
