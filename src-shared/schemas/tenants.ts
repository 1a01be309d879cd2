import { z } from 'zod';
import { idSchema, nameSchema, slugSchema } from './common';

export const tenantIdSchema = idSchema('tenant');

export const createTenantInput = z.strictObject({
  slug: slugSchema,
  name: nameSchema(120),
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const switchTenantInput = z.strictObject({ tenantId: tenantIdSchema });

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  role: 'ADMIN' | 'MEMBER';
  memberCount: number;
  createdAt: string;
}
