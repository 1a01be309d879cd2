import { z } from 'zod';
import { COIN_NETWORKS, cryptoAddressProblem, normalizeCryptoAddress, type CryptoCoin } from '../crypto-addresses';

/**
 * Payment methods, as the seed's table lists them:
 *
 * | Method                    | Provider | Setup                      |
 * | Credit/Debit Cards        | Stripe   | Default (always on)        |
 * | ACH Bank Transfer         | Stripe   | Enable in Stripe Dashboard |
 * | BNPL (Afterpay/Klarna)    | Stripe   | Enable in Stripe Dashboard |
 * | Crypto (BTC, ETH, USDC)   | Built-in | Configure in admin settings|
 *
 * The Stripe methods are switched on in Stripe's Dashboard; the console mirrors them: it keeps
 * the owner's choice so the pricing page can say what is accepted, and shows whether Stripe is
 * configured at all. Crypto is the console's own: accepted coins, each with a receiving address
 * checked per coin (BTC: bech32/bech32m or Base58Check; ETH and USDC: 0x + 40 hex, EIP-55 when
 * mixed case).
 */
export { CRYPTO_COINS, type CryptoCoin } from '../crypto-addresses';

const flag = z.boolean({ error: 'must be true or false' });

/** One coin as stored: accepted needs an address; an address may be kept while not accepted. */
const coinShape = z.object({ accepted: flag, address: z.string({ error: 'must be text' }).trim().max(120, 'is too long to be an address').nullable() });

function coinSchema(coin: CryptoCoin) {
  return coinShape.superRefine((v, ctx) => {
    if (v.address !== null && v.address !== '') {
      const problem = cryptoAddressProblem(coin, v.address);
      if (problem) ctx.addIssue({ code: 'custom', path: ['address'], message: `${problem} (${COIN_NETWORKS[coin]})` });
    } else if (v.accepted) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: `is required to accept ${coin}` });
    }
  }).transform((v) => ({ accepted: v.accepted, address: v.address ? normalizeCryptoAddress(coin, v.address) : null }));
}

/**
 * The whole configuration as stored per tenant (and checked again after every change). Not strict,
 * unlike the inputs: it reads stored JSON, where a key of an older version must not lose the rest.
 */
export const paymentMethodsConfigSchema = z.object({
  ach: flag,
  bnpl: z.object({ afterpay: flag, klarna: flag }),
  crypto: z.object({ BTC: coinSchema('BTC'), ETH: coinSchema('ETH'), USDC: coinSchema('USDC') }),
});
export type PaymentMethodsConfig = z.output<typeof paymentMethodsConfigSchema>;

export const PAYMENT_METHODS_DEFAULTS: PaymentMethodsConfig = {
  ach: false,
  bnpl: { afterpay: false, klarna: false },
  crypto: { BTC: { accepted: false, address: null }, ETH: { accepted: false, address: null }, USDC: { accepted: false, address: null } },
};

/** A coin in a change: fields left out keep their stored value; `address: null` removes it. */
const coinInput = (coin: CryptoCoin) =>
  z
    .strictObject({ accepted: flag.optional(), address: z.string({ error: 'must be text' }).trim().max(120, 'is too long to be an address').nullable().optional() })
    .superRefine((v, ctx) => {
      if (typeof v.address === 'string' && v.address !== '') {
        const problem = cryptoAddressProblem(coin, v.address);
        if (problem) ctx.addIssue({ code: 'custom', path: ['address'], message: `${problem} (${COIN_NETWORKS[coin]})` });
      }
    });

/**
 * settings.paymentMethods.set: a partial change. Cards are always on (`cards: false` is refused);
 * everything left out keeps its stored value.
 */
export const setPaymentMethodsInput = z.strictObject({
  cards: z.literal(true, { error: 'cards are always accepted (the default method); they cannot be turned off' }).optional(),
  ach: flag.optional(),
  bnpl: z.strictObject({ afterpay: flag.optional(), klarna: flag.optional() }).optional(),
  crypto: z.strictObject({ BTC: coinInput('BTC').optional(), ETH: coinInput('ETH').optional(), USDC: coinInput('USDC').optional() }).optional(),
});
export type SetPaymentMethodsInput = z.output<typeof setPaymentMethodsInput>;
export type SetPaymentMethodsRequest = z.input<typeof setPaymentMethodsInput>;

export type StripeMethodSetup = 'Default' | 'Enable in Stripe Dashboard';

/** settings.paymentMethods.get. */
export interface PaymentMethodsView {
  cards: { enabled: true; isDefault: true; provider: 'stripe'; setup: StripeMethodSetup };
  ach: { enabled: boolean; provider: 'stripe'; setup: StripeMethodSetup };
  bnpl: { afterpay: boolean; klarna: boolean; provider: 'stripe'; setup: StripeMethodSetup };
  crypto: Record<CryptoCoin, { accepted: boolean; address: string | null; network: string }> & { provider: 'built-in' };
  /** The Stripe methods only work once a Stripe key is configured (settings.providers). */
  stripe: { configured: boolean };
  updatedAt: string | null;
}
