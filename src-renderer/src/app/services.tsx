import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { ApiClient } from '../api/types';
import type { ConnectionState, ConnectionStore } from '../stores/connection';
import type { SessionState, SessionStore } from '../stores/session';

/** Everything the UI depends on, built once in bootstrap.ts and handed down (no module singletons). */
export interface RendererServices {
  api: ApiClient;
  session: SessionStore;
  connection: ConnectionStore;
}

const ServicesContext = createContext<RendererServices | null>(null);

export function ServicesProvider({ services, children }: { services: RendererServices; children: ReactNode }) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
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
