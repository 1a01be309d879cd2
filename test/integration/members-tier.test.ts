import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { JOIN_SOURCES, SUBSCRIPTION_STATUSES, type JoinSource, type SubscriptionStatus } from '../../src-shared/domain';
import { isFreeMember, MEMBER_TIERS, tierOf } from '../../src-shared/member-tier';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { newTenant, setMember } from './members-fixtures';

// The tier filter is tierOf written in SQL (member-filters.ts), and its totals come from
// member_counts plus the comped index. Every join source × subscription status × comp state
// must land in the same tier both ways, in the rows and in the totals.

const NOW = '2026-06-15T12:00:00.000Z';
const COMP_STATES = [
  { label: 'not comped', isComped: false, compedUntil: null },
  { label: 'comped, open-ended', isComped: true, compedUntil: null },
  { label: 'comped until later', isComped: true, compedUntil: '2026-07-01T00:00:00.000Z' },
  { label: 'comp ended', isComped: true, compedUntil: '2026-06-01T00:00:00.000Z' },
] as const;

interface Case {
  joinSource: JoinSource;
  status: SubscriptionStatus | null;
  comp: (typeof COMP_STATES)[number];
  userId?: string;
}

describe.each(dialects)('tier filter against tierOf on %s', (dialect) => {
  let core: TestCore;
  let tenantId: string;
  let ownerId: string;
  const cases: Case[] = [];

  beforeAll(async () => {
    core = await makeTestCore(dialect, { clock: fixedClock(NOW) });
    ({ tenantId, ownerId } = await newTenant(core, 'tiers'));
    for (const joinSource of JOIN_SOURCES) {
      for (const status of [null, ...SUBSCRIPTION_STATUSES]) {
        for (const comp of COMP_STATES) cases.push({ joinSource, status, comp });
      }
    }
    const ids = await addMembers(
      core,
      tenantId,
      cases.map((c, i) => ({ name: `Case ${i}`, email: `case${i}@tiers.test`, joinSource: c.joinSource, subscriptionStatus: c.status as never })),
    );
    for (const [i, c] of cases.entries()) {
      c.userId = ids[i];
      if (c.comp.isComped) await setMember(core, tenantId, ids[i]!, { isComped: 1, compedUntil: c.comp.compedUntil });
    }
  });
  afterAll(async () => core?.dispose());

  const expectedTier = (c: Case) =>
    tierOf({ joinSource: c.joinSource, subscriptionStatuses: c.status ? [c.status] : [], isComped: c.comp.isComped, compedUntil: c.comp.compedUntil }, NOW);

  it.each(MEMBER_TIERS)('tier %s lists exactly the members tierOf puts there, with that total', async (tier) => {
    const page = await core.services.members.list(tenantId, { tier, limit: 200 });
    // The owner: an ADMIN who joined through an invite link, no subscription, not comped → paid.
    const expected = cases.filter((c) => expectedTier(c) === tier).map((c) => c.userId);
    if (tier === 'paid') expected.push(ownerId);
    expect(page.items.map((m) => m.userId).sort()).toEqual(expected.sort());
    expect(page.total).toBe(expected.length);
    for (const item of page.items) expect(item.tier).toBe(tier);
  });

  it('splits every member into exactly one tier', async () => {
    const all = await core.services.members.list(tenantId, { limit: 200 });
    const totals = await Promise.all(MEMBER_TIERS.map(async (tier) => (await core.services.members.list(tenantId, { tier, limit: 1 })).total));
    expect(totals.reduce((a, b) => a + b, 0)).toBe(all.total);
    expect(all.total).toBe(cases.length + 1);
  });

  it('marks isFreeMember by the seed rule on every row', async () => {
    const all = await core.services.members.list(tenantId, { limit: 200 });
    const byId = new Map(all.items.map((m) => [m.userId, m]));
    for (const c of cases) {
      expect(byId.get(c.userId!)?.isFreeMember, `${c.joinSource} ${c.status}`).toBe(isFreeMember(c.joinSource, c.status ? [c.status] : []));
    }
  });

  it('keeps totals right as tiers change: comp ends, subscription starts, member removed', async () => {
    const total = async (tier: (typeof MEMBER_TIERS)[number]) => (await core.services.members.list(tenantId, { tier, limit: 1 })).total;
    const before = { free: await total('free'), paid: await total('paid'), comped: await total('comped') };
    const freeOne = cases.find((c) => expectedTier(c) === 'free' && !c.comp.isComped)!;
    // Free → comped.
    await setMember(core, tenantId, freeOne.userId!, { isComped: 1, compedUntil: null });
    expect([await total('free'), await total('comped')]).toEqual([before.free - 1, before.comped + 1]);
    // Comped with an active subscription stays comped (comp wins); comp taken back → paid.
    await setMember(core, tenantId, freeOne.userId!, { subscriptionStatus: 'active' });
    expect(await total('comped')).toBe(before.comped + 1);
    await setMember(core, tenantId, freeOne.userId!, { isComped: 0 });
    expect([await total('paid'), await total('comped')]).toEqual([before.paid + 1, before.comped]);
    // A removed member is in no tier.
    await setMember(core, tenantId, freeOne.userId!, { status: 'removed' });
    expect(await total('paid')).toBe(before.paid);
    await core.database.db.deleteFrom('memberships').where('userId', '=', freeOne.userId!).execute();
    expect(await total('paid')).toBe(before.paid);
    expect((await core.services.members.list(tenantId, { limit: 1 })).total).toBe(cases.length);
  });
});
