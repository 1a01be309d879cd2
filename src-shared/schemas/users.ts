import type { JoinSource, Role } from '../domain';

/** users.getCurrentUser, shaped after the seed: the user, the tenant context, and isFreeMember. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  tenantId: string;
  role: Role;
  joinSource: JoinSource;
  isFreeMember: boolean;
}
