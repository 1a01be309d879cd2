import { invalidParam, missingParam } from '../errors';
import type { FormParams } from '../form';
import { allowOnly, bool, createdFilter, int, mergeMetadata, nullableStr, obj, requireStr, str, strList } from '../params';
import { diff, emitFor, respond, type RequestContext, type Route } from '../router';
import { stripeId, type StripeObject } from '../state';

const INTERVALS = ['day', 'week', 'month', 'year'];

function recurringFrom(p: FormParams) {
  const r = obj(p, 'recurring');
  if (!r) return null;
  allowOnly(r, ['interval', 'interval_count', 'usage_type', 'meter', 'trial_period_days']);
  const interval = str(r, 'interval');
  if (!interval) throw missingParam('recurring[interval]');
  if (!INTERVALS.includes(interval)) {
    throw invalidParam('recurring[interval]', `Invalid recurring[interval]: must be one of ${INTERVALS.join(', ')}`, 'parameter_invalid_string');
  }
  const count = int(r, 'interval_count') ?? 1;
  if (count < 1) throw invalidParam('recurring[interval_count]', 'Invalid recurring[interval_count]: must be at least 1', 'parameter_invalid_integer');
  return { interval, interval_count: count, meter: null, trial_period_days: null, usage_type: 'licensed' };
}

/** Lookup keys are unique in an account; `transfer_lookup_key` moves one from its old price. */
function claimLookupKey(ctx: RequestContext, key: string | null | undefined, priceId: string, transfer: boolean): void {
  if (!key) return;
  const holder = ctx.state.all('price').find((o) => o.lookup_key === key && o.id !== priceId);
  if (!holder) return;
  if (!transfer) {
    throw invalidParam('lookup_key', `A price (\`${holder.id}\`) already uses that lookup key.`, 'parameter_invalid_string');
  }
  holder.lookup_key = null;
  emitFor(ctx, 'price.updated', holder, { lookup_key: key });
}

export const priceRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/prices$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['currency', 'product', 'unit_amount', 'unit_amount_decimal', 'recurring', 'lookup_key', 'transfer_lookup_key', 'metadata', 'nickname', 'active', 'tax_behavior', 'billing_scheme']);
      const currency = requireStr(p, 'currency');
      if (!/^[a-z]{3}$/i.test(currency)) throw invalidParam('currency', `Invalid currency: ${currency}.`);
      const productId = requireStr(p, 'product');
      ctx.state.require('product', productId, 'product', 400);
      const unitAmount = int(p, 'unit_amount');
      if (unitAmount === undefined) throw missingParam('unit_amount');
      if (unitAmount < 0) throw invalidParam('unit_amount', 'This value must be greater than or equal to 0.', 'parameter_invalid_integer');
      const recurring = recurringFrom(p);
      const id = stripeId('price', 24);
      const lookupKey = nullableStr(p, 'lookup_key') ?? null;
      // Parse everything before claiming the lookup key, so a bad request changes nothing.
      const active = bool(p, 'active') ?? true;
      const metadata = mergeMetadata({}, p);
      const transfer = bool(p, 'transfer_lookup_key') ?? false;
      claimLookupKey(ctx, lookupKey, id, transfer);
      const price: StripeObject = {
        id,
        object: 'price',
        active,
        billing_scheme: 'per_unit',
        created: ctx.state.nowSeconds(),
        currency: currency.toLowerCase(),
        custom_unit_amount: null,
        livemode: false,
        lookup_key: lookupKey,
        metadata,
        nickname: nullableStr(p, 'nickname') ?? null,
        product: productId,
        recurring,
        tax_behavior: str(p, 'tax_behavior') ?? 'unspecified',
        tiers_mode: null,
        transform_quantity: null,
        type: recurring ? 'recurring' : 'one_time',
        unit_amount: unitAmount,
        unit_amount_decimal: String(unitAmount),
      };
      ctx.state.insert(price);
      emitFor(ctx, 'price.created', price);
      return respond(ctx, price);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/prices\/([^/]+)$/,
    handler: (ctx) => respond(ctx, ctx.state.require('price', ctx.ids[0] as string)),
  },
  {
    // As in Stripe, a price's amount, currency and interval never change: re-pricing is a new price.
    method: 'POST',
    pattern: /^\/v1\/prices\/([^/]+)$/,
    handler(ctx) {
      const price = ctx.state.require('price', ctx.ids[0] as string);
      const p = ctx.params;
      allowOnly(p, ['active', 'metadata', 'lookup_key', 'transfer_lookup_key', 'nickname', 'tax_behavior']);
      const before = structuredClone(price);
      const active = bool(p, 'active');
      const lookupKey = nullableStr(p, 'lookup_key');
      const transfer = bool(p, 'transfer_lookup_key') ?? false;
      const nickname = nullableStr(p, 'nickname');
      const metadata = mergeMetadata(price.metadata as Record<string, string>, p);
      if (lookupKey !== undefined) {
        claimLookupKey(ctx, lookupKey, price.id, transfer);
        price.lookup_key = lookupKey;
      }
      if (active !== undefined) price.active = active;
      if (nickname !== undefined) price.nickname = nickname;
      price.metadata = metadata;
      const changes = diff(before, price);
      if (changes) emitFor(ctx, 'price.updated', price, changes);
      return respond(ctx, price);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/prices$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['active', 'product', 'currency', 'type', 'lookup_keys', 'recurring', 'limit', 'starting_after', 'ending_before', 'created']);
      const active = bool(p, 'active');
      const product = str(p, 'product');
      const currency = str(p, 'currency');
      const type = str(p, 'type');
      const lookupKeys = strList(p, 'lookup_keys');
      const created = createdFilter(p);
      return respond(
        ctx,
        ctx.state.list('price', p, '/v1/prices', (o) =>
          (active === undefined || o.active === active) &&
          (!product || o.product === product) &&
          (!currency || o.currency === currency.toLowerCase()) &&
          (!type || o.type === type) &&
          (!lookupKeys || lookupKeys.includes(o.lookup_key as string)) &&
          (!created || created(o.created)),
        ),
      );
    },
  },
];
