import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';
import { addPackage } from './members-fixtures';

// The dashboard's setup checklist follows what exists, tenant by tenant: a package, a connected
// provider, a webhook that arrived, a campaign written.
describe.each(dialects)('dashboard.setup on %s', (dialect) => {
  let world: TwoTenants;
  beforeAll(async () => {
    world = await makeTwoTenants(dialect);
  });
  afterAll(async () => world?.dispose());

  const setupOf = async (tenantId: string, userId: string) => (await world.caller(tenantId, userId)).dashboard.setup();

  it('starts with nothing done (no campaign written yet)', async () => {
    expect(await setupOf(world.bravo.id, world.bravoAdmin)).toEqual({
      packages: { done: false, count: 0 },
      provider: { done: false, names: [] },
      webhooks: { done: false },
      campaign: { done: false },
    });
  });

  it('ticks each step when the thing it asks for exists, in that tenant only', async () => {
    await addPackage(world.core, world.bravo.id, 'Founders Circle', 3900);
    await world.core.services.providers.set(world.bravo.id, world.owner, { stripeSecretKey: 'sk_test_dashboard0000000000000000' });
    // A webhook for alpha says nothing about bravo.
    const event = (tenantId: string, id: string) => ({
      id, provider: 'stripe', providerEventId: `evt_${id}`, type: 'customer.subscription.created', tenantId, headers: '{}', body: '{}',
      status: 'applied' as const, lastError: null, changes: null, receivedAt: '2026-06-01T00:00:00.000Z', processedAt: null, userId: null,
    });
    await world.core.database.db.insertInto('webhookEvents').values(event(world.alpha.id, 'whe_tdashalpha01')).execute();

    const bravo = await setupOf(world.bravo.id, world.bravoAdmin);
    expect(bravo).toMatchObject({ packages: { done: true, count: 1 }, provider: { done: true, names: ['Stripe'] }, webhooks: { done: false } });
    expect((await setupOf(world.alpha.id, world.alphaAdmin)).packages).toEqual({ done: false, count: 0 });

    await world.core.database.db.insertInto('webhookEvents').values(event(world.bravo.id, 'whe_tdashbravo01')).execute();
    expect((await setupOf(world.bravo.id, world.bravoAdmin)).webhooks).toEqual({ done: true });
  });
});
