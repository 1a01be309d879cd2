import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@renderer/api/query';
import type { EventPage, EventStatus, Provider } from '../types';
import { useWebhooksApi } from '../use-webhooks-api';
import { appendOlder, mergeNewest, type StreamRows } from './event-stream';

const PAGE_SIZE = 50;

export interface EventFilter {
  provider?: Provider;
  type?: string;
  status?: EventStatus;
}

interface State extends StreamRows {
  key: string;
  added: string[];
  /** The query answer this state last merged (its dataUpdatedAt). */
  from: number;
}

export interface EventStream {
  rows: StreamRows | null;
  /** Rows that arrived with the latest change (they flash once). */
  added: ReadonlySet<string>;
  /** The latest read failed; the rows shown are the last good ones. */
  error: unknown;
  checkedAt: number | null;
  /** Live: pushed changes are being shown as they arrive. */
  polling: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  loadOlder: () => void;
  refresh: () => void;
}

/**
 * The ledger as a live stream: the newest page is one query (webhooks.list), read again whenever
 * the core pushes that webhooks changed (api/push.ts), and merged into what is shown while `live`
 * is on. No timer: nothing is read while nothing changes. Changing the filter starts afresh.
 */
export function useEventStream(filter: EventFilter, live: boolean): EventStream {
  const api = useWebhooksApi();
  const trpc = useTRPC();
  const input = { provider: filter.provider, type: filter.type, status: filter.status, limit: PAGE_SIZE };
  const key = JSON.stringify([filter.provider ?? null, filter.type ?? null, filter.status ?? null]);
  const newest = useQuery({
    queryKey: trpc.webhooks.list.queryKey(input),
    queryFn: ({ signal }): Promise<EventPage> => api.events.list(input, signal),
    // Paused: the rows stay as they are; resuming reads what changed meanwhile.
    enabled: live,
  });
  const [state, setState] = useState<State | null>(null);
  const [older, setOlder] = useState<{ key: string; loading: boolean; error: unknown } | null>(null);

  // Each new answer is folded into what is shown (during render: the merge depends on the last one).
  if (newest.data && (state?.key !== key || state.from !== newest.dataUpdatedAt)) {
    const merged = mergeNewest(state?.key === key ? state : null, newest.data);
    setState({ key, ...merged, from: newest.dataUpdatedAt });
  }

  const current = state?.key === key ? state : null;
  const loadOlder = async () => {
    const cursor = current?.olderCursor;
    if (!cursor || older?.loading) return;
    setOlder({ key, loading: true, error: null });
    try {
      const page = await api.events.list({ ...filter, cursor, limit: PAGE_SIZE });
      setState((prev) => (prev?.key === key ? { ...prev, ...appendOlder(prev, page), added: [] } : prev));
      setOlder({ key, loading: false, error: null });
    } catch (error) {
      setOlder({ key, loading: false, error });
    }
  };

  return {
    rows: current,
    added: new Set(current?.added ?? []),
    error: newest.error ?? null,
    checkedAt: newest.dataUpdatedAt || null,
    polling: live,
    loadingOlder: older?.key === key && older.loading,
    olderError: older?.key === key ? older.error : null,
    loadOlder: () => void loadOlder(),
    refresh: () => void newest.refetch(),
  };
}
