import type { Logger } from '../core/platform/logger';
import type { DesktopNotificationKind, DesktopNotificationSettings } from '../core/areas/settings/desktop-notifications';
import { ACCESS_GRANTING_STATUSES, type SubscriptionStatus } from '../../src-shared/domain';

/** What the OS shows; a click opens the console on `route`. */
export interface DesktopNotice {
  kind: DesktopNotificationKind;
  title: string;
  body: string;
  route: 'members' | 'webhooks' | 'campaigns' | 'dashboard' | 'automations';
}

/** The few fields of a domain event the notices read (see src-shared/events.ts). */
export interface NotifiableEvent {
  id: string;
  type: string;
  tenantId: string;
  data: { userId?: string; status?: string; packageId?: string | null; planId?: string | null; subject?: string; sent?: number };
}

/** Names for the people and things an event points at, looked up when it is shown. */
export interface EventNames {
  member: string;
  tenant: string;
  packageName: string | null;
}

export const NOTIFIED_EVENTS = ['subscription.created', 'payment.failed', 'campaign.finished'] as const;

/** The notice for a domain event, or null when the owner would not want one. */
export function noticeForEvent(event: NotifiableEvent, names: EventNames): DesktopNotice | null {
  if (event.type === 'subscription.created') {
    // Only a subscription that pays now (or is trialing into paying) makes a new paid member.
    if (!ACCESS_GRANTING_STATUSES.includes(event.data.status as SubscriptionStatus)) return null;
    const what = names.packageName ? ` ${names.packageName}` : ' a paid package';
    return { kind: 'newPaidMember', title: 'New paid member', body: `${names.member} started${what} in ${names.tenant}`, route: 'members' };
  }
  if (event.type === 'payment.failed') {
    return { kind: 'paymentFailed', title: 'Payment failed', body: `A payment by ${names.member} failed in ${names.tenant}`, route: 'members' };
  }
  if (event.type === 'campaign.finished') return campaignFinishedNotice(event.data.subject ?? 'A campaign', names.tenant, event.data.sent ?? 0);
  return null;
}

export function campaignFinishedNotice(campaign: string, tenant: string, sent: number): DesktopNotice {
  return { kind: 'campaignFinished', title: 'Campaign sent', body: `"${campaign}" went to ${sent} members of ${tenant}`, route: 'campaigns' };
}

/**
 * Webhooks are failing when inbound processing or outgoing deliveries are retrying or have given
 * up. Says so once when that starts, and again only after it has cleared.
 */
export function webhooksFailingWatch() {
  let failing = false;
  return (count: number): DesktopNotice | null => {
    const was = failing;
    failing = count > 0;
    if (!failing || was) return null;
    const jobs = count === 1 ? '1 webhook is' : `${count} webhooks are`;
    return { kind: 'webhooksFailing', title: 'Webhooks are failing', body: `${jobs} failing or being retried. Open Webhooks to see why.`, route: 'webhooks' };
  };
}

export type SubscribeToEvents = (type: (typeof NOTIFIED_EVENTS)[number], listener: (event: NotifiableEvent) => Promise<void>, options: { name: string }) => () => void;

export interface Notifier {
  /** Shows the notice if its switch is on; false when it was off. */
  notify(notice: DesktopNotice): Promise<boolean>;
  stop(): void;
}

/** Listens to the events the owner is told about, and gates every notice on its switch. */
export function startNotifications(deps: {
  subscribe: SubscribeToEvents;
  names: (event: NotifiableEvent) => Promise<EventNames>;
  switches: Pick<DesktopNotificationSettings, 'isOn'>;
  show: (notice: DesktopNotice) => void;
  logger: Logger;
}): Notifier {
  // Listeners may run twice for one event (at-least-once delivery); show it once.
  const shown = new Set<string>();
  const notify = async (notice: DesktopNotice) => {
    if (!(await deps.switches.isOn(notice.kind))) return false;
    deps.show(notice);
    return true;
  };
  const onEvent = async (event: NotifiableEvent) => {
    if (shown.has(event.id)) return;
    try {
      const notice = noticeForEvent(event, await deps.names(event));
      if (notice && (await notify(notice))) {
        shown.add(event.id);
        if (shown.size > 1000) shown.delete(shown.values().next().value!);
      }
    } catch (err) {
      // A notice is a courtesy: never make the event's job retry over it.
      deps.logger.warn('could not show a notification', { event: event.type, error: String(err) });
    }
  };
  const unsubscribe = NOTIFIED_EVENTS.map((type) => deps.subscribe(type, onEvent, { name: 'desktop-notifications' }));
  return { notify, stop: () => unsubscribe.forEach((stop) => stop()) };
}
