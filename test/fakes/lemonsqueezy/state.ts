import { randomUUID } from 'node:crypto';
import { JsonApiError, type Resource } from './jsonapi';

type Attrs = Record<string, unknown>;

const RELATIONSHIPS: Record<string, string[]> = {
  stores: ['products', 'orders', 'subscriptions', 'discounts', 'license-keys', 'webhooks'],
  products: ['store', 'variants'],
  variants: ['product', 'files', 'price-model'],
  subscriptions: ['store', 'customer', 'order', 'order-item', 'product', 'variant', 'subscription-items', 'subscription-invoices'],
  checkouts: ['store', 'variant'],
  orders: ['store', 'customer', 'order-items', 'subscriptions', 'license-keys', 'discount-redemptions'],
};

/** The fake store's data: resources by type, with numeric ids as Lemon Squeezy uses (checkouts: UUIDs). */
export class LemonSqueezyState {
  private byType = new Map<string, Map<string, Resource>>();
  private nextId = 1;

  constructor(private readonly baseUrl: string) {}

  private put(type: string, attributes: Attrs, id = String(this.nextId++)): Resource {
    const self = `${this.baseUrl}/v1/${type}/${id}`;
    const relationships = Object.fromEntries(
      (RELATIONSHIPS[type] ?? []).map((rel) => [rel, { links: { related: `${self}/${rel}`, self: `${self}/relationships/${rel}` } }]),
    );
    const resource: Resource = { type, id, attributes, relationships, links: { self } };
    let table = this.byType.get(type);
    if (!table) this.byType.set(type, (table = new Map()));
    table.set(id, resource);
    return resource;
  }

  all(type: string): Resource[] {
    return [...(this.byType.get(type)?.values() ?? [])];
  }

  find(type: string, id: string): Resource | undefined {
    return this.byType.get(type)?.get(id);
  }

  require(type: string, id: string): Resource {
    const found = this.find(type, id);
    if (!found) throw new JsonApiError(404, 'Not Found', `The requested ${type.replace(/s$/, '')} ${id} was not found.`);
    return found;
  }

  addStore(attrs: Attrs = {}): Resource {
    const now = new Date().toISOString();
    const name = (attrs.name as string | undefined) ?? 'Fake Community';
    const slug = (attrs.slug as string | undefined) ?? name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
    return this.put('stores', {
      name,
      slug,
      domain: `${slug}.lemonsqueezy.com`,
      url: `https://${slug}.lemonsqueezy.com`,
      avatar_url: '',
      plan: 'fresh',
      country: 'US',
      country_nicename: 'United States',
      currency: 'USD',
      total_sales: 0,
      total_revenue: 0,
      thirty_day_sales: 0,
      thirty_day_revenue: 0,
      created_at: now,
      updated_at: now,
      ...attrs,
    });
  }

  addProduct(storeId: string, attrs: Attrs = {}): Resource {
    this.require('stores', storeId);
    const now = new Date().toISOString();
    const name = (attrs.name as string | undefined) ?? 'Membership';
    return this.put('products', {
      store_id: Number(storeId),
      name,
      slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      description: '',
      status: 'published',
      status_formatted: 'Published',
      thumb_url: null,
      large_thumb_url: null,
      price: 0,
      price_formatted: '$0.00',
      from_price: null,
      to_price: null,
      pay_what_you_want: false,
      buy_now_url: `https://fake.lemonsqueezy.com/checkout/buy/${randomUUID()}`,
      created_at: now,
      updated_at: now,
      test_mode: true,
      ...attrs,
    });
  }

  addVariant(productId: string, attrs: Attrs = {}): Resource {
    this.require('products', productId);
    const now = new Date().toISOString();
    const name = (attrs.name as string | undefined) ?? 'Monthly';
    const interval = attrs.interval === undefined ? 'month' : attrs.interval;
    return this.put('variants', {
      product_id: Number(productId),
      name,
      slug: randomUUID(),
      description: '',
      price: 2900,
      is_subscription: interval !== null,
      interval,
      interval_count: interval === null ? null : 1,
      has_free_trial: false,
      trial_interval: 'day',
      trial_interval_count: 30,
      pay_what_you_want: false,
      min_price: 0,
      suggested_price: 0,
      has_license_keys: false,
      license_activation_limit: 5,
      is_license_limit_unlimited: false,
      license_length_value: 1,
      license_length_unit: 'years',
      is_license_length_unlimited: false,
      links: [],
      sort: 1,
      status: 'published',
      status_formatted: 'Published',
      created_at: now,
      updated_at: now,
      test_mode: true,
      ...attrs,
    });
  }

  addSubscription(variantId: string, attrs: Attrs = {}): Resource {
    const variant = this.require('variants', variantId);
    const product = this.require('products', String(variant.attributes.product_id));
    const created = (attrs.created_at as string | undefined) ?? new Date().toISOString();
    const renews = new Date(created);
    renews.setUTCMonth(renews.getUTCMonth() + 1);
    const status = (attrs.status as string | undefined) ?? 'active';
    const orderId = this.nextId++;
    return this.put('subscriptions', {
      store_id: product.attributes.store_id,
      customer_id: this.nextId++,
      order_id: orderId,
      order_item_id: this.nextId++,
      product_id: Number(product.id),
      variant_id: Number(variant.id),
      product_name: product.attributes.name,
      variant_name: variant.attributes.name,
      user_name: 'Fake Member',
      user_email: 'member@example.com',
      status,
      status_formatted: status.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase()),
      card_brand: 'visa',
      card_last_four: '4242',
      pause: null,
      cancelled: status === 'cancelled',
      trial_ends_at: null,
      billing_anchor: renews.getUTCDate(),
      first_subscription_item: { id: this.nextId++, subscription_id: 0, price_id: 1, quantity: 1, is_usage_based: false, created_at: created, updated_at: created },
      urls: {
        update_payment_method: 'https://fake.lemonsqueezy.com/subscription/update-payment-method',
        customer_portal: 'https://fake.lemonsqueezy.com/billing',
        customer_portal_update_subscription: 'https://fake.lemonsqueezy.com/billing/update',
      },
      renews_at: renews.toISOString(),
      ends_at: status === 'cancelled' ? renews.toISOString() : null,
      created_at: created,
      updated_at: created,
      test_mode: true,
      ...attrs,
    });
  }

  updateSubscription(id: string, attrs: Attrs): Resource {
    const sub = this.require('subscriptions', id);
    Object.assign(sub.attributes, attrs, { updated_at: new Date().toISOString() });
    return sub;
  }

  /** A paid order for one variant, as a buyer's checkout makes it (a one-time purchase, or a subscription's first). */
  addOrder(variantId: string, attrs: Attrs = {}): Resource {
    const variant = this.require('variants', variantId);
    const product = this.require('products', String(variant.attributes.product_id));
    const created = (attrs.created_at as string | undefined) ?? new Date().toISOString();
    const total = Number(variant.attributes.price ?? 0);
    const orderId = this.nextId++;
    const status = (attrs.status as string | undefined) ?? 'paid';
    return this.put(
      'orders',
      {
        store_id: product.attributes.store_id,
        customer_id: this.nextId++,
        identifier: randomUUID(),
        order_number: orderId,
        user_name: 'Fake Buyer',
        user_email: 'buyer@example.com',
        currency: 'USD',
        currency_rate: '1.0000',
        subtotal: total,
        setup_fee: 0,
        discount_total: 0,
        tax: 0,
        total,
        refunded_amount: 0,
        subtotal_usd: total,
        setup_fee_usd: 0,
        discount_total_usd: 0,
        tax_usd: 0,
        total_usd: total,
        refunded_amount_usd: 0,
        tax_name: null,
        tax_rate: '0.00',
        tax_inclusive: false,
        status,
        status_formatted: status.replace(/^./, (c) => c.toUpperCase()),
        refunded: false,
        refunded_at: null,
        first_order_item: {
          id: this.nextId++,
          order_id: orderId,
          product_id: Number(product.id),
          variant_id: Number(variant.id),
          price_id: 1,
          product_name: product.attributes.name,
          variant_name: variant.attributes.name,
          price: total,
          quantity: 1,
          created_at: created,
          updated_at: created,
          test_mode: true,
        },
        urls: { receipt: `https://fake.lemonsqueezy.com/orders/${orderId}/receipt` },
        created_at: created,
        updated_at: created,
        test_mode: true,
        ...attrs,
      },
      String(orderId),
    );
  }

  addCheckout(store: Resource, variant: Resource, attrs: Attrs): Resource {
    const id = randomUUID();
    return this.put(
      'checkouts',
      {
        store_id: Number(store.id),
        variant_id: Number(variant.id),
        ...attrs,
        url: `https://${store.attributes.slug as string}.lemonsqueezy.com/checkout/custom/${id}?signature=${randomUUID().replace(/-/g, '')}`,
      },
      id,
    );
  }
}
