import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { cryptoAddressProblem, toChecksumAddress } from '../../src-shared/crypto-addresses';
import { setPaymentMethodsInput } from '../../src-shared/schemas/payment-methods';
import { httpClient } from '../support/clients';
import { dialects, type TestCore } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

const BTC = {
  legacy: '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
  p2sh: '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy',
  segwit: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
  segwitUpper: 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
  p2wsh: 'bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3',
  taproot: 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
};
// EIP-55's own test vectors.
const ETH = ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359', '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB', '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb'];

describe('crypto receiving addresses', () => {
  it('accepts Bitcoin mainnet addresses of every kind', () => {
    for (const a of Object.values(BTC)) expect(cryptoAddressProblem('BTC', a), a).toBeNull();
  });

  it('refuses Bitcoin typos, testnet and other coins\' addresses, saying why', () => {
    expect(cryptoAddressProblem('BTC', BTC.segwit.slice(0, -1) + '5')).toMatch(/wrong checksum/);
    expect(cryptoAddressProblem('BTC', BTC.legacy.slice(0, -1) + 'b')).toMatch(/wrong checksum/);
    expect(cryptoAddressProblem('BTC', 'bc1qW508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4')).toMatch(/mixes upper and lower case/);
    expect(cryptoAddressProblem('BTC', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0')).toMatch(/"0", which is not a Base58 character/);
    expect(cryptoAddressProblem('BTC', 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3tb')).toMatch(/"b", which is not a bech32 character/);
    expect(cryptoAddressProblem('BTC', '1A1zP1eP5QGefi2DMPTfTL5SL')).toMatch(/26 to 35 characters/);
    expect(cryptoAddressProblem('BTC', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx')).toMatch(/testnet/);
    expect(cryptoAddressProblem('BTC', ETH[0]!)).toMatch(/must be a Bitcoin address/);
    // A taproot address encoded with bech32 instead of bech32m (BIP 350's invalid vector).
    expect(cryptoAddressProblem('BTC', 'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut')).toMatch(/wrong checksum/);
  });

  it('checks Ethereum/ERC-20 addresses with EIP-55 when they are mixed case', () => {
    for (const a of ETH) {
      expect(toChecksumAddress(a.toLowerCase())).toBe(a);
      expect(cryptoAddressProblem('ETH', a)).toBeNull();
      expect(cryptoAddressProblem('USDC', a.toLowerCase())).toBeNull();
      expect(cryptoAddressProblem('ETH', `0x${a.slice(2).toUpperCase()}`)).toBeNull();
    }
    const flipped = ETH[0]!.replace('aA', 'Aa');
    expect(cryptoAddressProblem('ETH', flipped)).toMatch(/wrong EIP-55 checksum/);
    expect(cryptoAddressProblem('ETH', ETH[0]!.slice(0, -1))).toBe('must be 0x followed by 40 hex digits (got 39)');
    expect(cryptoAddressProblem('USDC', `0x${'g'.repeat(40)}`)).toMatch(/40 hex digits/);
    expect(cryptoAddressProblem('ETH', ETH[0]!.slice(2))).toBe('must start with 0x');
    expect(cryptoAddressProblem('ETH', BTC.segwit)).toBe('must start with 0x');
  });
});

describe.each(dialects)('settings.paymentMethods on %s', (dialect) => {
  let core: TestCore;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
  });

  async function setup() {
    core = await makeProviderCore(dialect, { providers: {} });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);
    const other = await core.services.tenants.create({ slug: `o${randomBytes(3).toString('hex')}`, name: 'Other' }, owner);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const admin = httpClient(server.url, await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN' }));
    const otherAdmin = httpClient(server.url, await core.services.auth.issue({ tenantId: other.id, userId: owner, role: 'ADMIN' }));
    return { owner, tenant, admin, otherAdmin };
  }

  it('starts with cards only, mirrors the Stripe flags and shows whether Stripe is configured', async () => {
    const s = await setup();
    expect(await s.admin.settings.paymentMethods.get.query()).toEqual({
      cards: { enabled: true, isDefault: true, provider: 'stripe', setup: 'Default' },
      ach: { enabled: false, provider: 'stripe', setup: 'Enable in Stripe Dashboard' },
      bnpl: { afterpay: false, klarna: false, provider: 'stripe', setup: 'Enable in Stripe Dashboard' },
      crypto: {
        provider: 'built-in',
        BTC: { accepted: false, address: null, network: 'Bitcoin' },
        ETH: { accepted: false, address: null, network: 'Ethereum' },
        USDC: { accepted: false, address: null, network: 'Ethereum (ERC-20)' },
      },
      stripe: { configured: false },
      updatedAt: null,
    });

    const saved = await s.admin.settings.paymentMethods.set.mutate({
      ach: true,
      bnpl: { klarna: true },
      crypto: { BTC: { accepted: true, address: BTC.segwitUpper }, USDC: { accepted: true, address: ETH[1]! } },
    });
    expect(saved).toMatchObject({
      ach: { enabled: true },
      bnpl: { afterpay: false, klarna: true },
      crypto: { BTC: { accepted: true, address: BTC.segwit }, ETH: { accepted: false, address: null }, USDC: { accepted: true, address: ETH[1] } },
    });
    expect(saved.updatedAt).toMatch(/^\d{4}-/);
    // Partial: what is left out stays; a coin can be paused and keep its address.
    const paused = await s.admin.settings.paymentMethods.set.mutate({ bnpl: { afterpay: true }, crypto: { BTC: { accepted: false } } });
    expect(paused).toMatchObject({ ach: { enabled: true }, bnpl: { afterpay: true, klarna: true }, crypto: { BTC: { accepted: false, address: BTC.segwit } } });
    expect((await s.otherAdmin.settings.paymentMethods.get.query()).ach.enabled).toBe(false);

    await s.admin.settings.providers.set.mutate({ stripeSecretKey: `sk_test_${'a'.repeat(24)}` });
    expect((await s.admin.settings.paymentMethods.get.query()).stripe).toEqual({ configured: true });
  });

  it('refuses a bad address with a 400 naming crypto.<COIN>.address, and saves nothing', async () => {
    const s = await setup();
    await s.admin.settings.paymentMethods.set.mutate({ crypto: { ETH: { accepted: true, address: ETH[0]! } } });
    const before = await s.admin.settings.paymentMethods.get.query();

    const bad = await s.admin.settings.paymentMethods.set
      .mutate({ ach: true, crypto: { ETH: { address: ETH[0]!.replace('aA', 'Aa') } } })
      .catch((e: { message: string; data: { httpStatus: number; fieldErrors: Record<string, string> } }) => e);
    expect(bad).toMatchObject({ data: { httpStatus: 400, fieldErrors: { 'crypto.ETH.address': expect.stringMatching(/EIP-55/) } } });
    expect((bad as { message: string }).message).toMatch(/^crypto\.ETH\.address: has a wrong EIP-55 checksum/);

    const btc = await s.admin.settings.paymentMethods.set.mutate({ crypto: { BTC: { address: 'bc1notanaddress' } } }).catch((e: { message: string }) => e.message);
    expect(btc).toMatch(/^crypto\.BTC\.address: /);
    // Accepting a coin without an address is judged on the merged settings (the service's check).
    const missing = await s.admin.settings.paymentMethods.set
      .mutate({ crypto: { BTC: { accepted: true } } })
      .catch((e: { message: string; data: { httpStatus: number; field: string } }) => e);
    expect(missing).toMatchObject({ message: 'crypto.BTC.address: is required to accept BTC', data: { httpStatus: 400, field: 'crypto.BTC.address' } });
    const cards = await s.admin.settings.paymentMethods.set.mutate({ cards: false as never }).catch((e: { message: string }) => e.message);
    expect(cards).toMatch(/^cards: cards are always accepted/);

    expect(await s.admin.settings.paymentMethods.get.query()).toEqual(before);
  });

  it('takes an owner-side change through the same rules (service call)', async () => {
    const s = await setup();
    await expect(
      core.services.paymentMethods.set(s.tenant.id, s.owner, setPaymentMethodsInput.parse({ crypto: { USDC: { accepted: true, address: null } } })),
    ).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'crypto.USDC.address' } });
    expect(() => setPaymentMethodsInput.parse({ crypto: { ETH: { address: '0x123' } } })).toThrow(/40 hex digits/);
  });
});
