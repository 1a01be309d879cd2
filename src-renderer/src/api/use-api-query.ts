import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useLayoutEffect, useRef } from 'react';
import { useServices } from '../app/services';
import type { ApiClient } from './types';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

/**
 * A read that is not a single tRPC query (several calls, or a call with extra shaping), through the
 * same TanStack Query cache as the rest of the window: runs `load` whenever `key` changes, cancels
 * the previous run (its signal aborts), never shows an answer for an older key, and keeps data
 * visible while a reload is in flight. Keys live under 'api', apart from tRPC's own.
 */
export function useApiQuery<T>(key: string, load: (api: ApiClient, signal: AbortSignal) => Promise<T>): QueryState<T> {
  const { api } = useServices();
  const queryClient = useQueryClient();
  // The latest `load` without making it part of the key: only `key` (or a reload) fetches again.
  const latest = useRef({ api, load });
  useLayoutEffect(() => {
    latest.current = { api, load };
  });
  const query = useQuery({ queryKey: ['api', key], queryFn: ({ signal }) => latest.current.load(latest.current.api, signal), staleTime: 0 });
  const reload = useCallback(() => void queryClient.invalidateQueries({ queryKey: ['api', key], exact: true }), [queryClient, key]);
  return {
    data: query.data,
    error: query.isFetching ? undefined : (query.error ?? undefined),
    loading: query.isFetching,
    reload,
  };
}
