import type { Kysely } from 'kysely';
import type { CreateTenantInput, TenantView } from '@shared/schemas/tenants';
import type { Clock } from '../../platform/clock';
import { isUniqueViolation } from '../../platform/db/errors';
import type { Database, Tenant } from '../../platform/db/schema';
import { conflict, DomainError, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { auditRepository } from '../../platform/audit';
import { membershipsRepository } from '../members/repositories/memberships';
import { tenantsRepository, type TenantsRepository } from './repositories/tenants';
import type { Dialect } from '../../platform/db/connect';

export function tenantService(deps: { db: Kysely<Database>; dialect: Dialect; clock: Clock; tenants: TenantsRepository }) {
  return {
    /** Creates a tenant and makes its creator an ADMIN, in one transaction. */
    async create(input: CreateTenantInput, creatorUserId: string): Promise<Tenant> {
      const now = deps.clock.nowIso();
      const tenant: Tenant = { id: newId('tenant'), slug: input.slug, name: input.name, freePackageId: null, createdAt: now, updatedAt: now };
      try {
        await deps.db.transaction().execute(async (trx) => {
          await tenantsRepository(trx).insert(tenant);
          await membershipsRepository(trx, deps.dialect).insert({
            id: newId('membership'),
            tenantId: tenant.id,
            userId: creatorUserId,
            role: 'ADMIN',
            joinSource: 'invite_link',
            subscriptionStatus: null,
            compedUntil: null,
            joinedAt: now,
            lastActiveAt: now,
            leftAt: null,
          });
          await auditRepository(trx).record({
            tenantId: tenant.id,
            actorUserId: creatorUserId,
            action: 'tenant.created',
            targetType: 'tenant',
            targetId: tenant.id,
            after: { slug: tenant.slug, name: tenant.name },
            at: now,
          });
        });
      } catch (err) {
        if (isUniqueViolation(err)) throw conflict(`slug: a tenant with slug "${input.slug}" already exists`, 'slug');
        throw err;
      }
      return tenant;
    },

    /** First run: a console always has a community to open, for the desktop window and `serve`. */
    async ensureStarter(ownerUserId: string): Promise<void> {
      if ((await deps.tenants.listForUser(ownerUserId)).length > 0) return;
      await this.create({ slug: 'my-community', name: 'My community' }, ownerUserId).catch((err: unknown) => {
        // Two consoles starting at once on one PostgreSQL: the other one created it.
        if (!(err instanceof DomainError && err.code === 'CONFLICT')) throw err;
      });
    },

    async bySlug(slug: string): Promise<Tenant> {
      const tenant = await deps.tenants.findBySlug(slug);
      if (!tenant) throw new DomainError('NOT_FOUND', `no tenant has the slug "${slug}"`, { field: 'slug' });
      return tenant;
    },

    async byId(id: string): Promise<Tenant> {
      const tenant = await deps.tenants.findById(id);
      if (!tenant) throw notFound('tenant', id);
      return tenant;
    },

    async listForUser(userId: string): Promise<TenantView[]> {
      const rows = await deps.tenants.listForUser(userId);
      return Promise.all(
        rows.map(async (r) => ({ ...r, memberCount: await deps.tenants.countActiveMembers(r.id) })),
      );
    },
  };
}
export type TenantService = ReturnType<typeof tenantService>;
