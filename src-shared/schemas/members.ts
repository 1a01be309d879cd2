import { z } from 'zod';
import { ROLES, type JoinSource, type Role, type SubscriptionStatus } from '../domain';
import { idSchema } from './common';

export const userIdSchema = idSchema('user');

/** The seed's members.list input: {page, limit, search, role}. */
export const listMembersInput = z.object({
  page: z.number().int('must be a whole number').min(1, 'must be 1 or more').default(1),
  limit: z
    .number()
    .int('must be a whole number')
    .min(1, 'must be 1 or more')
    .max(200, 'must be at most 200')
    .default(20),
  search: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  role: z.enum(ROLES).optional(),
});
export type ListMembersInput = z.input<typeof listMembersInput>;

export const getMemberInput = z.object({ userId: userIdSchema });

export interface MemberListItem {
  userId: string;
  membershipId: string;
  name: string;
  email: string;
  role: Role;
  joinSource: JoinSource;
  joinedAt: string;
  lastActiveAt: string | null;
  subscriptionStatus: SubscriptionStatus | null;
  isFreeMember: boolean;
}

export interface MemberListPage {
  items: MemberListItem[];
  total: number;
  page: number;
  limit: number;
  pageCount: number;
}
