import { useEffect, useEffectEvent, useState } from 'react';
import { isAbort } from '../../../api/errors';
import type { EventStatus, Provider } from '../types';
import { usePageVisible } from '../use-page-visible';
import { useWebhooksApi } from '../use-webhooks-api';
import { appendOlder, mergeNewest, type StreamRows } from './event-stream';

export const POLL_MS = 2000;
const RETRY_MS = 5000;
const PAGE_SIZE = 50;

export interface EventFilter {
  provider?: Provider;
  type?: string;
  status?: EventStatus;
}

interface State extends StreamRows {
  key: string;
  added: string[];
  error: unknown;
  checkedAt: number | null;
}

export interface EventStream {
  rows: StreamRows | null;
  /** Rows that arrived with the latest poll (they flash once). */
  added: ReadonlySet<string>;
  /** The latest poll failed; the rows shown are the last good ones. */
  error: unknown;
  checkedAt: number | null;
  /** Polling now: live, and the window is visible. */
  polling: boolean;
  loadingOlder: boolean;
  olderError: unknown;
  loadOlder: () => void;
  refresh: () => void;
}

/**
 * The ledger as a live stream: the newest page is fetched every two seconds while the page is
 * visible and `live` is on, and merged into what is shown. Changing the filter starts afresh.
 */
export function useEventStream(filter: EventFilter, live: boolean): EventStream {
  const api = useWebhooksApi();
  const visible = usePageVisible();
  const key = JSON.stringify([filter.provider ?? null, filter.type ?? null, filter.status ?? null]);
  const [state, setState] = useState<State | null>(null);
  const [older, setOlder] = useState<{ key: string; loading: boolean; error: unknown } | null>(null);
  const [nudge, setNudge] = useState(0);
  const polling = live && visible;

  const fetchNewest = useEffectEvent((signal: AbortSignal) => api.events.list({ ...filter, limit: PAGE_SIZE }, signal));

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      let wait = POLL_MS;
      try {
        const page = await fetchNewest(controller.signal);
        if (controller.signal.aborted) return;
        setState((prev) => {
          const merged = mergeNewest(prev?.key === key ? prev : null, page);
          return { key, ...merged, error: null, checkedAt: Date.now() };
        });
      } catch (error) {
        if (controller.signal.aborted || isAbort(error)) return;
        wait = RETRY_MS;
        setState((prev) => (prev?.key === key ? { ...prev, added: [], error } : { key, items: [], olderCursor: null, added: [], error, checkedAt: null }));
      }
      if (polling && !controller.signal.aborted) timer = setTimeout(() => void tick(), wait);
    };
    void tick();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [key, polling, nudge]);

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

  const hasRows = current !== null && !(current.checkedAt === null && current.error);
  return {
    rows: hasRows ? current : null,
    added: new Set(current?.added ?? []),
    error: current?.error ?? null,
    checkedAt: current?.checkedAt ?? null,
    polling,
    loadingOlder: older?.key === key && older.loading,
    olderError: older?.key === key ? older.error : null,
    loadOlder: () => void loadOlder(),
    refresh: () => setNudge((n) => n + 1),
  };
}
