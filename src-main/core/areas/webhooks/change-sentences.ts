import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Change } from '../billing/billing';
import { priceText, statusWords, subscriptionSentence } from '../members/member-timeline-text';

// What a webhook event changed, as sentences an owner reads: "Chidi Wilson started Founders Circle
// at $39/month", "Ada Obi's subscription to Pro was canceled". The wording helpers are the member
// timeline's, so both say the same thing the same way. The field-level changes stay for details.

interface SubscriptionFacts {
  userId: string | null;
  packageId: string | null;
  amountMinor: number;
  currency: string;
  interval: string;
}

/** The names the sentences need, read in three small queries for the records the changes name. */
async function namesFor(db: Kysely<Database>, tenantId: string | null, changes: Change[], eventUserId: string | null) {
  const subIds = [...new Set(changes.filter((c) => c.entity === 'subscription').map((c) => c.id))];
  const subs = new Map<string, SubscriptionFacts>();
  if (subIds.length > 0 && tenantId) {
    const rows = await db
      .selectFrom('subscriptions')
      .select(['id', 'userId', 'packageId', 'amountMinor', 'currency', 'interval'])
      .where('tenantId', '=', tenantId)
      .where('id', 'in', subIds)
      .execute();
    for (const r of rows) subs.set(r.id, r);
  }
  const packageIds = new Set<string>();
  for (const s of subs.values()) if (s.packageId) packageIds.add(s.packageId);
  for (const c of changes) if (c.field === 'packageId') for (const v of [c.from, c.to]) if (typeof v === 'string') packageIds.add(v);
  const userIds = new Set<string>(eventUserId ? [eventUserId] : []);
  for (const s of subs.values()) if (s.userId) userIds.add(s.userId);
  for (const c of changes) if (c.entity === 'user') userIds.add(c.id);
  for (const c of changes) if (c.entity === 'group_member' && typeof c.to === 'string') userIds.add(c.to);
  const groupIds = changes.filter((c) => c.entity === 'group_member').map((c) => c.id);
  const [packages, users, groups] = await Promise.all([
    packageIds.size && tenantId ? db.selectFrom('packages').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', 'in', [...packageIds]).execute() : [],
    userIds.size ? db.selectFrom('users').select(['id', 'name', 'email']).where('id', 'in', [...userIds]).execute() : [],
    groupIds.length && tenantId ? db.selectFrom('groups').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', 'in', groupIds).execute() : [],
  ]);
  return {
    subs,
    packageName: new Map(packages.map((p) => [p.id, p.name])),
    userName: new Map(users.map((u) => [u.id, u.name || u.email || 'A member'])),
    groupName: new Map(groups.map((g) => [g.id, g.name])),
  };
}

/** The event's changes in sentences, in the order the handler made them; details it has no words for are left to the field list. */
export async function changeSentences(db: Kysely<Database>, tenantId: string | null, changes: Change[], eventUserId: string | null): Promise<string[]> {
  if (changes.length === 0) return [];
  const n = await namesFor(db, tenantId, changes, eventUserId);
  const member = (userId: string | null | undefined) => (userId && n.userName.get(userId)) || 'A member';
  const eventMember = member(eventUserId);
  const out: string[] = [];
  const bySubscription = new Map<string, Change[]>();
  for (const c of changes) {
    if (c.entity === 'subscription') {
      const list = bySubscription.get(c.id) ?? [];
      if (list.length === 0) bySubscription.set(c.id, list);
      list.push(c);
      if (list.length > 1) continue; // said once per subscription, below, where the first change was
      out.push(`\u0000sub:${c.id}`);
      continue;
    }
    const sentence = otherSentence(c, eventMember, n);
    if (sentence) out.push(sentence);
  }
  return out.flatMap((s) => {
    if (!s.startsWith('\u0000sub:')) return [s];
    const id = s.slice(5);
    return subscriptionSentences(bySubscription.get(id)!, n.subs.get(id), member, n.packageName, eventMember);
  });
}

function otherSentence(c: Change, who: string, n: Awaited<ReturnType<typeof namesFor>>): string | null {
  switch (c.entity) {
    case 'user':
      return c.field === 'created' ? `${n.userName.get(c.id) ?? who} is new here: a member record was created for them` : null;
    case 'membership':
      if (c.field === 'created') return `${who} joined as a paying member`;
      if (c.field === 'status' && c.to === 'active') return `${who} is a member again`;
      if (c.field === 'subscriptionStatus') {
        const paid = (v: unknown) => v === 'active' || v === 'trialing';
        if (paid(c.to) && !paid(c.from)) return `${who} has paid access now`;
        if (paid(c.from) && !paid(c.to)) return c.to === 'past_due' ? `${who}'s payment is past due` : `${who}'s paid access ended`;
        return null;
      }
      return null;
    case 'customer':
      if (c.field === 'created') return `${who} was recorded as a customer`;
      if (c.field === 'userId') return `The customer was linked to ${n.userName.get(String(c.to)) ?? who}`;
      return null;
    case 'group_member':
      if (c.field === 'member') return `${n.userName.get(String(c.to)) ?? who} was added to ${n.groupName.get(c.id) ?? 'a group'}`;
      if (c.field === 'skipped') return `A group the event named doesn't exist in this community, so it was skipped`;
      return null;
    default:
      return null;
  }
}

function subscriptionSentences(
  list: Change[],
  sub: SubscriptionFacts | undefined,
  member: (id: string | null | undefined) => string,
  packageName: Map<string, string>,
  eventMember: string,
): string[] {
  const who = sub?.userId ? member(sub.userId) : eventMember;
  const field = (name: string) => list.find((c) => c.field === name);
  // The package it was for: now, or (when this event unlinked it) the one before.
  const was = field('packageId')?.from;
  const planId = sub?.packageId ?? (typeof was === 'string' ? was : null);
  const plan = planId ? (packageName.get(planId) ?? null) : null;
  const currency = sub?.currency ?? 'USD';
  const interval = sub?.interval ?? 'month';
  const amount = sub?.amountMinor ?? 0;
  const out: string[] = [];
  const status = field('status');
  if (status && status.from === null) {
    // A new subscription: the timeline's own sentence for its first entry.
    out.push(subscriptionSentence(who, plan, currency, interval, { kind: 'created', status: String(status.to), amountMinor: amount, previousAmountMinor: null }));
  } else if (status) {
    const to = String(status.to);
    out.push(
      to === 'canceled'
        ? `${who}'s subscription to ${plan ?? 'a package no longer offered'} was canceled`
        : to === 'past_due'
          ? `A payment of ${priceText(amount, currency, interval)} for ${plan ?? 'a package no longer offered'} failed; ${who} is past due`
          : `${who}'s subscription to ${plan ?? 'a package no longer offered'} is now ${statusWords(to)}`,
    );
  }
  const moved = field('packageId');
  if (moved && moved.from && moved.to) out.push(`${who} moved from ${packageName.get(String(moved.from)) ?? 'a package no longer offered'} to ${packageName.get(String(moved.to)) ?? 'a package no longer offered'}`);
  const price = field('amountMinor');
  if (price && typeof price.from === 'number' && typeof price.to === 'number' && !(status && status.from === null)) {
    out.push(`${who}'s ${plan ?? 'subscription'} went from ${priceText(price.from, currency, interval)} to ${priceText(price.to, currency, interval)}`);
  }
  const ending = field('cancelAtPeriodEnd');
  if (ending && !(status && String(status.to) === 'canceled')) {
    out.push(ending.to ? `${who}'s subscription to ${plan ?? 'their package'} will end at the end of the period` : `${who}'s subscription to ${plan ?? 'their package'} will renew again`);
  }
  if (field('userId')) out.push(`The subscription was linked to ${who}`);
  if (out.length === 0 && field('currentPeriodEnd')) out.push(`${who}'s subscription to ${plan ?? 'their package'} moved on to a new period`);
  return out;
}
