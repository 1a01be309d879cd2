import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { fromMinorUnits } from '@shared/money';
import { effectivePriceMinor, saleState } from '@shared/sale-window';
import type { CheckoutInput, CheckoutProvider, CheckoutResult } from '@shared/schemas/billing';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError, invalid } from '../../platform/errors';
import { readCatalogPackage, type CatalogPackage } from '../catalog/catalog-sync-stripe';
import type { CatalogSyncService } from '../catalog/catalog-sync';
import type { ProviderConfigService } from '../settings/provider-config';

const SESSION_PLACEHOLDER = '{CHECKOUT_SESSION_ID}';

const precondition = (field: string, message: string) => new DomainError('PRECONDITION_FAILED', `${field}: ${message}`, { field });

/**
 * `?session_id={CHECKOUT_SESSION_ID}` as the seed's success URL has it, added when the URL has no
 * placeholder yet. Built as text: URL() would percent-encode the braces and Stripe would no longer
 * recognise the placeholder.
 */
export function withSessionPlaceholder(url: string): string {
  if (url.includes(SESSION_PLACEHOLDER)) return url;
  const hash = url.indexOf('#');
  const [base, fragment] = hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash)];
  return `${base}${base.includes('?') ? '&' : '?'}session_id=${SESSION_PLACEHOLDER}${fragment}`;
}

/**
 * billing.checkout: a hosted checkout for one package. Stripe: a Checkout Session in subscription
 * mode for the package's current synced price (a sale price while a sale is on, by the server's
 * clock), with the seed's metadata {tenantId, userId, groupId}. Lemon Squeezy: a checkout for the
 * package's variant with custom data tenant_id/user_id/group_id. Both answer with the URL to send
 * the buyer to; nothing is stored here (the webhooks record what the buyer does).
 */
export function checkoutService(deps: { db: Kysely<Database>; clock: Clock; providers: ProviderConfigService; catalog: CatalogSyncService }) {
  const { db } = deps;

  async function requirePackage(tenantId: string, packageId: string): Promise<CatalogPackage> {
    const pkg = await readCatalogPackage(db, packageId);
    if (!pkg || pkg.tenantId !== tenantId) throw new DomainError('NOT_FOUND', `packageId: no package with id ${packageId} in this tenant`, { field: 'packageId' });
    if (pkg.archivedAt) throw precondition('archivedAt', `the package "${pkg.name}" is archived; it can no longer be sold`);
    if (!pkg.isActive) throw precondition('isActive', `the package "${pkg.name}" is inactive; activate it before selling it`);
    return pkg;
  }

  async function buyer(tenantId: string, input: CheckoutInput) {
    let user: { id: string; email: string } | undefined;
    if (input.userId) {
      user = await db
        .selectFrom('users as u')
        .innerJoin('memberships as m', 'm.userId', 'u.id')
        .select(['u.id', 'u.email'])
        .where('m.tenantId', '=', tenantId)
        .where('u.id', '=', input.userId)
        .executeTakeFirst();
      if (!user) throw invalid('userId', `${input.userId} is not a member of this tenant`);
    }
    if (input.groupId) {
      const group = await db.selectFrom('groups').select('id').where('id', '=', input.groupId).where('tenantId', '=', tenantId).executeTakeFirst();
      if (!group) throw invalid('groupId', `${input.groupId} is not a group of this tenant`);
    }
    return { userId: user?.id ?? null, email: input.email ?? user?.email ?? null, groupId: input.groupId ?? null };
  }

  async function urls(tenantId: string, input: CheckoutInput) {
    const base = await deps.providers.checkoutBaseUrl(tenantId);
    const successUrl = input.successUrl ?? (base ? `${base}/welcome` : null);
    const cancelUrl = input.cancelUrl ?? (base ? `${base}/pricing` : null);
    if (!successUrl) throw precondition('successUrl', 'give a successUrl, or set the tenant\'s checkoutBaseUrl in Settings → Providers');
    if (!cancelUrl) throw precondition('cancelUrl', 'give a cancelUrl, or set the tenant\'s checkoutBaseUrl in Settings → Providers');
    return { successUrl, cancelUrl };
  }

  async function stripeCheckout(tenantId: string, pkg: CatalogPackage, input: CheckoutInput): Promise<CheckoutResult> {
    const stripe = await deps.providers.requireStripe();
    if (pkg.syncState !== 'synced' || !pkg.stripeProductId || !pkg.stripePriceId) {
      const why = pkg.syncState === 'failed' ? 'its last sync failed; fix it and retry the sync' : `its sync is ${pkg.syncState}`;
      throw precondition('syncState', `the package "${pkg.name}" is not synced with Stripe yet (${why})`);
    }
    const who = await buyer(tenantId, input);
    const { successUrl, cancelUrl } = await urls(tenantId, input);
    const now = deps.clock.nowIso();
    const onSale = saleState(pkg, now) === 'active';
    const requestId = randomUUID();
    const priceId = onSale
      ? await deps.catalog.salePriceId(stripe, { ...pkg, stripeProductId: pkg.stripeProductId }, pkg.salePriceMinor!, requestId)
      : pkg.stripePriceId;
    // A member who paid before keeps their Stripe customer (and saved cards).
    const customer = who.userId
      ? await db
          .selectFrom('customers')
          .select('providerCustomerId')
          .where('tenantId', '=', tenantId)
          .where('provider', '=', 'stripe')
          .where('userId', '=', who.userId)
          .orderBy('createdAt', 'desc')
          .executeTakeFirst()
      : undefined;
    const metadata: Record<string, string> = { tenantId };
    if (who.userId) metadata.userId = who.userId;
    if (who.groupId) metadata.groupId = who.groupId;
    const session = await stripe.createCheckoutSession({
      priceId,
      mode: 'subscription',
      metadata,
      successUrl: withSessionPlaceholder(successUrl),
      cancelUrl,
      customerId: customer?.providerCustomerId,
      customerEmail: customer ? undefined : (who.email ?? undefined),
      clientReferenceId: who.userId ?? undefined,
      idempotencyKey: `tc:checkout:${requestId}`,
    });
    return {
      url: session.url,
      provider: 'stripe',
      sessionId: session.id,
      amount: fromMinorUnits(effectivePriceMinor(pkg.priceMinor, pkg, now)),
      currency: pkg.currency,
      interval: pkg.interval,
      onSale,
      priceId,
    };
  }

  async function lemonSqueezyCheckout(tenantId: string, pkg: CatalogPackage, input: CheckoutInput): Promise<CheckoutResult> {
    const { gateway, storeId } = await deps.providers.requireLemonSqueezy({ needStore: true });
    if (!pkg.variantId) throw precondition('variantId', `the package "${pkg.name}" has no Lemon Squeezy variant; pick one (billing.lemonsqueezy.variants) and save it as the package's variantId`);
    const who = await buyer(tenantId, input);
    const { successUrl } = await urls(tenantId, input);
    // snake_case: the SDK renames camelCase keys; the webhook handler reads both spellings.
    const custom: Record<string, string> = { tenant_id: tenantId };
    if (who.userId) custom.user_id = who.userId;
    if (who.groupId) custom.group_id = who.groupId;
    const checkout = await gateway.createCheckout({
      storeId: storeId!,
      variantId: pkg.variantId,
      email: who.email ?? undefined,
      custom,
      redirectUrl: successUrl.replace(/[?&]session_id=\{CHECKOUT_SESSION_ID\}/, ''),
    });
    return {
      url: checkout.url,
      provider: 'lemonsqueezy',
      sessionId: checkout.id,
      // Lemon Squeezy charges the variant's own price; the console's sale does not apply there.
      amount: fromMinorUnits(pkg.priceMinor),
      currency: pkg.currency,
      interval: pkg.interval,
      onSale: false,
      priceId: null,
    };
  }

  return {
    async create(tenantId: string, input: CheckoutInput): Promise<CheckoutResult> {
      const pkg = await requirePackage(tenantId, input.packageId);
      // Stripe unless it is not set up and the package sells through Lemon Squeezy.
      const provider: CheckoutProvider = input.provider ?? (pkg.variantId && !(await deps.providers.stripeConfigured()) ? 'lemonsqueezy' : 'stripe');
      return provider === 'stripe' ? stripeCheckout(tenantId, pkg, input) : lemonSqueezyCheckout(tenantId, pkg, input);
    },
  };
}
export type CheckoutService = ReturnType<typeof checkoutService>;
