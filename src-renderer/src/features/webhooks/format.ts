import { formatDateTimeSeconds } from '../../ui/format';
import type { PillTone } from '../../ui/Pill';
import type { EventStatus, Provider } from './types';

export const PROVIDERS: readonly Provider[] = ['stripe', 'lemonsqueezy'];
export const EVENT_STATUSES: readonly EventStatus[] = ['received', 'applied', 'ignored', 'failed'];

export function providerLabel(provider: string): string {
  return provider === 'stripe' ? 'Stripe' : provider === 'lemonsqueezy' ? 'Lemon Squeezy' : provider;
}

export const STATUS_LABEL: Record<EventStatus, string> = { received: 'Received', applied: 'Applied', ignored: 'Ignored', failed: 'Failed' };
export const STATUS_TONE: Record<EventStatus, PillTone> = { received: 'info', applied: 'success', ignored: 'neutral', failed: 'danger' };

/** For a live stream seconds matter: "4 s ago", "12 min ago", "3 h ago", then the date. */
export function ago(iso: string | null | undefined, now: number): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '—';
  const s = Math.max(0, Math.round((now - then) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return dateTime(iso);
}

/** "Nov 22, 9:14:03 AM" in the owner's time zone (the console's one time style, with seconds). */
export function dateTime(iso: string | null | undefined): string {
  return formatDateTimeSeconds(iso);
}

export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  return `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
}

export function httpStatusTone(status: number | null | undefined): PillTone {
  if (status === null || status === undefined) return 'danger';
  if (status < 300) return 'success';
  if (status < 500) return 'warning';
  return 'danger';
}

/** Pretty-prints JSON text; anything that is not JSON comes back as it was. */
export function prettyJson(text: string): string {
  if (!text.trim()) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** The URL this console receives a provider's webhooks on, as the Stripe CLI should forward to. */
export function listenerUrl(origin: string, provider: Provider): string {
  return `${origin.replace(/\/+$/, '')}/api/webhooks/${provider}`;
}
