import type { Kysely } from 'kysely';
import type { ReconcilePreview, ReconcileSubscriptionState } from '@shared/schemas/webhooks';
import type { Database } from '@core/platform/db/schema';
import type { LemonSqueezyGateway, LemonSqueezyOrder, LemonSqueezySubscription } from '@core/integrations/lemonsqueezy';
import { lemonSqueezyEvent, lemonSqueezyState } from '../handlers/lemonsqueezy';
import { lemonSqueezyEventId } from '../service';
import type { MissingEvent } from './ledger-writer';

type Attributes = Parameters<typeof lemonSqueezyState>[1];
const LS_STATUSES: readonly Attributes['status'][] = ['on_trial', 'active', 'paused', 'pause', 'past_due', 'unpaid', 'cancelled', 'expired'];

export type SubscriptionChange = ReconcilePreview['subscriptionChanges'][number];

/** The subscription as a webhook's `data.attributes` carries it (snake_case, as Lemon Squeezy sends). */
function attributesOf(s: LemonSqueezySubscription) {
  return {
    store_id: s.storeId,
    customer_id: s.customerId,
    order_id: s.orderId,
    product_id: s.productId,
    variant_id: s.variantId,
    product_name: s.productName,
    variant_name: s.variantName,
    user_name: s.userName,
    user_email: s.userEmail,
    status: s.status,
    cancelled: s.cancelled,
    renews_at: s.renewsAt,
    ends_at: s.endsAt,
    trial_ends_at: s.trialEndsAt,
    test_mode: s.testMode,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

const same = (a: ReconcileSubscriptionState, b: ReconcileSubscriptionState) =>
  a.status === b.status && a.cancelAtPeriodEnd === b.cancelAtPeriodEnd && (a.currentPeriodEnd ?? null) === (b.currentPeriodEnd ?? null);

/**
 * Lemon Squeezy sends no event log to read back, only the subscriptions as they are now. Each one
 * whose state is newer than ours and differs from it becomes a synthetic event: a
 * `subscription_updated` for one we know, a `subscription_created` (which grants access, as the
 * missed one would have) for one we never heard of. Its ledger id is the one the listener would
 * give that event, so a run twice stores it once.
 */
export async function lemonSqueezyChanges(
  db: Kysely<Database>,
  gateway: LemonSqueezyGateway,
  storeId: string | null,
  /** Only subscriptions updated at or after this time (polling); every one when absent. */
  since?: string,
): Promise<{ change: SubscriptionChange; event: MissingEvent }[]> {
  // Lemon Squeezy's API cannot filter by update time: every page is read, the old ones left out here.
  const listed = await gateway.listSubscriptions(storeId ? { storeId } : {});
  const sinceMs = since ? Date.parse(since) : NaN;
  const subs = Number.isNaN(sinceMs) ? listed : listed.filter((s) => Date.parse(s.updatedAt) >= sinceMs);
  const ours = new Map<string, { tenantId: string; status: string; currentPeriodEnd: string | null; cancelAtPeriodEnd: number; providerUpdatedAt: string }>();
  const ids = subs.map((s) => s.id);
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('subscriptions')
      .select(['providerSubscriptionId', 'tenantId', 'status', 'currentPeriodEnd', 'cancelAtPeriodEnd', 'providerUpdatedAt'])
      .where('provider', '=', 'lemonsqueezy')
      .where('providerSubscriptionId', 'in', ids.slice(i, i + 500))
      .execute();
    for (const row of rows) ours.set(row.providerSubscriptionId, row);
  }

  const out: { change: SubscriptionChange; event: MissingEvent }[] = [];
  for (const sub of subs) {
    if (!LS_STATUSES.includes(sub.status as Attributes['status'])) continue;
    const known = ours.get(sub.id);
    // Never heard of and already over: there is nothing to grant.
    if (!known && sub.status === 'expired') continue;
    // Ours is as new as theirs: a difference is our own doing (a grace period or a period ended).
    if (known && Date.parse(known.providerUpdatedAt) >= Date.parse(sub.updatedAt)) continue;
    const eventName = known ? 'subscription_updated' : 'subscription_created';
    const attributes = attributesOf(sub);
    const state = lemonSqueezyState(sub.id, attributes as Attributes, eventName);
    const to: ReconcileSubscriptionState = { status: state.status!, currentPeriodEnd: state.currentPeriodEnd ?? null, cancelAtPeriodEnd: state.cancelAtPeriodEnd ?? false };
    const from: ReconcileSubscriptionState | null = known
      ? { status: known.status, currentPeriodEnd: known.currentPeriodEnd, cancelAtPeriodEnd: known.cancelAtPeriodEnd === 1 }
      : null;
    if (from && same(from, to)) continue;

    const tenantId = known?.tenantId ?? (await tenantOfVariant(db, sub.variantId));
    const body = JSON.stringify({
      meta: { event_name: eventName, test_mode: sub.testMode, custom_data: tenantId ? { tenant_id: tenantId } : {}, reconciled: true },
      data: { type: 'subscriptions', id: sub.id, attributes },
    });
    const providerEventId = lemonSqueezyEventId(lemonSqueezyEvent.parse(JSON.parse(body)), Buffer.from(body));
    out.push({
      change: { subscriptionId: sub.id, email: sub.userEmail || null, eventName, from, to },
      event: { providerEventId, type: eventName, createdAt: sub.updatedAt, body },
    });
  }
  return out;
}

/** An order as a webhook's `data.attributes` carries it. */
function orderAttributesOf(o: LemonSqueezyOrder) {
  return {
    store_id: o.storeId,
    customer_id: o.customerId,
    user_name: o.userName,
    user_email: o.userEmail,
    status: o.status,
    total: o.total,
    currency: o.currency,
    first_order_item: { variant_id: o.variantId },
    test_mode: o.testMode,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
  };
}

/**
 * Paid orders updated since `since` (polling only: without a checkpoint there is no "new"), each
 * as the `order_created` Lemon Squeezy would have delivered, for the tenant whose package sells
 * its variant (orders of variants no package sells are not this console's). The ledger id is the
 * listener's for that delivery, so the real one arriving too is a duplicate.
 */
export async function lemonSqueezyOrderEvents(db: Kysely<Database>, gateway: LemonSqueezyGateway, storeId: string | null, since: string): Promise<MissingEvent[]> {
  const sinceMs = Date.parse(since);
  const orders = (await gateway.listOrders(storeId ? { storeId } : {})).filter((o) => o.status === 'paid' && Date.parse(o.updatedAt) >= sinceMs);
  const out: MissingEvent[] = [];
  for (const order of orders) {
    const tenantId = await tenantOfVariant(db, order.variantId);
    if (!tenantId) continue;
    const body = JSON.stringify({
      meta: { event_name: 'order_created', test_mode: order.testMode, custom_data: { tenant_id: tenantId }, reconciled: true },
      data: { type: 'orders', id: order.id, attributes: orderAttributesOf(order) },
    });
    const providerEventId = lemonSqueezyEventId(lemonSqueezyEvent.parse(JSON.parse(body)), Buffer.from(body));
    out.push({ providerEventId, type: 'order_created', createdAt: order.updatedAt, body });
  }
  return out;
}

/** The tenant whose package sells this variant, when exactly one does. */
async function tenantOfVariant(db: Kysely<Database>, variantId: string): Promise<string | null> {
  const rows = await db.selectFrom('packages').select('tenantId').distinct().where('variantId', '=', variantId).limit(2).execute();
  return rows.length === 1 ? rows[0]!.tenantId : null;
}
