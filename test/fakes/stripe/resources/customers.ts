import { invalidParam } from '../errors';
import type { FormParams } from '../form';
import { allowOnly, createdFilter, mergeMetadata, nullableStr, str } from '../params';
import { diff, emitFor, respond, type Route } from '../router';
import { stripeId, type StripeObject, type StripeState } from '../state';

const FIELDS = ['email', 'name', 'description', 'phone', 'metadata'] as const;

function email(p: FormParams): string | null | undefined {
  const value = nullableStr(p, 'email');
  if (value && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) throw invalidParam('email', `Invalid email address: ${value}`, 'email_invalid');
  return value;
}

/** Used by the API and by fake-side setup (a checkout completed with only an email, say). */
export function createCustomer(state: StripeState, fields: { email?: string | null; name?: string | null; description?: string | null; phone?: string | null; metadata?: Record<string, string> }): StripeObject {
  const customer: StripeObject = {
    id: stripeId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: state.nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: fields.description ?? null,
    discount: null,
    email: fields.email ?? null,
    invoice_prefix: stripeId('x', 8).slice(2).toUpperCase(),
    invoice_settings: { custom_fields: null, default_payment_method: null, footer: null, rendering_options: null },
    livemode: false,
    metadata: fields.metadata ?? {},
    name: fields.name ?? null,
    next_invoice_sequence: 1,
    phone: fields.phone ?? null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  return state.insert(customer);
}

export const customerRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/customers$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, FIELDS);
      const customer = createCustomer(ctx.state, {
        email: email(p),
        name: nullableStr(p, 'name'),
        description: nullableStr(p, 'description'),
        phone: nullableStr(p, 'phone'),
        metadata: mergeMetadata({}, p),
      });
      emitFor(ctx, 'customer.created', customer);
      return respond(ctx, customer);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers\/([^/]+)$/,
    handler: (ctx) => respond(ctx, ctx.state.require('customer', ctx.ids[0] as string)),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/customers\/([^/]+)$/,
    handler(ctx) {
      const customer = ctx.state.require('customer', ctx.ids[0] as string);
      const p = ctx.params;
      allowOnly(p, FIELDS);
      const before = structuredClone(customer);
      const next = {
        email: email(p),
        name: nullableStr(p, 'name'),
        description: nullableStr(p, 'description'),
        phone: nullableStr(p, 'phone'),
        metadata: mergeMetadata(customer.metadata as Record<string, string>, p),
      };
      for (const [key, value] of Object.entries(next)) if (value !== undefined) customer[key] = value;
      const changes = diff(before, customer);
      if (changes) emitFor(ctx, 'customer.updated', customer, changes);
      return respond(ctx, customer);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/customers$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['email', 'limit', 'starting_after', 'ending_before', 'created', 'test_clock']);
      // Stripe's email filter is an exact, case-sensitive match.
      const byEmail = str(p, 'email');
      const created = createdFilter(p);
      return respond(
        ctx,
        ctx.state.list('customer', p, '/v1/customers', (o) => (!byEmail || o.email === byEmail) && (!created || created(o.created))),
      );
    },
  },
];
