import { z } from 'zod';
import { idSchema, slugSchema } from './common';

export const tenantIdSchema = idSchema('tenant');

export const createTenantInput = z.object({
  slug: slugSchema,
  name: z.string().trim().min(1, 'is required').max(120, 'must be at most 120 characters'),
});
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export const switchTenantInput = z.object({ tenantId: tenantIdSchema });

export interface TenantView {
  id: string;
  slug: string;
  name: string;
  role: 'ADMIN' | 'MEMBER';
  memberCount: number;
  createdAt: string;
}
