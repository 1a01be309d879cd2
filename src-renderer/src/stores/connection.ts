import { createStore, type StoreApi } from 'zustand/vanilla';

export type ConnectionStatus = 'checking' | 'connected' | 'offline';

export interface ConnectionState {
  status: ConnectionStatus;
  /** Why we think we are offline, in words for the owner. */
  reason: string | null;
  markConnected(): void;
  markOffline(reason: string): void;
}

export type ConnectionStore = StoreApi<ConnectionState>;

export function createConnectionStore(): ConnectionStore {
  return createStore<ConnectionState>()((set, get) => ({
    status: 'checking',
    reason: null,
    markConnected() {
      // Every successful call reports in; skip the no-op updates so subscribers stay quiet.
      if (get().status !== 'connected') set({ status: 'connected', reason: null });
    },
    markOffline(reason) {
      const state = get();
      if (state.status !== 'offline' || state.reason !== reason) set({ status: 'offline', reason });
    },
  }));
}
