import { sql, type Kysely } from 'kysely';
import { fromMinorUnits } from '@shared/money';
import type {
  LemonSqueezySubscriptionView,
  LemonSqueezyVariantView,
  LinkAction,
  LinkSubscriptionsResult,
} from '@shared/schemas/billing';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import type { LemonSqueezySubscription } from '../../integrations/lemonsqueezy';
import { auditRepository } from '../../platform/audit';
import { lemonSqueezyState } from '../webhooks/handlers/lemonsqueezy';
import { ChangeLog, type BillingService } from './billing';
import type { ProviderConfigService } from '../settings/provider-config';

type LsAttributes = Parameters<typeof lemonSqueezyState>[1];
const LS_STATUSES: readonly LsAttributes['status'][] = ['on_trial', 'active', 'paused', 'pause', 'past_due', 'unpaid', 'cancelled', 'expired'];
const isLsStatus = (s: string): s is LsAttributes['status'] => (LS_STATUSES as readonly string[]).includes(s);

/** The API's subscription in the shape the webhook handler maps, so both paths agree. */
function attributesOf(s: LemonSqueezySubscription & { status: LsAttributes['status'] }): LsAttributes {
  return {
    customer_id: s.customerId,
    variant_id: s.variantId,
    user_email: s.userEmail,
    user_name: s.userName,
    status: s.status,
    renews_at: s.renewsAt,
    ends_at: s.endsAt,
    trial_ends_at: s.trialEndsAt,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

const CHUNK = 500;
function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Lemon Squeezy's catalog and subscriptions for the owner: variants to pick a package's
 * `variantId` from, and the store's subscriptions matched to this tenant's members (by email) and
 * packages (by variant). Linking writes them as subscriptions through the billing service, the
 * same upsert the webhooks use, so members' subscription status stays in step and a later
 * webhook for the same subscription finds it.
 */
export function lemonSqueezyCatalogService(deps: { db: Kysely<Database>; clock: Clock; providers: ProviderConfigService; billing: BillingService }) {
  const { db } = deps;

  async function packagesByVariant(tenantId: string) {
    const rows = await db.selectFrom('packages').select(['id', 'name', 'variantId']).where('tenantId', '=', tenantId).where('variantId', 'is not', null).execute();
    return new Map(rows.map((r) => [r.variantId!, { id: r.id, name: r.name }]));
  }

  /** What linking would do for each subscription of the store, with the subscriptions as read. */
  async function plan(tenantId: string): Promise<{ items: LemonSqueezySubscriptionView[]; read: Map<string, LemonSqueezySubscription> }> {
    const { gateway, storeId } = await deps.providers.requireLemonSqueezy({ needStore: false });
    const subs = await gateway.listSubscriptions(storeId ? { storeId } : {});
    const packages = await packagesByVariant(tenantId);

    const emails = [...new Set(subs.map((s) => s.userEmail.trim().toLowerCase()).filter(Boolean))];
    const members = new Map<string, { userId: string; name: string; email: string }>();
    for (const part of chunks(emails)) {
      const rows = await db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.userId', 'u.id')
        .select(['u.id', 'u.name', 'u.email'])
        .where('m.tenantId', '=', tenantId)
        .where(sql<string>`lower(u.email)`, 'in', part)
        .execute();
      for (const r of rows) members.set(r.email.toLowerCase(), { userId: r.id, name: r.name, email: r.email });
    }
    const existing = new Map<string, { id: string; userId: string | null; status: string; providerUpdatedAt: string }>();
    for (const part of chunks(subs.map((s) => s.id))) {
      const rows = await db
        .selectFrom('subscriptions')
        .select(['id', 'providerSubscriptionId', 'userId', 'status', 'providerUpdatedAt'])
        .where('tenantId', '=', tenantId)
        .where('provider', '=', 'lemonsqueezy')
        .where('providerSubscriptionId', 'in', part)
        .execute();
      for (const r of rows) existing.set(r.providerSubscriptionId, r);
    }

    const items = subs.map((s): LemonSqueezySubscriptionView => {
      const member = members.get(s.userEmail.trim().toLowerCase()) ?? null;
      const pkg = packages.get(s.variantId) ?? null;
      const stored = existing.get(s.id);
      const mapped = isLsStatus(s.status) ? lemonSqueezyState(s.id, attributesOf({ ...s, status: s.status }), 'subscription_updated') : null;
      const view: LemonSqueezySubscriptionView = {
        id: s.id,
        status: s.status,
        mappedStatus: mapped?.status ?? null,
        userEmail: s.userEmail,
        userName: s.userName,
        variantId: s.variantId,
        variantName: s.variantName,
        productName: s.productName,
        renewsAt: s.renewsAt,
        endsAt: s.endsAt,
        member,
        package: pkg,
        subscriptionId: stored?.id ?? null,
        action: 'create',
        reason: null,
      };
      if (!mapped) return { ...view, action: 'skip', reason: `has a status the console does not know ("${s.status}")` };
      // A store can serve several tenants: only what names this tenant's package or member is ours.
      if (!stored && !pkg && !member) return { ...view, action: 'skip', reason: "neither its variant (no package of this tenant uses it) nor its email (no member has it) belongs to this tenant" };
      const notes = [!member && 'no member of this tenant has this email: recorded without a member', !pkg && 'no package of this tenant uses this variant: recorded without a package'].filter(Boolean).join('; ');
      if (!stored) return { ...view, reason: notes || null };
      const fresh = Date.parse(stored.providerUpdatedAt) >= Date.parse(s.updatedAt) && stored.status === mapped.status && (stored.userId !== null || !member);
      return { ...view, action: fresh ? 'unchanged' : 'update', reason: notes || null };
    });
    return { items, read: new Map(subs.map((s) => [s.id, s])) };
  }

  function counted(items: LemonSqueezySubscriptionView[]): Record<LinkAction, number> {
    const counts: Record<LinkAction, number> = { create: 0, update: 0, unchanged: 0, skip: 0 };
    for (const item of items) counts[item.action] += 1;
    return counts;
  }

  return {
    /** billing.lemonsqueezy.variants: every variant the key can see, with the package using each. */
    async variants(tenantId: string): Promise<LemonSqueezyVariantView[]> {
      const { gateway } = await deps.providers.requireLemonSqueezy({ needStore: false });
      const [variants, packages] = await Promise.all([gateway.listVariants(), packagesByVariant(tenantId)]);
      return variants.map((v) => ({
        id: v.id,
        productId: v.productId,
        name: v.name,
        status: v.status,
        price: v.priceCents === null ? null : fromMinorUnits(v.priceCents),
        interval: v.interval,
        intervalCount: v.intervalCount,
        isSubscription: v.isSubscription,
        testMode: v.testMode,
        usable: v.status === 'published' && v.isSubscription,
        packageId: packages.get(v.id)?.id ?? null,
        packageName: packages.get(v.id)?.name ?? null,
      }));
    },

    /** billing.lemonsqueezy.subscriptions: the store's subscriptions and what linking would do. */
    async subscriptions(tenantId: string): Promise<LemonSqueezySubscriptionView[]> {
      return (await plan(tenantId)).items;
    },

    /** billing.lemonsqueezy.linkSubscriptions: the preview, and with `commit` the upserts. */
    async link(tenantId: string, actorUserId: string | null, input: { commit: boolean }): Promise<LinkSubscriptionsResult> {
      const { items, read } = await plan(tenantId);
      if (!input.commit) return { committed: false, items, counts: counted(items) };
      const todo = items.filter((i) => i.action === 'create' || i.action === 'update');
      await db.transaction().execute(async (trx) => {
        const log = new ChangeLog();
        const billing = deps.billing.session(trx, log);
        for (const item of todo) {
          const s = read.get(item.id)!;
          if (!isLsStatus(s.status)) continue;
          const customer = await billing.upsertCustomer({
            tenantId,
            provider: 'lemonsqueezy',
            providerCustomerId: s.customerId,
            userId: item.member?.userId ?? null,
            email: s.userEmail.trim().toLowerCase() || null,
          });
          const row = await billing.applySubscription(tenantId, {
            ...lemonSqueezyState(s.id, attributesOf({ ...s, status: s.status }), 'subscription_updated'),
            userId: item.member?.userId ?? null,
            customerId: customer.id,
          });
          item.subscriptionId = row.id;
        }
        await auditRepository(trx).record({
          tenantId,
          actorUserId,
          action: 'billing.lemonsqueezy_linked',
          targetType: 'subscriptions',
          targetId: null,
          after: { linked: todo.length, changes: log.changes.length },
          at: deps.clock.nowIso(),
        });
      });
      return { committed: true, items, counts: counted(items) };
    },
  };
}
export type LemonSqueezyCatalogService = ReturnType<typeof lemonSqueezyCatalogService>;
