import { z } from 'zod';
import { SUBSCRIPTION_STATUSES } from '@shared/domain';
import { PayloadError, type SubscriptionState } from '../../billing/billing';
import { resolveTenant } from './tenant';
import type { ApplyContext, ApplyResult, ProviderHandler } from './types';

// Stripe's objects are validated here, after the signature, for the fields we read; everything
// else in them is kept in the ledger's raw body and ignored.

/** An id, or an expanded object with one. */
const ref = z
  .union([z.string(), z.object({ id: z.string() })])
  .nullish()
  .transform((v) => (typeof v === 'string' ? v : (v?.id ?? null)));
const metadata = z.record(z.string(), z.unknown()).nullish().transform((m) => m ?? {});
const unix = z.number().int();

const stripeEvent = z.object({
  id: z.string(),
  type: z.string(),
  created: unix,
  data: z.object({ object: z.record(z.string(), z.unknown()) }),
});

const checkoutSession = z.object({
  id: z.string(),
  mode: z.string(),
  customer: ref,
  subscription: ref,
  customer_email: z.string().nullish(),
  customer_details: z.object({ email: z.string().nullish(), name: z.string().nullish() }).nullish(),
  amount_total: z.number().int().nullish(),
  currency: z.string().nullish(),
  metadata,
});

const subscriptionItem = z.object({
  quantity: z.number().int().nullish(),
  current_period_end: unix.nullish(),
  price: z.object({
    id: z.string(),
    unit_amount: z.number().int().nullish(),
    currency: z.string().nullish(),
    recurring: z.object({ interval: z.string() }).nullish(),
  }),
});

const subscription = z.object({
  id: z.string(),
  customer: ref,
  status: z.enum(SUBSCRIPTION_STATUSES),
  items: z.object({ data: z.array(subscriptionItem) }).nullish(),
  // Before API version 2025-03-31 the period lived on the subscription, since then on its items.
  current_period_end: unix.nullish(),
  cancel_at_period_end: z.boolean().nullish(),
  canceled_at: unix.nullish(),
  start_date: unix.nullish(),
  currency: z.string().nullish(),
  metadata,
});

const invoice = z.object({
  id: z.string(),
  customer: ref,
  // Before API version 2025-03-31; since then under parent.subscription_details.
  subscription: ref,
  parent: z
    .object({ subscription_details: z.object({ subscription: ref, metadata }).nullish() })
    .nullish(),
  amount_due: z.number().int().nullish(),
  currency: z.string().nullish(),
  metadata,
});

type StripeEvent = z.infer<typeof stripeEvent>;

const HANDLED = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'invoice.payment_failed',
  'invoice.paid',
]);

/** The envelope of a payload, parsed once: resolveTenant and apply both read it. */
const envelopes = new WeakMap<object, StripeEvent>();
function parseEvent(payload: unknown): StripeEvent {
  const cached = typeof payload === 'object' && payload !== null ? envelopes.get(payload) : undefined;
  if (cached) return cached;
  const event = parse(stripeEvent, payload, 'event');
  if (typeof payload === 'object' && payload !== null) envelopes.set(payload, event);
  return event;
}

function parse<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new PayloadError(`${what}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return result.data;
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

function invoiceSubscription(inv: z.infer<typeof invoice>) {
  return {
    id: inv.parent?.subscription_details?.subscription ?? inv.subscription,
    tenantId: str(inv.parent?.subscription_details?.metadata.tenantId) ?? str(inv.metadata.tenantId),
  };
}

/** The subscription object as our state. */
export function stripeSubscriptionState(sub: z.infer<typeof subscription>, at: string, type: string): SubscriptionState {
  const item = sub.items?.data[0];
  const periodEnd = item?.current_period_end ?? sub.current_period_end;
  const deleted = type === 'customer.subscription.deleted';
  return {
    provider: 'stripe',
    providerSubscriptionId: sub.id,
    at,
    source: 'full',
    initial: type === 'customer.subscription.created',
    status: deleted ? 'canceled' : sub.status,
    planId: item?.price.id ?? null,
    packageRef: item ? { stripePriceId: item.price.id } : undefined,
    amountMinor: item?.price.unit_amount != null ? item.price.unit_amount * (item.quantity ?? 1) : undefined,
    currency: (item?.price.currency ?? sub.currency ?? undefined)?.toUpperCase(),
    interval: item?.price.recurring?.interval,
    currentPeriodEnd: periodEnd ? iso(periodEnd) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
    canceledAt: sub.canceled_at ? iso(sub.canceled_at) : deleted ? at : null,
    startedAt: sub.start_date ? iso(sub.start_date) : undefined,
  };
}

async function checkoutCompleted(ctx: ApplyContext, event: StripeEvent): Promise<ApplyResult> {
  const session = parse(checkoutSession, event.data.object, 'checkout session');
  if (session.mode !== 'subscription') return { outcome: 'ignored', reason: `a checkout in mode "${session.mode}" carries no subscription` };
  const { billing, tenantId } = ctx;
  const packageId = str(session.metadata.packageId);
  if (packageId) await billing.requirePackage(tenantId, packageId, 'metadata.packageId');
  const user = await billing.findOrCreateUser({
    userId: str(session.metadata.userId),
    email: session.customer_details?.email ?? session.customer_email,
    name: session.customer_details?.name,
  });
  const { joined } = await billing.ensurePaidMembership(tenantId, user);
  const customer = session.customer
    ? await billing.upsertCustomer({ tenantId, provider: 'stripe', providerCustomerId: session.customer, userId: user.id, email: user.email })
    : null;
  if (session.subscription) {
    await billing.applySubscription(tenantId, {
      provider: 'stripe',
      providerSubscriptionId: session.subscription,
      at: iso(event.created),
      source: 'provisional',
      status: 'active',
      amountMinor: session.amount_total ?? undefined,
      currency: session.currency?.toUpperCase(),
      packageId,
      userId: user.id,
      customerId: customer?.id ?? null,
    });
  }
  const groupId = str(session.metadata.groupId);
  if (groupId) await billing.joinGroup(tenantId, groupId, user.id);
  if (joined) await billing.announceJoin(tenantId, user);
  return { outcome: 'applied' };
}

async function subscriptionChanged(ctx: ApplyContext, event: StripeEvent): Promise<ApplyResult> {
  const sub = parse(subscription, event.data.object, 'subscription');
  const { billing, tenantId } = ctx;
  const known = sub.customer ? await billing.findCustomer(tenantId, 'stripe', sub.customer) : undefined;
  const named = str(sub.metadata.userId);
  const userId = known?.userId ?? (named ? ((await billing.findUser(named))?.id ?? null) : null);
  // A customer we know that needs no link (it has its member, or the event names none) is used as
  // it is: the upsert would only find it again.
  const customer = !sub.customer
    ? null
    : known && (known.userId || !userId)
      ? known
      : await billing.upsertCustomer({ tenantId, provider: 'stripe', providerCustomerId: sub.customer, userId, email: null });
  await billing.applySubscription(tenantId, {
    ...stripeSubscriptionState(sub, iso(event.created), event.type),
    userId,
    customerId: customer?.id ?? null,
  });
  return { outcome: 'applied' };
}

async function invoicePayment(ctx: ApplyContext, event: StripeEvent): Promise<ApplyResult> {
  const inv = parse(invoice, event.data.object, 'invoice');
  const subscriptionId = invoiceSubscription(inv).id;
  if (!subscriptionId) return { outcome: 'ignored', reason: 'the invoice belongs to no subscription' };
  const { billing, tenantId } = ctx;
  const customer = inv.customer ? await billing.findCustomer(tenantId, 'stripe', inv.customer) : undefined;
  const failed = event.type === 'invoice.payment_failed';
  const sub = await billing.applySubscription(tenantId, {
    provider: 'stripe',
    providerSubscriptionId: subscriptionId,
    at: iso(event.created),
    source: 'status',
    status: failed ? 'past_due' : 'active',
    // A paid invoice ends a past-due spell; it must not turn a trial into "active".
    onlyFromStatuses: failed ? ['active', 'trialing', 'past_due'] : ['past_due', 'unpaid', 'incomplete'],
    userId: customer?.userId ?? null,
    customerId: customer?.id ?? null,
  });
  if (failed) await billing.publishPaymentFailed(sub, { invoiceId: inv.id, amountMinor: inv.amount_due ?? undefined, currency: inv.currency?.toUpperCase() });
  return { outcome: 'applied' };
}

export const stripeHandler: ProviderHandler = {
  provider: 'stripe',
  handles: (type) => HANDLED.has(type),

  async resolveTenant(db, payload) {
    const event = parseEvent(payload);
    const object = event.data.object;
    const md = metadata.safeParse(object.metadata).data ?? {};
    let subscriptionId: string | null = null;
    let tenantId = str(md.tenantId);
    if (event.type.startsWith('customer.subscription.')) subscriptionId = str(object.id);
    else if (event.type.startsWith('checkout.session.')) subscriptionId = ref.parse(object.subscription);
    else if (event.type.startsWith('invoice.')) {
        const inv = invoice.safeParse(object);
      if (inv.success) {
        const link = invoiceSubscription(inv.data);
        subscriptionId = link.id;
        tenantId ??= link.tenantId;
      }
    }
    const customer = ref.safeParse(object.customer);
    return resolveTenant(db, {
      provider: 'stripe',
      explicitTenantId: tenantId,
      explicitField: 'metadata.tenantId',
      providerSubscriptionId: subscriptionId,
      providerCustomerId: customer.success ? customer.data : null,
    });
  },

  async apply(ctx, payload) {
    const event = parseEvent(payload);
    switch (event.type) {
      case 'checkout.session.completed':
        return checkoutCompleted(ctx, event);
      case 'customer.subscription.created':
      case 'customer.subscription.updated':
      case 'customer.subscription.deleted':
        return subscriptionChanged(ctx, event);
      case 'invoice.payment_failed':
      case 'invoice.paid':
        return invoicePayment(ctx, event);
      default:
        return { outcome: 'ignored', reason: `${event.type} is not an event this console acts on` };
    }
  },
};
