import type { BillingInterval, SpaceType } from '../../src-shared/domain';
import type { TenantIds } from './ids';
import { DAY, iso, type Timeline } from './time';
import { groupNames } from './words';
import type { RowSink } from './writer';

// The fixed furniture of a demo tenant: its plans, groups and spaces.

export interface PlanSpec {
  key: string;
  name: string;
  description: string;
  priceMinor: number;
  interval: BillingInterval;
  maxUsers: number;
  maxAiPosts: number;
  maxSocialAccounts: number;
  maxCampaigns: number;
  features: string[];
  isPopular: boolean;
  /** A sale around "now", so that the pricing page has one to show. */
  sale?: { priceMinor: number; startsDaysFromNow: number; endsDaysFromNow: number };
  variantId: string;
}

export const PLANS: readonly PlanSpec[] = [
  {
    key: 'starter',
    name: 'Starter',
    description: 'For solo creators finding their rhythm.',
    priceMinor: 2900,
    interval: 'month',
    maxUsers: 1,
    maxAiPosts: 50,
    maxSocialAccounts: 3,
    maxCampaigns: 1,
    features: ['3 social accounts', '50 AI posts a month', '1 active campaign', 'Community access'],
    isPopular: false,
    sale: { priceMinor: 1900, startsDaysFromNow: -2, endsDaysFromNow: 5 },
    variantId: '104201',
  },
  {
    key: 'professional',
    name: 'Professional',
    description: 'For freelancers running several brands.',
    priceMinor: 7900,
    interval: 'month',
    maxUsers: 5,
    maxAiPosts: 300,
    maxSocialAccounts: 10,
    maxCampaigns: 5,
    features: ['10 social accounts', '300 AI posts a month', '5 active campaigns', '5 team seats', 'Premium circle'],
    isPopular: true,
    variantId: '104202',
  },
  {
    key: 'agency',
    name: 'Agency',
    description: 'For teams managing clients at scale.',
    priceMinor: 19900,
    interval: 'month',
    maxUsers: 25,
    maxAiPosts: 2000,
    maxSocialAccounts: 50,
    maxCampaigns: 25,
    features: ['50 social accounts', '2,000 AI posts a month', '25 active campaigns', '25 team seats', 'Priority support'],
    isPopular: false,
    variantId: '104203',
  },
  {
    key: 'professional-yearly',
    name: 'Professional (yearly)',
    description: 'Professional, billed yearly: two months free.',
    priceMinor: 79000,
    interval: 'year',
    maxUsers: 5,
    maxAiPosts: 300,
    maxSocialAccounts: 10,
    maxCampaigns: 5,
    features: ['Everything in Professional', 'Two months free'],
    isPopular: false,
    variantId: '104204',
  },
];

/** Plan index by name, for the generators. */
export const PLAN = { starter: 0, professional: 1, agency: 2, professionalYearly: 3 } as const;

export const GROUP = { founding: 0, premium: 1, agency: 2, beginners: 3, meetups: 4 } as const;

export interface SpaceSpec {
  name: string;
  type: SpaceType;
  /** Spaces tied to a group are joined by some of that group's members only. */
  group: number | null;
  /** Chance that a member (of the group, if any) joins the space. */
  joinChance: number;
  /** Share of the history that had passed when the space was opened. */
  openedAt: number;
  /** Relative share of the community's posts written here (0: nobody posts in it). */
  postWeight: number;
}

export const SPACES: readonly SpaceSpec[] = [
  { name: 'Announcements', type: 'FEED', group: null, joinChance: 0.1, openedAt: 0, postWeight: 1 },
  { name: 'General discussion', type: 'FEED', group: null, joinChance: 0.22, openedAt: 0, postWeight: 6 },
  { name: 'Wins and showcases', type: 'FEED', group: null, joinChance: 0.06, openedAt: 0.15, postWeight: 2 },
  { name: 'Premium strategy room', type: 'FEED', group: GROUP.premium, joinChance: 0.5, openedAt: 0.05, postWeight: 2 },
  { name: 'Lounge', type: 'CHAT', group: null, joinChance: 0.1, openedAt: 0, postWeight: 1 },
  { name: 'Founders chat', type: 'CHAT', group: GROUP.founding, joinChance: 0.8, openedAt: 0, postWeight: 0.5 },
  { name: 'Getting started course', type: 'COURSE', group: GROUP.beginners, joinChance: 0.7, openedAt: 0.1, postWeight: 1 },
  { name: 'Advanced growth course', type: 'COURSE', group: GROUP.premium, joinChance: 0.25, openedAt: 0.4, postWeight: 1 },
  { name: 'Pricing calculator', type: 'CALCULATOR', group: null, joinChance: 0.02, openedAt: 0.3, postWeight: 0 },
  { name: 'Community dashboard', type: 'DASHBOARD', group: null, joinChance: 0.01, openedAt: 0.5, postWeight: 0 },
  { name: 'Live events', type: 'EVENT', group: null, joinChance: 0.05, openedAt: 0.2, postWeight: 1 },
  { name: 'Local meetups', type: 'EVENT', group: GROUP.meetups, joinChance: 0.9, openedAt: 0.35, postWeight: 0.5 },
];

export function spaceOpenedMs(t: Timeline, space: SpaceSpec): number {
  return Math.floor(t.startMs + space.openedAt * (t.nowMs - t.startMs));
}

/** Packages, groups and spaces. */
export function generateCatalog(tenantId: string, ids: TenantIds, t: Timeline, out: RowSink): void {
  const created = iso(t.tenantCreatedMs);
  PLANS.forEach((p, k) => out.push('packages', [
    ids.package(k),
    tenantId,
    p.name,
    p.description,
    p.priceMinor,
    p.interval,
    'USD',
    p.maxUsers,
    p.maxAiPosts,
    p.maxSocialAccounts,
    p.maxCampaigns,
    JSON.stringify(p.features),
    p.sale ? p.sale.priceMinor : null,
    p.sale ? iso(t.nowMs + p.sale.startsDaysFromNow * DAY) : null,
    p.sale ? iso(t.nowMs + p.sale.endsDaysFromNow * DAY) : null,
    p.variantId,
    1,
    p.isPopular ? 1 : 0,
    created,
    created,
  ]));
  groupNames.forEach((g, k) => out.push('groups', [ids.group(k), tenantId, g.name, g.description, iso(t.tenantCreatedMs + k * DAY)]));
  SPACES.forEach((s, k) =>
    out.push('spaces', [
      ids.space(k),
      tenantId,
      s.group === null ? null : ids.group(s.group),
      s.name,
      s.type,
      iso(Math.max(t.tenantCreatedMs, spaceOpenedMs(t, s))),
    ]),
  );
  out.rowsComplete();
}

/** The price a subscription started at `ms` was charged: the sale price inside the sale window. */
export function planPriceAt(plan: PlanSpec, t: Timeline, ms: number): number {
  if (!plan.sale) return plan.priceMinor;
  const starts = t.nowMs + plan.sale.startsDaysFromNow * DAY;
  const ends = t.nowMs + plan.sale.endsDaysFromNow * DAY;
  return ms >= starts && ms < ends ? plan.sale.priceMinor : plan.priceMinor;
}
