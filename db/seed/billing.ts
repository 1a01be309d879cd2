import { bestSubscriptionStatus } from '../../src-shared/member-tier';
import type { JoinSource, PaymentProvider, SubscriptionStatus } from '../../src-shared/domain';
import { PLAN, PLANS, planPriceAt } from './catalog';
import { pad36 } from './ids';
import type { SeedPlan } from './plan';
import { chance, exponential, pickWeighted, weighted, type Rng } from './random';
import { DAY, iso, MONTH, YEAR } from './time';
import type { RowSink } from './writer';

// A paying member's billing history: one customer at one provider, a subscription, and for some who
// churned, a second one later. Subscription events record every status change with its time and
// amount, which is what MRR, churn and growth over time are computed from.


const PLAN_MIX = weighted([
  [PLAN.starter, 45],
  [PLAN.professional, 33],
  [PLAN.agency, 14],
  [PLAN.professionalYearly, 8],
]);

const TRIAL = 14 * DAY;

/** Who pays: everyone who joined through checkout, and some who joined free or by invitation. */
export function decidesToPay(r: Rng, source: JoinSource): boolean {
  if (source === 'paid') return true;
  return chance(r, source === 'free_signup' ? 0.12 : 0.05);
}

export interface BillingOutcome {
  best: SubscriptionStatus | null;
  /** The plan and start of the subscription that still grants access (active, trialing, past_due). */
  live: { plan: number; sinceMs: number } | null;
}

interface Member {
  index: number;
  userId: string;
  email: string;
  joinedMs: number;
  source: JoinSource;
}

export function generateBilling(plan: SeedPlan, r: Rng, m: Member, out: RowSink): BillingOutcome {
  const { t, ids, tenantId } = plan;
  const provider: PaymentProvider = chance(r, 0.15) ? 'lemonsqueezy' : 'stripe';
  // Paid joiners pay at checkout; the others upgrade some time after joining.
  let startMs =
    m.source === 'paid'
      ? m.joinedMs + Math.floor(r() * 5 * 60_000)
      : m.joinedMs + Math.floor((0.05 + 0.9 * r()) * (t.nowMs - m.joinedMs));
  startMs = Math.min(startMs, t.nowMs - 60_000);

  const customerId = ids.customer(m.index);
  out.push('customers', [
    customerId,
    tenantId,
    m.userId,
    provider,
    provider === 'stripe' ? `cus_${ids.tag}${pad36(m.index, 9)}` : String(1_000_000 + m.index),
    m.email,
    iso(startMs),
  ]);

  const statuses: SubscriptionStatus[] = [];
  let live: BillingOutcome['live'] = null;
  for (let k = 0; k < 2; k++) {
    const sub = generateSubscription(plan, r, { ...m, customerId, provider, startMs, subNumber: m.index * 2 + k }, out);
    statuses.push(sub.status);
    if (sub.status !== 'canceled') {
      if (sub.status !== 'unpaid') live = { plan: sub.plan, sinceMs: startMs };
      break;
    }
    // Some who left come back a few weeks or months later.
    const returnMs = sub.endMs + Math.floor((7 + r() * 150) * DAY);
    if (k === 1 || !chance(r, 0.2) || returnMs >= t.nowMs - DAY) break;
    startMs = returnMs;
  }
  return { best: bestSubscriptionStatus(statuses), live };
}

function generateSubscription(
  plan: SeedPlan,
  r: Rng,
  s: Member & { customerId: string; provider: PaymentProvider; startMs: number; subNumber: number },
  out: RowSink,
): { status: SubscriptionStatus; plan: number; endMs: number } {
  const { t, ids, tenantId } = plan;
  const planIndex = pickWeighted(r, PLAN_MIX);
  const spec = PLANS[planIndex]!;
  const amount = planPriceAt(spec, t, s.startMs);
  const period = spec.interval === 'year' ? YEAR : MONTH;
  const subId = ids.subscription(s.subNumber);
  const events: [kind: string, status: SubscriptionStatus, ms: number][] = [];

  const trial = chance(r, 0.25);
  events.push(['created', trial ? 'trialing' : 'active', s.startMs]);
  let paidFromMs = s.startMs;
  let status: SubscriptionStatus | null = null;
  let endMs: number | null = null;

  if (trial) {
    const trialEndMs = s.startMs + TRIAL;
    if (trialEndMs > t.nowMs) status = 'trialing';
    else if (chance(r, 0.72)) {
      events.push(['status_changed', 'active', trialEndMs]);
      paidFromMs = trialEndMs;
    } else endMs = trialEndMs;
  }

  if (status === null && endMs === null) {
    // Monthly plans churn at a steady rate (about 5% a month); yearly ones renew or not each year.
    let lifeMs: number;
    if (spec.interval === 'month') lifeMs = exponential(r, 20 * MONTH);
    else {
      let years = 1;
      while (years < 5 && chance(r, 0.7)) years++;
      lifeMs = years * YEAR;
    }
    const cancelMs = Math.floor(paidFromMs + lifeMs);
    if (cancelMs <= t.nowMs) endMs = cancelMs;

    // A failed payment that was recovered, somewhere in the past (never inside the last month,
    // where the current status below may place its own change).
    const horizonMs = endMs ?? t.nowMs - 30 * DAY;
    if (chance(r, 0.07) && horizonMs - paidFromMs > 5 * DAY) {
      const failedMs = Math.floor(paidFromMs + r() * (horizonMs - paidFromMs - 5 * DAY));
      events.push(['status_changed', 'past_due', failedMs]);
      events.push(['status_changed', 'active', failedMs + Math.floor((1 + r() * 3) * DAY)]);
    }

    if (endMs === null) {
      const p = r();
      if (p < 0.035) {
        status = 'past_due';
        events.push(['status_changed', 'past_due', Math.max(paidFromMs, t.nowMs - Math.floor((1 + r() * 12) * DAY))]);
      } else if (p < 0.042) {
        status = 'unpaid';
        const failedMs = Math.max(paidFromMs, t.nowMs - Math.floor((20 + r() * 9) * DAY));
        events.push(['status_changed', 'past_due', failedMs]);
        events.push(['status_changed', 'unpaid', Math.min(t.nowMs, failedMs + 14 * DAY)]);
      } else status = 'active';
    }
  }
  if (endMs !== null) {
    status = 'canceled';
    events.push(['canceled', 'canceled', endMs]);
  }
  const final = status!;

  const lastMs = events[events.length - 1]![2];
  const periodEndMs =
    final === 'canceled'
      ? endMs!
      : final === 'trialing'
        ? s.startMs + TRIAL
        : paidFromMs + (Math.floor((t.nowMs - paidFromMs) / period) + 1) * period;
  const cancelAtPeriodEnd = final === 'active' && chance(r, 0.04) ? 1 : 0;

  out.push('subscriptions', [
    subId,
    tenantId,
    s.userId,
    s.customerId,
    ids.package(planIndex),
    s.provider,
    s.provider === 'stripe' ? `sub_${ids.tag}${pad36(s.subNumber, 9)}` : String(3_000_000 + s.subNumber),
    s.provider === 'stripe' ? `price_${spec.key.replace('-', '_')}` : spec.variantId,
    final,
    amount,
    'USD',
    spec.interval,
    iso(Math.floor(periodEndMs)),
    cancelAtPeriodEnd,
    iso(s.startMs),
    endMs === null ? null : iso(endMs),
    iso(lastMs),
    iso(s.startMs),
    iso(lastMs),
  ]);
  events.forEach(([kind, st, ms], k) => {
    out.push('subscription_events', [ids.subscriptionEvent(s.subNumber * 8 + k), tenantId, subId, kind, st, amount, iso(ms)]);
  });
  return { status: final, plan: planIndex, endMs: endMs ?? t.nowMs };
}
