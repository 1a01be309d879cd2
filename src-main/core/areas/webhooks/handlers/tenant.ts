import type { Kysely } from 'kysely';
import type { PaymentProvider } from '@shared/domain';
import { compiledStatement } from '@core/platform/db/compiled';
import type { Database } from '@core/platform/db/schema';
import { customersRepository } from '../../billing/repositories/customers';
import type { TenantResolution } from './types';

export interface TenantClues {
  provider: PaymentProvider;
  /** The tenant the checkout named (Stripe metadata.tenantId, LS custom_data.tenantId). */
  explicitTenantId?: string | null;
  /** Where the explicit id came from, for the error message. */
  explicitField: string;
  providerSubscriptionId?: string | null;
  providerCustomerId?: string | null;
}

// Every event that names its tenant runs this (compiled once: compiledStatement).
const tenantById = compiledStatement((db, p: { id: string }) => db.selectFrom('tenants').select('id').where('id', '=', p.id));

/**
 * Which tenant an event belongs to: the one its metadata names, else the one that already knows
 * its subscription or customer, else the only tenant there is. Anything else is left for the
 * owner to fix, with a reason that says how.
 */
export async function resolveTenant(db: Kysely<Database>, clues: TenantClues): Promise<TenantResolution> {
  if (clues.explicitTenantId) {
    const [tenant] = (await tenantById.execute(db, { id: clues.explicitTenantId })).rows;
    if (tenant) return { ok: true, tenantId: tenant.id };
    return { ok: false, reason: `${clues.explicitField} "${clues.explicitTenantId}" is not a tenant of this console` };
  }
  if (clues.providerSubscriptionId) {
    const rows = await db
      .selectFrom('subscriptions')
      .select('tenantId')
      .where('provider', '=', clues.provider)
      .where('providerSubscriptionId', '=', clues.providerSubscriptionId)
      .execute();
    const tenants = rows.map((r) => r.tenantId);
    if (tenants.length === 1) return { ok: true, tenantId: tenants[0]! };
  }
  if (clues.providerCustomerId) {
    const tenants = await customersRepository(db).tenantsOf(clues.provider, clues.providerCustomerId);
    if (tenants.length === 1) return { ok: true, tenantId: tenants[0]! };
  }
  const all = await db.selectFrom('tenants').select('id').limit(2).execute();
  if (all.length === 1) return { ok: true, tenantId: all[0]!.id };
  if (all.length === 0) return { ok: false, reason: 'no tenant exists yet: create one, then retry this event' };
  return {
    ok: false,
    reason:
      `cannot tell which tenant this event belongs to: it carries no ${clues.explicitField} and names no ` +
      'subscription or customer this console knows. Set the tenant id in the checkout metadata, then retry this event',
  };
}
