import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@renderer/api/query';
import { useServices } from '@renderer/app/services';
import { ChangeList } from '../inbound/ChangeList';
import type { Exchange } from '../types';

/** The stored event's id in this console's answer to a send to self (`{received, id, duplicate}`). */
export function storedEventId(exchange: Exchange): string | null {
  if (!exchange.response || exchange.response.status !== 200) return null;
  try {
    const body = JSON.parse(exchange.response.body) as { id?: unknown };
    return typeof body.id === 'string' ? body.id : null;
  } catch {
    return null;
  }
}

/**
 * What the event just sent changed, right under the exchange: the stored event, read again when
 * the core pushes that it was processed (no timer), in the Webhooks page's own words.
 */
export function SentChanges({ eventId }: { eventId: string }) {
  const trpc = useTRPC();
  const { api } = useServices();
  const event = useQuery({ queryKey: trpc.webhooks.get.queryKey({ id: eventId }), queryFn: ({ signal }) => api.webhooks.get.query({ id: eventId }, { signal }) });
  const data = event.data;
  return (
    <section className="lab-changes" aria-label="What it changed" data-testid="lab-changes">
      <h3 className="wh-section-title">What it changed</h3>
      {!data || data.status === 'received' ? (
        <p className="muted wh-small">Processing…</p>
      ) : (
        <ChangeList changes={Array.isArray(data.changes) ? data.changes : null} status={data.status} summary={data.summary} />
      )}
    </section>
  );
}
