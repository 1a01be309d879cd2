import { useSyncExternalStore } from 'react';

export const WEBHOOK_TABS = ['events', 'lab', 'forwarding', 'endpoints'] as const;
export type WebhooksTab = (typeof WEBHOOK_TABS)[number];

export interface WebhooksLocation {
  tab: WebhooksTab;
  /** `#/webhooks/events/whe_…` opens that event's detail. */
  eventId: string | null;
}

/** `#/webhooks/lab` → the lab; `#/webhooks/events/whe_1` → that event; anything else → events. */
export function parseWebhooksHash(hash: string): WebhooksLocation {
  const [, tabPart, idPart] = hash.replace(/^#\/?/, '').split('?')[0]!.split('/');
  const tab = WEBHOOK_TABS.find((t) => t === tabPart) ?? 'events';
  const eventId = tab === 'events' && idPart ? decodeURIComponent(idPart) : null;
  return { tab, eventId };
}

export function webhooksHref(tab: WebhooksTab, eventId?: string | null): string {
  return eventId && tab === 'events' ? `#/webhooks/events/${encodeURIComponent(eventId)}` : `#/webhooks/${tab}`;
}

/** Moves within the page without adding a history entry per selected row. */
export function goTo(tab: WebhooksTab, eventId?: string | null, options: { replace?: boolean } = {}): void {
  const href = webhooksHref(tab, eventId);
  if (options.replace) {
    window.history.replaceState(null, '', href);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else {
    window.location.hash = href;
  }
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

const snapshot = () => window.location.hash;

export function useWebhooksLocation(): WebhooksLocation {
  const hash = useSyncExternalStore(subscribe, snapshot);
  return parseWebhooksHash(hash);
}
