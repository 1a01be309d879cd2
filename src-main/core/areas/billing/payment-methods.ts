import type { Kysely } from 'kysely';
import { COIN_NETWORKS, CRYPTO_COINS } from '@shared/crypto-addresses';
import {
  PAYMENT_METHODS_DEFAULTS,
  paymentMethodsConfigSchema,
  type PaymentMethodsConfig,
  type PaymentMethodsView,
  type SetPaymentMethodsInput,
} from '@shared/schemas/payment-methods';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import { auditRepository } from '../../platform/audit';
import { settingsRepository } from '../../platform/settings-store';
import type { ProviderConfigService } from '../settings/provider-config';

const KEY = 'payment_methods';

interface Stored {
  config: PaymentMethodsConfig;
  updatedAt: string | null;
}

/**
 * settings.paymentMethods: the seed's payment methods per tenant. Cards are always on; ACH and
 * BNPL mirror what the owner enabled in Stripe's Dashboard; crypto coins carry a receiving
 * address each, checked per coin before anything is saved.
 */
export function paymentMethodsService(deps: { db: Kysely<Database>; clock: Clock; providers: ProviderConfigService }) {
  async function load(db: Kysely<Database>, tenantId: string): Promise<Stored> {
    const row = await settingsRepository(db).get(tenantId, KEY);
    if (!row) return { config: PAYMENT_METHODS_DEFAULTS, updatedAt: null };
    const stored = JSON.parse(row.value) as Stored;
    // Stored values passed these rules when saved; parsing again fills fields added since.
    const parsed = paymentMethodsConfigSchema.safeParse({ ...PAYMENT_METHODS_DEFAULTS, ...stored.config });
    return { config: parsed.success ? parsed.data : PAYMENT_METHODS_DEFAULTS, updatedAt: stored.updatedAt };
  }

  async function view(stored: Stored): Promise<PaymentMethodsView> {
    const { config } = stored;
    const coin = (c: (typeof CRYPTO_COINS)[number]) => ({ ...config.crypto[c], network: COIN_NETWORKS[c] });
    return {
      cards: { enabled: true, isDefault: true, provider: 'stripe', setup: 'Default' },
      ach: { enabled: config.ach, provider: 'stripe', setup: 'Enable in Stripe Dashboard' },
      bnpl: { afterpay: config.bnpl.afterpay, klarna: config.bnpl.klarna, provider: 'stripe', setup: 'Enable in Stripe Dashboard' },
      crypto: { provider: 'built-in', BTC: coin('BTC'), ETH: coin('ETH'), USDC: coin('USDC') },
      stripe: { configured: await deps.providers.stripeConfigured() },
      updatedAt: stored.updatedAt,
    };
  }

  return {
    async get(tenantId: string): Promise<PaymentMethodsView> {
      return view(await load(deps.db, tenantId));
    },

    /** Applies a partial change; the whole result is checked (an accepted coin needs an address). */
    async set(tenantId: string, actorUserId: string | null, input: SetPaymentMethodsInput): Promise<PaymentMethodsView> {
      const at = deps.clock.nowIso();
      const saved = await deps.db.transaction().execute(async (trx) => {
        const { config: before } = await load(trx, tenantId);
        const crypto = { ...before.crypto };
        for (const c of CRYPTO_COINS) {
          const change = input.crypto?.[c];
          if (change) crypto[c] = { accepted: change.accepted ?? before.crypto[c].accepted, address: change.address === undefined ? before.crypto[c].address : change.address };
        }
        const merged = {
          ach: input.ach ?? before.ach,
          bnpl: { afterpay: input.bnpl?.afterpay ?? before.bnpl.afterpay, klarna: input.bnpl?.klarna ?? before.bnpl.klarna },
          crypto,
        };
        const parsed = paymentMethodsConfigSchema.safeParse(merged);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const field = issue.path.join('.');
          throw new DomainError('VALIDATION', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), { field });
        }
        const stored: Stored = { config: parsed.data, updatedAt: at };
        await settingsRepository(trx).put(tenantId, KEY, JSON.stringify(stored), false, at);
        await auditRepository(trx).record({ tenantId, actorUserId, action: 'settings.payment_methods_changed', targetType: 'settings', targetId: KEY, before, after: parsed.data, at });
        return stored;
      });
      return view(saved);
    },
  };
}
export type PaymentMethodsService = ReturnType<typeof paymentMethodsService>;
