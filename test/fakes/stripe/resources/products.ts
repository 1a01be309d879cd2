import { allowOnly, bool, mergeMetadata, nullableStr, requireStr, str, createdFilter } from '../params';
import { diff, emitFor, respond, type Route } from '../router';
import { stripeId, type StripeObject } from '../state';

export const productRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/v1\/products$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['name', 'description', 'active', 'metadata', 'id', 'url', 'unit_label', 'statement_descriptor', 'tax_code', 'images']);
      const now = ctx.state.nowSeconds();
      const product: StripeObject = {
        id: str(p, 'id') ?? stripeId('prod'),
        object: 'product',
        active: bool(p, 'active') ?? true,
        created: now,
        default_price: null,
        description: nullableStr(p, 'description') ?? null,
        images: [],
        livemode: false,
        marketing_features: [],
        metadata: mergeMetadata({}, p),
        name: requireStr(p, 'name'),
        package_dimensions: null,
        shippable: null,
        statement_descriptor: nullableStr(p, 'statement_descriptor') ?? null,
        tax_code: nullableStr(p, 'tax_code') ?? null,
        tax_details: null,
        type: 'service',
        unit_label: nullableStr(p, 'unit_label') ?? null,
        updated: now,
        url: nullableStr(p, 'url') ?? null,
      };
      ctx.state.insert(product);
      emitFor(ctx, 'product.created', product);
      return respond(ctx, product);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/products\/([^/]+)$/,
    handler: (ctx) => respond(ctx, ctx.state.require('product', ctx.ids[0] as string)),
  },
  {
    method: 'POST',
    pattern: /^\/v1\/products\/([^/]+)$/,
    handler(ctx) {
      const product = ctx.state.require('product', ctx.ids[0] as string);
      const p = ctx.params;
      allowOnly(p, ['name', 'description', 'active', 'metadata', 'default_price', 'url', 'unit_label', 'statement_descriptor', 'tax_code', 'images']);
      const before = structuredClone(product);
      // Parse everything first, so a bad request changes nothing.
      const name = str(p, 'name') === undefined ? undefined : requireStr(p, 'name');
      const description = nullableStr(p, 'description');
      const active = bool(p, 'active');
      const defaultPrice = nullableStr(p, 'default_price');
      if (defaultPrice) ctx.state.require('price', defaultPrice, 'default_price', 400);
      const metadata = mergeMetadata(product.metadata as Record<string, string>, p);
      if (name !== undefined) product.name = name;
      if (description !== undefined) product.description = description;
      if (active !== undefined) product.active = active;
      if (defaultPrice !== undefined) product.default_price = defaultPrice;
      product.metadata = metadata;
      const changes = diff(before, product);
      if (changes) {
        product.updated = ctx.state.nowSeconds();
        emitFor(ctx, 'product.updated', product, changes);
      }
      return respond(ctx, product);
    },
  },
  {
    method: 'GET',
    pattern: /^\/v1\/products$/,
    handler(ctx) {
      const p = ctx.params;
      allowOnly(p, ['active', 'limit', 'starting_after', 'ending_before', 'created', 'ids', 'url', 'shippable']);
      const active = bool(p, 'active');
      const created = createdFilter(p);
      return respond(
        ctx,
        ctx.state.list('product', p, '/v1/products', (o) => (active === undefined || o.active === active) && (!created || created(o.created))),
      );
    },
  },
];
