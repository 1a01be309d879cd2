import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput, whatIfInput, type UpsertPackageRequest } from '../../src-shared/schemas/packages';
import { httpClient } from '../support/clients';
import { dialects, makeTestCore, type TestCore } from '../support/core';

async function setup(dialect: 'sqlite' | 'postgres') {
  const clock = fixedClock('2024-11-26T12:00:00.000Z');
  const core = await makeTestCore(dialect, { clock });
  const owner = await core.services.owner.id();
  const tenant = await core.services.tenants.create({ slug: 'wi', name: 'What If' }, owner);
  const pkg = async (input: UpsertPackageRequest) =>
    (await core.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse(input))).package;
  const subscribe = async (packageId: string, status: string, amountMinor: number, interval = 'month', currency = 'USD') => {
    const at = '2024-10-01T00:00:00.000Z';
    await core.database.db
      .insertInto('subscriptions')
      .values({
        id: `sub_t${randomBytes(8).toString('hex')}`, tenantId: tenant.id, userId: null, customerId: null, packageId, provider: 'stripe',
        providerSubscriptionId: `sub_${randomBytes(6).toString('hex')}`, planId: null, status: status as 'active', amountMinor, currency, interval,
        startedAt: at, canceledAt: null, providerUpdatedAt: at, createdAt: at, updatedAt: at,
      })
      .execute();
  };
  const whatIf = (input: Record<string, unknown>) => core.services.pricingWhatIf.project(tenant.id, whatIfInput.parse(input));
  return { core, clock, owner, tenant, pkg, subscribe, whatIf };
}

describe.each(dialects)('pricing what-if on %s', (dialect) => {
  let core: TestCore;
  afterEach(async () => core?.dispose());

  it('projects MRR from today\'s active and trialing subscribers, grandfathered or moved', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 29 });
    await s.subscribe(pro.id, 'active', 2900);
    await s.subscribe(pro.id, 'active', 2500); // an older, cheaper price
    await s.subscribe(pro.id, 'trialing', 2900);
    await s.subscribe(pro.id, 'active', 29000, 'year'); // 290 a year counts 24.17 a month
    await s.subscribe(pro.id, 'canceled', 2900); // not counted
    await s.subscribe(pro.id, 'past_due', 2900); // not counted
    await s.subscribe(pro.id, 'active', 2900, 'month', 'EUR'); // another currency: left out of the sums

    const grandfather = await s.whatIf({ packageId: pro.id, newPrice: 39, mode: 'grandfather' });
    expect(grandfather).toEqual({
      packageId: pro.id,
      mode: 'grandfather',
      currency: 'USD',
      interval: 'month',
      asOf: '2024-11-26T12:00:00.000Z',
      subscribers: { total: 4, active: 3, trialing: 1, otherCurrency: 1 },
      current: { price: 29, effectivePrice: 29, saleState: 'none', mrr: 107.17 },
      proposed: { price: 39, effectivePrice: 39, saleState: 'none', mrr: 107.17 },
      mrrDelta: 0,
      perNewSubscriber: { currentMonthly: 29, proposedMonthly: 39, delta: 10 },
    });

    const move = await s.whatIf({ packageId: pro.id, newPrice: 39, mode: 'move' });
    expect(move.proposed.mrr).toBe(156); // 4 × 39
    expect(move.mrrDelta).toBe(48.83); // 156 − 107.17
  });

  it('applies a proposed sale only while it is active on the server clock', async () => {
    const s = await setup(dialect);
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 29 });
    await s.subscribe(pro.id, 'active', 2900);
    await s.subscribe(pro.id, 'active', 2900);

    const running = await s.whatIf({ packageId: pro.id, sale: { salePrice: 19, saleStartsAt: '2024-11-25', saleEndsAt: '2024-11-30' }, mode: 'move' });
    expect(running.proposed).toEqual({ price: 29, effectivePrice: 19, saleState: 'active', mrr: 38 });
    expect(running.mrrDelta).toBe(-20);

    const later = await s.whatIf({ packageId: pro.id, sale: { salePrice: 19, saleStartsAt: '2024-12-01' }, mode: 'move' });
    expect(later.proposed).toEqual({ price: 29, effectivePrice: 29, saleState: 'upcoming', mrr: 58 });
    expect(later.mrrDelta).toBe(0);

    // Ends at the end of today (date-only end includes the day): still on now.
    const endsToday = await s.whatIf({ packageId: pro.id, sale: { salePrice: 19, saleEndsAt: '2024-11-26' }, mode: 'grandfather' });
    expect(endsToday.proposed.saleState).toBe('active');
    expect(endsToday.perNewSubscriber).toEqual({ currentMonthly: 29, proposedMonthly: 19, delta: -10 });
    expect(endsToday.mrrDelta).toBe(0);
  });

  it('keeps the package\'s current sale unless told otherwise, and yearly packages count a twelfth', async () => {
    const s = await setup(dialect);
    core = s.core;
    const yearly = await s.pkg({ name: 'Yearly', price: 300, interval: 'year', salePrice: 240 });
    await s.subscribe(yearly.id, 'active', 24000, 'year');

    const keep = await s.whatIf({ packageId: yearly.id, newPrice: 360, mode: 'move' });
    expect(keep.current).toEqual({ price: 300, effectivePrice: 240, saleState: 'active', mrr: 20 });
    expect(keep.proposed).toEqual({ price: 360, effectivePrice: 240, saleState: 'active', mrr: 20 });

    const noSale = await s.whatIf({ packageId: yearly.id, newPrice: 360, sale: null, mode: 'move' });
    expect(noSale.proposed).toEqual({ price: 360, effectivePrice: 360, saleState: 'none', mrr: 30 });
    expect(noSale.perNewSubscriber).toEqual({ currentMonthly: 20, proposedMonthly: 30, delta: 10 });

    await expect(s.whatIf({ packageId: yearly.id, newPrice: 200, mode: 'move' })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'newPrice' } });
    await expect(s.whatIf({ packageId: yearly.id, sale: { salePrice: 300 }, mode: 'move' })).rejects.toMatchObject({ code: 'VALIDATION', details: { field: 'sale.salePrice' } });
    await expect(s.whatIf({ packageId: 'pkg_notinthistenant00', mode: 'move' })).rejects.toMatchObject({ code: 'NOT_FOUND', details: { field: 'packageId' } });
  });

  it('answers zeros for a package nobody subscribes to', async () => {
    const s = await setup(dialect);
    core = s.core;
    const lonely = await s.pkg({ name: 'Lonely', price: 10 });
    const result = await s.whatIf({ packageId: lonely.id, newPrice: 12, mode: 'move' });
    expect(result).toMatchObject({ subscribers: { total: 0 }, current: { mrr: 0 }, proposed: { mrr: 0 }, mrrDelta: 0, perNewSubscriber: { delta: 2 } });
  });
});

describe('packages.whatIf over tRPC', () => {
  let core: TestCore;
  let server: RunningServer;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
  });

  it('is an admin query validated at the edge', async () => {
    const s = await setup('sqlite');
    core = s.core;
    const pro = await s.pkg({ name: 'Pro', price: 29 });
    await s.subscribe(pro.id, 'active', 2900);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const admin = httpClient(server.url, await core.services.auth.issue({ tenantId: s.tenant.id, userId: s.owner, role: 'ADMIN' }));
    await expect(admin.packages.whatIf.query({ packageId: pro.id, newPrice: 35, mode: 'move' })).resolves.toMatchObject({ mrrDelta: 6 });
    const bad = await admin.packages.whatIf.query({ packageId: pro.id, newPrice: 35.555, mode: 'move' }).catch((e) => e);
    expect(bad.message).toBe('newPrice: must have at most two decimals');
    expect(bad.data.httpStatus).toBe(400);
  });
});
