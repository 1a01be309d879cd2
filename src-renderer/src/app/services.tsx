import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { createQueryClient, TRPCProvider } from '../api/query';
import type { ApiClient } from '../api/types';
import type { ConnectionState, ConnectionStore } from '../stores/connection';
import type { SessionState, SessionStore } from '../stores/session';

/** Everything the UI depends on, built once in bootstrap.ts and handed down (no module singletons). */
export interface RendererServices {
  api: ApiClient;
  session: SessionStore;
  connection: ConnectionStore;
  /** The query cache (bootstrap builds one; a test that gives none gets a fresh one). */
  queryClient?: QueryClient;
}

const ServicesContext = createContext<RendererServices | null>(null);

export function ServicesProvider({ services, children }: { services: RendererServices; children: ReactNode }) {
  const [fallbackClient] = useState(() => services.queryClient ?? createQueryClient());
  const queryClient = services.queryClient ?? fallbackClient;
  return (
    <ServicesContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>
        <TRPCProvider trpcClient={services.api} queryClient={queryClient}>
          {children}
        </TRPCProvider>
      </QueryClientProvider>
    </ServicesContext.Provider>
  );
}

export function useServices(): RendererServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesProvider>');
  return services;
}

export function useSession<T>(select: (state: SessionState) => T): T {
  return useStore(useServices().session, select);
}

export function useConnection<T>(select: (state: ConnectionState) => T): T {
  return useStore(useServices().connection, select);
}
