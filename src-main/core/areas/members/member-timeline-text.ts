// A member's timeline as sentences an owner reads: "Chidi Wilson started Founders Circle at
// $39/month", "Ada Obi made Chidi Wilson an admin". Names and amounts, never ids, minor units,
// field names or MEMBER/ADMIN; times are shown by the window, in its own style.

const WORDS_LOCALE = 'en-US';

/** "$39/month", "$39.50/year": the price as a customer reads it. */
export function priceText(amountMinor: number, currency: string, interval: string | null): string {
  const major = amountMinor / 100;
  let money: string;
  try {
    money = new Intl.NumberFormat(WORDS_LOCALE, {
      style: 'currency',
      currency: currency.toUpperCase(),
      minimumFractionDigits: Number.isInteger(major) ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(major);
  } catch {
    money = `${major.toFixed(2)} ${currency.toUpperCase()}`;
  }
  return interval ? `${money}/${interval}` : money;
}

const STATUS_WORDS: Record<string, string> = {
  active: 'active',
  trialing: 'on a trial',
  past_due: 'past due',
  unpaid: 'unpaid',
  paused: 'paused',
  incomplete: 'waiting for a first payment',
  incomplete_expired: 'expired before the first payment',
  canceled: 'canceled',
};

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status.replaceAll('_', ' ');
}

export interface SubscriptionMoment {
  kind: string;
  status: string;
  amountMinor: number;
  /** The amount of the entry before it, when there is one. */
  previousAmountMinor: number | null;
}

/** One subscription event in words. */
export function subscriptionSentence(who: string, pkg: string | null, currency: string, interval: string, e: SubscriptionMoment): string {
  const plan = pkg ?? 'a package no longer offered';
  const price = priceText(e.amountMinor, currency, interval);
  if (e.kind === 'created') {
    if (e.status === 'active') return `${who} started ${plan} at ${price}`;
    if (e.status === 'trialing') return `${who} started a trial of ${plan}`;
    return `${who} signed up for ${plan} at ${price}; the subscription is ${statusWords(e.status)}`;
  }
  if (e.kind === 'canceled' || e.status === 'canceled') return `${who} canceled ${plan}`;
  if (e.kind === 'payment_failed' || e.status === 'past_due') return `A payment of ${price} for ${plan} failed; ${who} is past due`;
  if (e.kind === 'renewed') return `${who} renewed ${plan} at ${price}`;
  if (e.previousAmountMinor !== null && e.previousAmountMinor !== e.amountMinor) {
    return `${who}'s ${plan} went from ${priceText(e.previousAmountMinor, currency, interval)} to ${price}`;
  }
  return `${who}'s ${plan} subscription is now ${statusWords(e.status)}`;
}

/** What the entry's record says about the subscription: plain facts, labelled in words. */
export function subscriptionFacts(pkg: string | null, currency: string, interval: string, e: SubscriptionMoment): Record<string, string> {
  return {
    package: pkg ?? 'A package no longer offered',
    price: priceText(e.amountMinor, currency, interval),
    status: statusWords(e.status),
  };
}

export interface AuditNames {
  who: string;
  /** The person who made the change; null when the system did (an import, a webhook). */
  actor: string | null;
  groupName: (id: unknown) => string;
  spaceName: (id: unknown) => string;
}

const ROLE_WORDS: Record<string, string> = { ADMIN: 'an admin', MEMBER: 'a regular member', MODERATOR: 'a moderator', OWNER: 'an owner' };

const roleWords = (role: unknown) => (typeof role === 'string' ? (ROLE_WORDS[role] ?? role.toLowerCase()) : 'another role');
const field = (value: unknown, key: string): unknown => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined);

/** An audited change in words: who did what to whom. */
export function auditSentence(action: string, before: unknown, after: unknown, n: AuditNames): string {
  const by = n.actor ?? 'The console';
  switch (action) {
    case 'member.role_changed':
      return field(after, 'role') ? `${by} made ${n.who} ${roleWords(field(after, 'role'))}` : `${by} changed ${n.who}'s role`;
    case 'member.space_role_changed':
      return `${by} made ${n.who} ${roleWords(field(after, 'role'))} in ${n.spaceName(field(after, 'spaceId') ?? field(before, 'spaceId'))}`;
    case 'member.group_added':
      return `${by} added ${n.who} to ${n.groupName(field(after, 'groupId'))}`;
    case 'member.group_removed':
      return `${by} removed ${n.who} from ${n.groupName(field(before, 'groupId'))}`;
    case 'member.renamed':
      return `${by} renamed ${typeof field(before, 'name') === 'string' ? String(field(before, 'name')) : 'this member'} to ${n.who}`;
    case 'member.removed':
      return `${by} removed ${n.who} from the community`;
    case 'member.comped':
      return `${by} gave ${n.who} complimentary access`;
    case 'member.uncomped':
      return `${n.who}'s complimentary access ended`;
    case 'member.erased':
      return `${by} erased ${n.who}'s personal data`;
    case 'member.invited':
      return `${by} invited ${n.who}`;
    case 'member.joined':
      return `${n.who} joined`;
    case 'member.rejoined':
      return `${n.who} joined again`;
    case 'member.left':
      return `${n.who} left the community`;
    default:
      return `${by} changed ${n.who}'s details`;
  }
}
