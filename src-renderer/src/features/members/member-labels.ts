import type { JoinSource, Role, SubscriptionStatus } from '@shared/domain';
import { LOCALE } from '../../ui/format';
import type { PillTone } from '../../ui/Pill';

export const ROLE_LABEL: Record<Role, string> = { ADMIN: 'Admin', MEMBER: 'Member' };

export const JOIN_SOURCE_LABEL: Record<JoinSource, string> = {
  free_signup: 'Free sign-up',
  paid: 'Paid checkout',
  invite_link: 'Invite link',
};

export const SUBSCRIPTION_LABEL: Record<SubscriptionStatus, { label: string; tone: PillTone }> = {
  active: { label: 'Active', tone: 'success' },
  trialing: { label: 'Trialing', tone: 'info' },
  past_due: { label: 'Past due', tone: 'warning' },
  unpaid: { label: 'Unpaid', tone: 'danger' },
  paused: { label: 'Paused', tone: 'neutral' },
  incomplete: { label: 'Incomplete', tone: 'warning' },
  incomplete_expired: { label: 'Expired', tone: 'neutral' },
  canceled: { label: 'Canceled', tone: 'neutral' },
};

export const TIER_LABEL: Record<'free' | 'paid' | 'comped', string> = { free: 'Free', paid: 'Paid', comped: 'Comped' };
export const TIER_TONE: Record<'free' | 'paid' | 'comped', PillTone> = { free: 'neutral', paid: 'success', comped: 'info' };

const dayFormat = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A calendar day as the filters hold it ("2026-03-01", UTC) → "Mar 1, 2026". */
export function formatDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime()) ? day : dayFormat.format(date);
}

/** An estimate as people say it: two significant figures (318,182 → 320,000; 85,112 → 85,000). */
export function roughly(n: number): number {
  if (n < 100) return n;
  const scale = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / scale) * scale;
}
