import { randomBytes } from 'node:crypto';
import type { Core } from '../../src-main/core/create-core';
import type { Membership } from '../../src-main/core/platform/db/schema';
import type { SpaceRole, SubscriptionStatus } from '../../src-shared/domain';

// Small exact worlds for the members-* suites: groups, spaces, packages and subscriptions
// written straight to the tables (the services that own them are tested elsewhere).

const id = (prefix: string) => `${prefix}_t${randomBytes(6).toString('hex')}`;
const AT = '2026-01-01T00:00:00.000Z';

export async function addGroup(core: Core, tenantId: string, name: string): Promise<string> {
  const groupId = id('group');
  await core.database.db.insertInto('groups').values({ id: groupId, tenantId, name, description: null, createdAt: AT }).execute();
  return groupId;
}

export async function addSpace(core: Core, tenantId: string, name: string): Promise<string> {
  const spaceId = id('space');
  await core.database.db.insertInto('spaces').values({ id: spaceId, tenantId, groupId: null, name, type: 'FEED', createdAt: AT }).execute();
  return spaceId;
}

export async function putInGroup(core: Core, groupId: string, userIds: string[]): Promise<void> {
  for (const userId of userIds) await core.database.db.insertInto('groupMembers').values({ groupId, userId, addedAt: AT }).execute();
}

export async function putInSpace(core: Core, spaceId: string, userId: string, role: SpaceRole = 'MEMBER'): Promise<void> {
  await core.database.db.insertInto('spaceMembers').values({ spaceId, userId, role, joinedAt: AT }).execute();
}

export async function addPackage(core: Core, tenantId: string, name: string, priceMinor = 2900): Promise<string> {
  const packageId = id('pkg');
  await core.database.db
    .insertInto('packages')
    .values({ id: packageId, tenantId, name, description: null, priceMinor, salePriceMinor: null, saleStartsAt: null, saleEndsAt: null, variantId: null, stripeProductId: null, stripePriceId: null, syncError: null, archivedAt: null, createdAt: AT, updatedAt: AT })
    .execute();
  return packageId;
}

export async function addSubscription(
  core: Core,
  s: { tenantId: string; userId: string; packageId: string | null; status: SubscriptionStatus; startedAt?: string; amountMinor?: number },
): Promise<string> {
  const subscriptionId = id('sub');
  const at = s.startedAt ?? AT;
  await core.database.db
    .insertInto('subscriptions')
    .values({
      id: subscriptionId, tenantId: s.tenantId, userId: s.userId, customerId: null, packageId: s.packageId, provider: 'stripe',
      providerSubscriptionId: id('prov'), planId: null, status: s.status, amountMinor: s.amountMinor ?? 2900, currency: 'USD',
      interval: 'month', currentPeriodEnd: null, canceledAt: null, startedAt: at, providerUpdatedAt: at, createdAt: at,
      updatedAt: at, graceEndsAt: null,
    })
    .execute();
  return subscriptionId;
}

/** Changes a membership's columns directly (what billing, comping or activity tracking would do). */
export async function setMember(
  core: Core,
  tenantId: string,
  userId: string,
  changes: Partial<Pick<Membership, 'role' | 'status' | 'subscriptionStatus' | 'isComped' | 'compedUntil' | 'joinedAt' | 'lastActiveAt' | 'leftAt'>>,
): Promise<void> {
  await core.database.db.updateTable('memberships').set(changes).where('tenantId', '=', tenantId).where('userId', '=', userId).execute();
}

/** A fresh tenant whose only member is the console owner (an ADMIN). */
export async function newTenant(core: Core, slug: string): Promise<{ tenantId: string; ownerId: string }> {
  const ownerId = await core.services.owner.id();
  const tenantId = (await core.services.tenants.create({ slug, name: slug }, ownerId)).id;
  return { tenantId, ownerId };
}
