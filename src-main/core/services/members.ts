import { isFreeMember } from '../../../src-shared/member-tier';
import { listMembersInput, type ListMembersInput, type MemberListPage } from '../../../src-shared/schemas/members';
import type { MembershipsRepository } from '../repositories/memberships';

export function memberService(deps: { memberships: MembershipsRepository }) {
  return {
    /** The caller's active membership in a tenant, or undefined. */
    async membershipOf(tenantId: string, userId: string) {
      const m = await deps.memberships.find(tenantId, userId);
      return m && m.status === 'active' ? m : undefined;
    },

    /** The seed's members.list: {page, limit, search, role} → one page, newest members first. */
    async list(tenantId: string, rawInput: ListMembersInput): Promise<MemberListPage> {
      const input = listMembersInput.parse(rawInput);
      const offset = (input.page - 1) * input.limit;
      const { items, total } = await deps.memberships.page({
        tenantId,
        search: input.search,
        role: input.role,
        offset,
        limit: input.limit,
      });
      return {
        items: items.map((m) => ({
          ...m,
          isFreeMember: isFreeMember(m.joinSource, m.subscriptionStatus ? [m.subscriptionStatus] : []),
        })),
        total,
        page: input.page,
        limit: input.limit,
        pageCount: Math.max(1, Math.ceil(total / input.limit)),
      };
    },
  };
}
export type MemberService = ReturnType<typeof memberService>;
