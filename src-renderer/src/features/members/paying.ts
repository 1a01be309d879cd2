import { useQuery } from '@tanstack/react-query';
import { useServices } from '../../app/services';
import { formatCount } from '../../ui/format';
import { cleanFilter, type MemberFilter } from './member-filter';
import type { Selection } from './selection';

/** Subscriptions that are still billed: removing the member from the community does not stop them. */
export const BILLED_STATUSES = ['active', 'trialing', 'past_due'] as const;
type Billed = (typeof BILLED_STATUSES)[number];

export const isBilled = (status: string | null | undefined): boolean => BILLED_STATUSES.includes(status as Billed);

const PROVIDER_NAME: Record<string, string> = { stripe: 'Stripe', lemonsqueezy: 'Lemon Squeezy' };

/**
 * Said before removing paying members: leaving the community does not stop a subscription.
 * `provider` names where to cancel when it is known (one member), else both are named.
 */
export function keepBilledText(paying: number, of: number, provider?: string): string {
  const where = (provider && PROVIDER_NAME[provider]) ?? 'Stripe/Lemon Squeezy';
  if (of === 1) return `They pay for a package; removing them doesn’t cancel their subscription — they keep being billed until you cancel it in ${where}.`;
  return `${formatCount(paying)} of them ${paying === 1 ? 'pays' : 'pay'} for a package; removing them doesn’t cancel their ${paying === 1 ? 'subscription' : 'subscriptions'} — they keep being billed until you cancel ${paying === 1 ? 'it' : 'them'} in ${where}.`;
}

/**
 * How many of the selected members pay: ticked rows from what the list has loaded; "all matching"
 * by asking members.list for the total of the same filter narrowed to billed subscriptions.
 */
export function usePayingCount(selection: Selection, loadedRows: () => { userId: string; subscriptionStatus: string | null }[], enabled: boolean): number | null {
  const { api } = useServices();
  const filter = selection.mode === 'all' ? billedOnly(selection.filter) : null;
  const all = useQuery({
    queryKey: ['members.paying', filter],
    queryFn: ({ signal }) => api.members.list.query({ ...filter!, page: 1, limit: 1 }, { signal }).then((p) => p.total),
    enabled: enabled && filter !== null && filter.subscriptionStatus!.length > 0,
  });
  if (!enabled) return null;
  if (selection.mode === 'ids') return loadedRows().filter((r) => selection.ids.has(r.userId) && isBilled(r.subscriptionStatus)).length;
  if (filter!.subscriptionStatus!.length === 0) return 0;
  return all.data ?? null;
}

function billedOnly(filter: MemberFilter): MemberFilter {
  const asked = filter.subscriptionStatus;
  const statuses = asked ? BILLED_STATUSES.filter((s) => asked.includes(s)) : [...BILLED_STATUSES];
  return { ...cleanFilter(filter), subscriptionStatus: statuses };
}
