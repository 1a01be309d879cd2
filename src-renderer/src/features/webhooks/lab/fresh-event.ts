import type { Provider } from '../types';

// A provider sends each event once under its id; the ledger stores a repeat once and applies it
// once. To see a template change something again, the lab gives each send a new identity.

const randomPart = () => Math.random().toString(36).slice(2, 10) + Date.now().toString(36).slice(-4);

/** The same event JSON with a new identity, or null when it has no place for one. */
export function withFreshIdentity(provider: Provider, payload: unknown, now: Date = new Date()): Record<string, unknown> | null {
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
  const event = payload as Record<string, unknown>;
  if (provider === 'stripe') {
    return { ...event, id: `evt_lab_${randomPart()}`, created: Math.floor(now.getTime() / 1000) };
  }
  // Lemon Squeezy sends no event id: the console tells deliveries apart by the resource's updated_at.
  const data = event.data as Record<string, unknown> | undefined;
  const attributes = data?.attributes as Record<string, unknown> | undefined;
  if (!data || typeof data !== 'object' || !attributes || typeof attributes !== 'object') return null;
  return { ...event, data: { ...data, attributes: { ...attributes, updated_at: now.toISOString() } } };
}
