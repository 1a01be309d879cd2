import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { LabTemplate } from '@shared/schemas/webhooks';
import type { Clock } from '@core/platform/clock';
import type { Database } from '@core/platform/db/schema';
import { LEMONSQUEEZY_HANDLED_TYPES } from '@shared/webhook-types';
import { DomainError } from '@core/platform/errors';

// Built-in events for the lab: one per type the handlers know, shaped as each provider sends them
// (Stripe API 2025+ with periods on subscription items and invoices linked through
// parent.subscription_details; Lemon Squeezy JSON:API documents with meta.custom_data). One set of
// ids runs through a provider's templates, so that checkout → updated → deleted tell one story.

const STRIPE_API_VERSION = '2026-10-28.endive';
const hex = (n: number) => randomBytes(n).toString('hex');
const numericId = () => String(100_000 + (randomBytes(3).readUIntBE(0, 3) % 900_000));

interface TenantFacts {
  tenantId: string;
  tenantName: string;
  priceMinor: number;
  currency: string;
  interval: 'month' | 'year';
  stripePriceId: string;
  variantId: string;
  packageId: string | null;
  groupId: string | null;
  /** Who buys: a member the owner picked, or a new person. */
  email: string;
  name: string;
}

/** The lab's form mode: the member who buys and the package they buy, both of the caller's tenant. */
export interface TemplateChoice {
  userId?: string;
  packageId?: string;
}

async function factsOf(db: Kysely<Database>, tenantId: string, choice: TemplateChoice = {}): Promise<TenantFacts> {
  const tenant = await db.selectFrom('tenants').select(['id', 'name']).where('id', '=', tenantId).executeTakeFirst();
  let packages = db
    .selectFrom('packages')
    .select(['id', 'priceMinor', 'currency', 'interval', 'stripePriceId', 'variantId'])
    .where('tenantId', '=', tenantId);
  packages = choice.packageId
    ? packages.where('id', '=', choice.packageId)
    : packages.where('isActive', '=', 1).where('priceMinor', '>', 0);
  const pkg = await packages
    .orderBy((eb) => eb.case().when('stripePriceId', 'is not', null).then(0).else(1).end())
    .orderBy('createdAt')
    .executeTakeFirst();
  if (choice.packageId && !pkg) throw new DomainError('NOT_FOUND', `packageId: no package ${choice.packageId} in this community`, { field: 'packageId' });
  const buyer = choice.userId
    ? await db
        .selectFrom('memberships')
        .innerJoin('users', 'users.id', 'memberships.userId')
        .select(['users.email', 'users.name'])
        .where('memberships.tenantId', '=', tenantId)
        .where('memberships.userId', '=', choice.userId)
        .executeTakeFirst()
    : undefined;
  if (choice.userId && !buyer) throw new DomainError('NOT_FOUND', `userId: ${choice.userId} is not a member of this community`, { field: 'userId' });
  const group = await db.selectFrom('groups').select('id').where('tenantId', '=', tenantId).orderBy('createdAt').executeTakeFirst();
  return {
    tenantId,
    tenantName: tenant?.name ?? 'Community',
    priceMinor: pkg?.priceMinor ?? 4900,
    currency: (pkg?.currency ?? 'USD').toLowerCase(),
    interval: pkg?.interval ?? 'month',
    stripePriceId: pkg?.stripePriceId ?? `price_${hex(12)}`,
    variantId: pkg?.variantId ?? numericId(),
    packageId: pkg?.id ?? null,
    groupId: group?.id ?? null,
    email: buyer?.email ?? 'new.member@example.com',
    name: buyer?.name ?? 'New Member',
  };
}

function stripeTemplates(f: TenantFacts, nowS: number): LabTemplate[] {
  const customer = `cus_${hex(7)}`;
  const subscription = `sub_${hex(12)}`;
  const periodEnd = nowS + (f.interval === 'year' ? 365 : 30) * 86_400;
  const metadata = { tenantId: f.tenantId, ...(f.packageId ? { packageId: f.packageId } : {}), ...(f.groupId ? { groupId: f.groupId } : {}) };
  const event = (type: string, object: Record<string, unknown>, created: number, previous?: Record<string, unknown>) => ({
    id: `evt_${hex(12)}`,
    object: 'event',
    api_version: STRIPE_API_VERSION,
    created,
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
  });
  const sub = (status: string, extra: Record<string, unknown> = {}) => ({
    id: subscription,
    object: 'subscription',
    customer,
    status,
    cancel_at_period_end: false,
    canceled_at: null,
    currency: f.currency,
    start_date: nowS,
    metadata: { tenantId: f.tenantId },
    items: {
      object: 'list',
      data: [
        {
          id: `si_${hex(7)}`,
          object: 'subscription_item',
          quantity: 1,
          current_period_start: nowS,
          current_period_end: periodEnd,
          price: { id: f.stripePriceId, object: 'price', currency: f.currency, unit_amount: f.priceMinor, recurring: { interval: f.interval, interval_count: 1 } },
        },
      ],
    },
    ...extra,
  });
  const invoice = (status: string) => ({
    id: `in_${hex(12)}`,
    object: 'invoice',
    customer,
    status,
    amount_due: f.priceMinor,
    amount_paid: status === 'paid' ? f.priceMinor : 0,
    currency: f.currency,
    billing_reason: 'subscription_cycle',
    metadata: {},
    parent: { type: 'subscription_details', subscription_details: { subscription, metadata: { tenantId: f.tenantId } } },
  });
  const list: [string, string, Record<string, unknown>][] = [
    [
      'checkout.session.completed',
      'A buyer finished checkout: grants paid access',
      event(
        'checkout.session.completed',
        {
          id: `cs_test_${hex(16)}`,
          object: 'checkout.session',
          mode: 'subscription',
          status: 'complete',
          payment_status: 'paid',
          customer,
          subscription,
          customer_details: { email: f.email, name: f.name },
          customer_email: null,
          amount_total: f.priceMinor,
          currency: f.currency,
          metadata,
          created: nowS,
        },
        nowS,
      ),
    ],
    ['customer.subscription.created', 'The subscription was created', event('customer.subscription.created', sub('active'), nowS)],
    [
      'customer.subscription.updated',
      'The subscription changed (here: set to cancel at period end)',
      event('customer.subscription.updated', sub('active', { cancel_at_period_end: true }), nowS + 60, { cancel_at_period_end: false }),
    ],
    [
      'customer.subscription.deleted',
      'The subscription ended: revokes paid access',
      event('customer.subscription.deleted', sub('canceled', { canceled_at: nowS + 120, ended_at: nowS + 120 }), nowS + 120),
    ],
    ['invoice.payment_failed', 'A renewal payment failed: past due with the grace period', event('invoice.payment_failed', invoice('open'), nowS + 90)],
    ['invoice.paid', 'An invoice was paid: ends a past-due spell', event('invoice.paid', invoice('paid'), nowS + 100)],
  ];
  return list.map(([type, label, payload]) => ({ provider: 'stripe', type, label, payload: JSON.stringify(payload, null, 2) }));
}

function lemonSqueezyTemplates(f: TenantFacts, now: Date): LabTemplate[] {
  const subscriptionId = numericId();
  const customerId = numericId();
  const orderId = numericId();
  const iso = (offsetS: number) => new Date(now.getTime() + offsetS * 1000).toISOString().replace(/Z$/, '000Z');
  const renews = iso((f.interval === 'year' ? 365 : 30) * 86_400);
  const customData = { tenant_id: f.tenantId, ...(f.groupId ? { group_id: f.groupId } : {}) };
  const doc = (eventName: string, type: string, id: string, attributes: Record<string, unknown>) => ({
    meta: { test_mode: true, event_name: eventName, webhook_id: `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`, custom_data: customData },
    data: { type, id, attributes, relationships: {}, links: { self: `https://api.lemonsqueezy.com/v1/${type}/${id}` } },
  });
  const subscription = (status: string, updatedOffset: number, extra: Record<string, unknown> = {}) => ({
    store_id: 1,
    customer_id: Number(customerId),
    order_id: Number(orderId),
    product_id: 1,
    variant_id: Number(f.variantId) || f.variantId,
    product_name: f.tenantName,
    variant_name: f.interval === 'year' ? 'Yearly' : 'Monthly',
    user_name: f.name,
    user_email: f.email,
    status,
    status_formatted: status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
    cancelled: status === 'cancelled',
    pause: status === 'paused' ? { mode: 'void', resumes_at: null } : null,
    trial_ends_at: null,
    renews_at: renews,
    ends_at: status === 'cancelled' ? renews : status === 'expired' ? iso(updatedOffset) : null,
    created_at: iso(0),
    updated_at: iso(updatedOffset),
    test_mode: true,
    ...extra,
  });
  const invoice = (status: string, updatedOffset: number) => ({
    store_id: 1,
    subscription_id: Number(subscriptionId),
    customer_id: Number(customerId),
    user_name: f.name,
    user_email: f.email,
    billing_reason: 'renewal',
    currency: f.currency.toUpperCase(),
    status,
    total: f.priceMinor,
    created_at: iso(updatedOffset),
    updated_at: iso(updatedOffset),
    test_mode: true,
  });
  const invoiceId = numericId();
  const byType: Record<(typeof LEMONSQUEEZY_HANDLED_TYPES)[number], [string, Record<string, unknown>]> = {
    order_created: [
      'An order was paid: grants paid access',
      doc('order_created', 'orders', orderId, {
        store_id: 1,
        customer_id: Number(customerId),
        identifier: `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`,
        order_number: Number(orderId),
        user_name: f.name,
        user_email: f.email,
        currency: f.currency.toUpperCase(),
        status: 'paid',
        total: f.priceMinor,
        first_order_item: { order_id: Number(orderId), product_id: 1, variant_id: Number(f.variantId) || f.variantId, product_name: f.tenantName, price: f.priceMinor },
        created_at: iso(0),
        updated_at: iso(0),
        test_mode: true,
      }),
    ],
    subscription_created: ['A subscription was bought: grants paid access', doc('subscription_created', 'subscriptions', subscriptionId, subscription('active', 0))],
    subscription_updated: ['The subscription changed', doc('subscription_updated', 'subscriptions', subscriptionId, subscription('active', 30))],
    subscription_cancelled: ['Cancelled: access runs to the end of the period', doc('subscription_cancelled', 'subscriptions', subscriptionId, subscription('cancelled', 60))],
    subscription_resumed: ['A cancelled subscription was resumed', doc('subscription_resumed', 'subscriptions', subscriptionId, subscription('active', 90))],
    subscription_expired: ['The subscription ended: revokes paid access', doc('subscription_expired', 'subscriptions', subscriptionId, subscription('expired', 120))],
    subscription_paused: ['Payment collection paused', doc('subscription_paused', 'subscriptions', subscriptionId, subscription('paused', 150))],
    subscription_unpaused: ['Payment collection resumed', doc('subscription_unpaused', 'subscriptions', subscriptionId, subscription('active', 180))],
    subscription_payment_success: ['A renewal was paid', doc('subscription_payment_success', 'subscription-invoices', invoiceId, invoice('paid', 200))],
    subscription_payment_failed: ['A renewal payment failed: past due', doc('subscription_payment_failed', 'subscription-invoices', invoiceId, invoice('pending', 210))],
    subscription_payment_recovered: ['A failed renewal was paid after all', doc('subscription_payment_recovered', 'subscription-invoices', invoiceId, invoice('paid', 220))],
  };
  return LEMONSQUEEZY_HANDLED_TYPES.map((type) => ({ provider: 'lemonsqueezy', type, label: byType[type][0], payload: JSON.stringify(byType[type][1], null, 2) }));
}

/** webhooks.lab.templates: fresh ids on every call, the tenant's id, package and group filled in. */
export async function labTemplates(db: Kysely<Database>, clock: Clock, tenantId: string, choice: TemplateChoice = {}): Promise<LabTemplate[]> {
  const facts = await factsOf(db, tenantId, choice);
  return [...stripeTemplates(facts, Math.floor(clock.nowMs() / 1000)), ...lemonSqueezyTemplates(facts, new Date(clock.nowMs()))];
}
