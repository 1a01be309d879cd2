import { z } from 'zod';
import type { SubscriptionStatus } from '@shared/domain';
import { PayloadError, type SubscriptionState } from '../../billing/billing';
import { resolveTenant } from './tenant';
import type { ApplyContext, ApplyResult, ProviderHandler } from './types';

// Lemon Squeezy's JSON:API documents, validated for the fields we read after the signature.
// Checkout custom data (`checkout_data.custom`) comes back as `meta.custom_data`.

const idString = z.union([z.string(), z.number()]).transform(String);
const time = z
  .string()
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be a date-time')
  .transform((v) => new Date(v).toISOString());

export const lemonSqueezyEvent = z.object({
  meta: z.object({
    event_name: z.string().min(1),
    custom_data: z.record(z.string(), z.unknown()).nullish().transform((m) => m ?? {}),
  }),
  data: z.object({ type: z.string(), id: idString, attributes: z.record(z.string(), z.unknown()) }),
});
type LemonSqueezyEvent = z.infer<typeof lemonSqueezyEvent>;

const LS_STATUSES = ['on_trial', 'active', 'paused', 'pause', 'past_due', 'unpaid', 'cancelled', 'expired'] as const;

const subscriptionAttributes = z.object({
  customer_id: idString,
  variant_id: idString,
  user_email: z.string().nullish(),
  user_name: z.string().nullish(),
  status: z.enum(LS_STATUSES),
  renews_at: time.nullish(),
  ends_at: time.nullish(),
  trial_ends_at: time.nullish(),
  created_at: time,
  updated_at: time,
});

const invoiceAttributes = z.object({
  subscription_id: idString,
  customer_id: idString.nullish(),
  total: z.number().int().nullish(),
  currency: z.string().nullish(),
  updated_at: time,
});

const orderAttributes = z.object({
  customer_id: idString,
  user_email: z.string().nullish(),
  user_name: z.string().nullish(),
  status: z.string(),
  updated_at: time,
});

const SUBSCRIPTION_EVENTS = new Set([
  'subscription_created',
  'subscription_updated',
  'subscription_cancelled',
  'subscription_expired',
  'subscription_resumed',
  'subscription_paused',
  'subscription_unpaused',
]);
const PAYMENT_EVENTS = new Set(['subscription_payment_success', 'subscription_payment_failed', 'subscription_payment_recovered']);

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PayloadError(`${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

const custom = (event: LemonSqueezyEvent, camel: string, snake: string) => {
  const v = event.meta.custom_data[camel] ?? event.meta.custom_data[snake];
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : null;
};

/**
 * Lemon Squeezy's statuses on ours. A cancelled subscription runs to `ends_at` (active, ending at
 * period end: a scheduled job ends it then); expired is over.
 */
export function lemonSqueezyState(id: string, a: z.infer<typeof subscriptionAttributes>, eventName: string): SubscriptionState {
  const map: Record<(typeof LS_STATUSES)[number], SubscriptionStatus> = {
    on_trial: 'trialing',
    active: 'active',
    paused: 'paused',
    pause: 'paused',
    past_due: 'past_due',
    unpaid: 'unpaid',
    cancelled: 'active',
    expired: 'canceled',
  };
  const cancelled = a.status === 'cancelled';
  const expired = a.status === 'expired';
  return {
    provider: 'lemonsqueezy',
    providerSubscriptionId: id,
    at: a.updated_at,
    source: 'full',
    initial: eventName === 'subscription_created',
    status: map[a.status],
    planId: a.variant_id,
    packageRef: { variantId: a.variant_id },
    currentPeriodEnd: (cancelled || expired ? a.ends_at : a.status === 'on_trial' ? (a.trial_ends_at ?? a.renews_at) : a.renews_at) ?? null,
    cancelAtPeriodEnd: cancelled,
    canceledAt: cancelled ? a.updated_at : expired ? (a.ends_at ?? a.updated_at) : null,
    startedAt: a.created_at,
  };
}

/** The package the checkout's custom data names, checked to be this tenant's (else the event fails). */
async function namedPackage(ctx: ApplyContext, event: LemonSqueezyEvent): Promise<string | null> {
  const packageId = custom(event, 'packageId', 'package_id');
  if (packageId) await ctx.billing.requirePackage(ctx.tenantId, packageId, 'meta.custom_data.package_id');
  return packageId;
}

async function subscriptionEvent(ctx: ApplyContext, event: LemonSqueezyEvent): Promise<ApplyResult> {
  const a = parse(subscriptionAttributes, event.data.attributes, 'subscription attributes');
  const { billing, tenantId } = ctx;
  const named = custom(event, 'userId', 'user_id');
  const created = event.meta.event_name === 'subscription_created';
  const packageId = created ? await namedPackage(ctx, event) : null;
  // subscription_created is Lemon Squeezy's "checkout completed": it grants access. Later events
  // only keep the subscription in step for the member we already know.
  let user = created ? await billing.findOrCreateUser({ userId: named, email: a.user_email, name: a.user_name }) : null;
  const joined = user ? (await billing.ensurePaidMembership(tenantId, user)).joined : false;
  if (!user) {
    const known = await billing.findCustomer(tenantId, 'lemonsqueezy', a.customer_id);
    const userId = known?.userId ?? named;
    user = userId ? ((await billing.findUser(userId)) ?? null) : null;
  }
  const customer = await billing.upsertCustomer({
    tenantId,
    provider: 'lemonsqueezy',
    providerCustomerId: a.customer_id,
    userId: user?.id ?? null,
    email: a.user_email?.toLowerCase() ?? null,
  });
  await billing.applySubscription(tenantId, {
    ...lemonSqueezyState(event.data.id, a, event.meta.event_name),
    ...(packageId ? { packageId } : {}),
    userId: user?.id ?? null,
    customerId: customer.id,
  });
  const groupId = custom(event, 'groupId', 'group_id');
  if (created && user && groupId) await billing.joinGroup(tenantId, groupId, user.id);
  if (joined && user) await billing.announceJoin(tenantId, user);
  return { outcome: 'applied' };
}

async function paymentEvent(ctx: ApplyContext, event: LemonSqueezyEvent): Promise<ApplyResult> {
  const a = parse(invoiceAttributes, event.data.attributes, 'subscription invoice attributes');
  const { billing, tenantId } = ctx;
  const customer = a.customer_id ? await billing.findCustomer(tenantId, 'lemonsqueezy', a.customer_id) : undefined;
  const failed = event.meta.event_name === 'subscription_payment_failed';
  const sub = await billing.applySubscription(tenantId, {
    provider: 'lemonsqueezy',
    providerSubscriptionId: a.subscription_id,
    at: a.updated_at,
    source: 'status',
    status: failed ? 'past_due' : 'active',
    onlyFromStatuses: failed ? ['active', 'trialing', 'past_due'] : ['past_due', 'unpaid'],
    userId: customer?.userId ?? null,
    customerId: customer?.id ?? null,
  });
  if (failed) await billing.publishPaymentFailed(sub, { invoiceId: event.data.id, amountMinor: a.total ?? undefined, currency: a.currency?.toUpperCase() });
  return { outcome: 'applied' };
}

async function orderCreated(ctx: ApplyContext, event: LemonSqueezyEvent): Promise<ApplyResult> {
  const a = parse(orderAttributes, event.data.attributes, 'order attributes');
  if (a.status !== 'paid') return { outcome: 'ignored', reason: `order status is "${a.status}", not paid` };
  const { billing, tenantId } = ctx;
  await namedPackage(ctx, event);
  const user = await billing.findOrCreateUser({ userId: custom(event, 'userId', 'user_id'), email: a.user_email, name: a.user_name });
  const { joined } = await billing.ensurePaidMembership(tenantId, user);
  await billing.upsertCustomer({ tenantId, provider: 'lemonsqueezy', providerCustomerId: a.customer_id, userId: user.id, email: user.email });
  const groupId = custom(event, 'groupId', 'group_id');
  if (groupId) await billing.joinGroup(tenantId, groupId, user.id);
  if (joined) await billing.announceJoin(tenantId, user);
  return { outcome: 'applied' };
}

export const lemonSqueezyHandler: ProviderHandler = {
  provider: 'lemonsqueezy',
  handles: (type) => SUBSCRIPTION_EVENTS.has(type) || PAYMENT_EVENTS.has(type) || type === 'order_created',

  async resolveTenant(db, payload) {
    const event = parse(lemonSqueezyEvent, payload, 'event');
    const attrs = event.data.attributes;
    const subscriptionId =
      event.data.type === 'subscriptions' ? event.data.id : event.data.type === 'subscription-invoices' ? idString.safeParse(attrs.subscription_id).data : undefined;
    return resolveTenant(db, {
      provider: 'lemonsqueezy',
      explicitTenantId: custom(event, 'tenantId', 'tenant_id'),
      explicitField: 'meta.custom_data.tenantId',
      providerSubscriptionId: subscriptionId ?? null,
      providerCustomerId: idString.safeParse(attrs.customer_id).data ?? null,
    });
  },

  async apply(ctx, payload) {
    const event = parse(lemonSqueezyEvent, payload, 'event');
    const name = event.meta.event_name;
    if (SUBSCRIPTION_EVENTS.has(name)) return subscriptionEvent(ctx, event);
    if (PAYMENT_EVENTS.has(name)) return paymentEvent(ctx, event);
    if (name === 'order_created') return orderCreated(ctx, event);
    return { outcome: 'ignored', reason: `${name} is not an event this console acts on` };
  },
};
