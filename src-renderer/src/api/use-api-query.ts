import { useCallback, useEffect, useEffectEvent, useState } from 'react';
import { useServices } from '../app/services';
import { isAbort } from './errors';
import type { ApiClient } from './types';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

interface Settled<T> {
  run: string;
  key: string;
  data?: T;
  error?: unknown;
}

/**
 * A small query hook: runs `load` whenever `key` changes, cancels the previous run, and ignores
 * answers that arrive after a newer run started. Data stays visible while a reload is in flight.
 */
export function useApiQuery<T>(key: string, load: (api: ApiClient, signal: AbortSignal) => Promise<T>): QueryState<T> {
  const { api } = useServices();
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<Settled<T> | null>(null);
  const runId = `${attempt}:${key}`;
  // The latest `load` without making it a dependency: only `key` (or a reload) fetches again.
  const start = useEffectEvent((signal: AbortSignal) => load(api, signal));

  useEffect(() => {
    const controller = new AbortController();
    start(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setSettled({ run: runId, key, data });
      },
      (error: unknown) => {
        if (!controller.signal.aborted && !isAbort(error)) setSettled({ run: runId, key, error });
      },
    );
    return () => controller.abort();
  }, [runId, key]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const loading = settled?.run !== runId;
  const sameKey = settled?.key === key;
  return {
    data: sameKey ? settled.data : undefined,
    error: sameKey && !loading ? settled.error : undefined,
    loading,
    reload,
  };
}
