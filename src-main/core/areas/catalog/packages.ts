import type { Kysely } from 'kysely';
import { toMinorUnits, fromMinorUnits } from '@shared/money';
import { toAdminPackage, toPublicPackage } from '@shared/packages';
import {
  PACKAGE_DEFAULTS,
  packageConfigSchema,
  type AdminPackage,
  type DeletePackageResult,
  type PackageConfig,
  type PackageRecord,
  type PublicPackage,
  type UpsertPackageInput,
} from '@shared/schemas/packages';
import type { Clock } from '../../platform/clock';
import { isUniqueViolation } from '../../platform/db/errors';
import type { Database } from '../../platform/db/schema';
import { conflict, DomainError } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { auditRepository } from '../../platform/audit';
import { packagesRepository, type PackageFields } from './repositories/packages';
import { tenantsRepository } from '../identity/repositories/tenants';

export interface PackageChange {
  kind: 'created' | 'updated' | 'archived' | 'deleted';
  tenantId: string;
  actorUserId: string | null;
  before: PackageRecord | null;
  after: PackageRecord | null;
}

/**
 * Runs inside the transaction that changes a package, so that work it queues (catalog sync
 * through the outbox) is committed exactly when the change is; throwing undoes the change.
 */
export type PackageChangeHook = (trx: Kysely<Database>, change: PackageChange) => Promise<void>;

function configOf(p: PackageRecord): PackageConfig {
  return {
    name: p.name,
    description: p.description,
    price: fromMinorUnits(p.priceMinor),
    interval: p.interval,
    currency: p.currency,
    maxUsers: p.maxUsers,
    maxAiPosts: p.maxAiPosts,
    maxSocialAccounts: p.maxSocialAccounts,
    maxCampaigns: p.maxCampaigns,
    displayFeatures: p.displayFeatures,
    salePrice: p.salePriceMinor === null ? null : fromMinorUnits(p.salePriceMinor),
    saleStartsAt: p.saleStartsAt,
    saleEndsAt: p.saleEndsAt,
    variantId: p.variantId,
    isActive: p.isActive,
    isPopular: p.isPopular,
  };
}

function fieldsOf(c: PackageConfig): PackageFields {
  const { price, salePrice, ...rest } = c;
  return { ...rest, priceMinor: toMinorUnits(price), salePriceMinor: salePrice === null ? null : toMinorUnits(salePrice) };
}

/** The whole package an upsert asks for: the stored (or default) values with the given ones on top. */
function mergedConfig(base: Partial<PackageConfig>, input: UpsertPackageInput): PackageConfig {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(input)) {
    if (key !== 'id' && value !== undefined) merged[key] = value;
  }
  const parsed = packageConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const field = issues[0]?.path.join('.') || 'input';
    throw new DomainError('VALIDATION', issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '), { field });
  }
  return parsed.data;
}

export function packageService(deps: { db: Kysely<Database>; clock: Clock }) {
  const hooks: PackageChangeHook[] = [];
  const packages = packagesRepository(deps.db);

  async function notify(trx: Kysely<Database>, change: PackageChange) {
    for (const hook of hooks) await hook(trx, change);
    await auditRepository(trx).record({
      tenantId: change.tenantId,
      actorUserId: change.actorUserId,
      action: `package.${change.kind}`,
      targetType: 'package',
      targetId: (change.after ?? change.before)!.id,
      before: change.before ?? undefined,
      after: change.after ?? undefined,
      at: deps.clock.nowIso(),
    });
  }

  async function requirePackage(repo: ReturnType<typeof packagesRepository>, tenantId: string, id: string) {
    const found = await repo.find(tenantId, id);
    if (!found) throw new DomainError('NOT_FOUND', `no package with id ${id} in this tenant`, { field: 'id' });
    return found;
  }

  return {
    /** Lets another area (catalog sync) act on every package change in the same transaction. */
    onChange(hook: PackageChangeHook): () => void {
      hooks.push(hook);
      return () => void hooks.splice(hooks.indexOf(hook), 1);
    },

    /** GET /public/packages?tenant=SLUG: active, non-archived packages for a pricing page. */
    async listPublic(slug: string): Promise<PublicPackage[]> {
      const tenant = await tenantsRepository(deps.db).findBySlug(slug);
      if (!tenant) throw new DomainError('NOT_FOUND', `tenant: no tenant has the slug "${slug}"`, { field: 'tenant' });
      const now = deps.clock.nowIso();
      return (await packages.list(tenant.id, { publicOnly: true })).map((p) => toPublicPackage(p, now));
    },

    /** Every package of the tenant, inactive and archived ones included. */
    async list(tenantId: string): Promise<AdminPackage[]> {
      const now = deps.clock.nowIso();
      return (await packages.list(tenantId, { publicOnly: false })).map((p) => toAdminPackage(p, now));
    },

    /**
     * Per package, its subscribers: subscriptions still billed (active, trialing, past due), so an
     * owner about to delete one knows who is on it. Packages nobody is on are absent.
     */
    async subscribersByPackage(tenantId: string): Promise<Map<string, number>> {
      const rows = await deps.db
        .selectFrom('subscriptions')
        .select((eb) => ['packageId', eb.fn.countAll().as('n')])
        .where('tenantId', '=', tenantId)
        .where('packageId', 'is not', null)
        .where('status', 'in', ['active', 'trialing', 'past_due'])
        .groupBy('packageId')
        .execute();
      return new Map(rows.map((r) => [r.packageId!, Number(r.n)]));
    },

    async get(tenantId: string, id: string): Promise<AdminPackage> {
      return toAdminPackage(await requirePackage(packages, tenantId, id), deps.clock.nowIso());
    },

    /** The seed's upsert: with `id` updates that package of the tenant, without creates one. */
    async upsert(tenantId: string, actorUserId: string | null, input: UpsertPackageInput): Promise<{ created: boolean; package: AdminPackage }> {
      const now = deps.clock.nowIso();
      try {
        const saved = await deps.db.transaction().execute(async (trx) => {
          const repo = packagesRepository(trx);
          const before = input.id ? await requirePackage(repo, tenantId, input.id) : null;
          const config = mergedConfig(before ? configOf(before) : PACKAGE_DEFAULTS, input);
          const taken = await repo.findByName(tenantId, config.name, before?.id);
          if (taken) {
            const archived = taken.archivedAt ? ' (archived)' : '';
            throw conflict(`name: this tenant already has a package named "${taken.name}"${archived}`, 'name');
          }
          const fields = fieldsOf(config);
          let id: string;
          if (before) {
            id = before.id;
            // Activating an archived package brings it back; anything else keeps it archived.
            const archivedAt = config.isActive ? null : before.archivedAt;
            await repo.update(tenantId, id, { ...fields, archivedAt }, now);
          } else {
            id = newId('package');
            await repo.insert({ id, tenantId, at: now, ...fields });
          }
          const after = (await repo.find(tenantId, id))!;
          await notify(trx, { kind: before ? 'updated' : 'created', tenantId, actorUserId, before, after });
          return { created: !before, after };
        });
        return { created: saved.created, package: toAdminPackage(saved.after, now) };
      } catch (err) {
        // Two owners saving the same new name at once: the unique index decides, with the same answer.
        if (isUniqueViolation(err)) throw conflict('name: this tenant already has a package with this name', 'name');
        throw err;
      }
    },

    /**
     * Deletes a package nobody ever subscribed to. A package with subscriptions (of any status)
     * or one that is the tenant's free tier is archived instead: hidden from the pricing page
     * and inactive, but its subscribers keep their limits and its revenue history stays whole.
     */
    async remove(tenantId: string, actorUserId: string | null, id: string): Promise<DeletePackageResult> {
      const now = deps.clock.nowIso();
      return deps.db.transaction().execute(async (trx): Promise<DeletePackageResult> => {
        const repo = packagesRepository(trx);
        const before = await requirePackage(repo, tenantId, id);
        const subscriptions = await repo.countSubscriptions(tenantId, id);
        const tenant = await tenantsRepository(trx).findById(tenantId);
        const isFreeTier = tenant?.freePackageId === id;
        if (subscriptions === 0 && !isFreeTier) {
          await repo.delete(tenantId, id);
          await notify(trx, { kind: 'deleted', tenantId, actorUserId, before, after: null });
          return { deleted: true };
        }
        await repo.archive(tenantId, id, now);
        const after = (await repo.find(tenantId, id))!;
        await notify(trx, { kind: 'archived', tenantId, actorUserId, before, after });
        const reason =
          subscriptions > 0
            ? `archived instead of deleted: ${subscriptions} subscription${subscriptions === 1 ? '' : 's'} belong${subscriptions === 1 ? 's' : ''} to this package, and their history and limits must stay intact`
            : 'archived instead of deleted: it is this tenant\'s free tier, and free members keep its limits';
        return { archived: true, reason, package: toAdminPackage(after, now) };
      });
    },
  };
}
export type PackageService = ReturnType<typeof packageService>;
