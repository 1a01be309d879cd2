import type { QueryClient } from '@tanstack/react-query';
import { act, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { createQueryClient } from '../api/query';
import { ServicesProvider, type RendererServices } from '../app/services';
import { createConnectionStore } from '../stores/connection';
import { createSessionStore, type SessionStore } from '../stores/session';
import { fakeTrpcClient } from './fake-trpc';

// React only flushes effects inside act() when it knows it runs under a test.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface RenderOptions {
  /** The calls the component makes; a partial fake is enough (only what is called must exist). */
  api?: object;
  /** Give one to reach the cache from the test (push invalidation); otherwise a fresh one. */
  queryClient?: QueryClient;
  mode?: 'desktop' | 'browser';
}

export interface Rendered {
  container: HTMLElement;
  services: RendererServices;
  queryClient: QueryClient;
  /** Renders a new tree (new props) into the same root, inside the same providers. */
  rerender(ui: ReactNode): void;
  unmount(): void;
}

/** A signed-out session store that reads and writes nothing outside the test. */
export function testSessionStore(mode: 'desktop' | 'browser' = 'desktop'): SessionStore {
  return createSessionStore({
    mode,
    storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
    location: { hash: '', pathname: '/', search: '' },
    history: { replaceState: () => undefined },
  });
}

/** The app's query cache without its one retry: a test sees the core's first answer, refusal included. */
export function testQueryClient(): QueryClient {
  const client = createQueryClient();
  client.setDefaultOptions({ ...client.getDefaultOptions(), queries: { ...client.getDefaultOptions().queries, retry: false } });
  return client;
}

/** What bootstrap.ts builds, with the API replaced by the test's fake. */
export function testServices(options: RenderOptions = {}): RendererServices & { queryClient: QueryClient } {
  return {
    api: fakeTrpcClient(options.api ?? {}),
    queryClient: options.queryClient ?? testQueryClient(),
    connection: createConnectionStore(),
    session: testSessionStore(options.mode),
  };
}

/** Mounts `ui` in a fresh container under the services, query cache and tRPC providers the app uses. */
export function renderWithServices(ui: ReactNode, options: RenderOptions = {}): Rendered {
  const services = testServices(options);
  const container = document.body.appendChild(document.createElement('div'));
  const root = createRoot(container);
  const draw = (tree: ReactNode) => root.render(<ServicesProvider services={services}>{tree}</ServicesProvider>);
  act(() => draw(ui));
  return {
    container,
    services,
    queryClient: services.queryClient,
    rerender: (tree) => act(() => draw(tree)),
    unmount: () => act(() => root.unmount()),
  };
}

/**
 * Lets promises, lazy imports and effects settle (10 ms at a time, up to about 3 s on a busy machine) until `check` passes: it does not
 * throw and returns neither false nor null.
 */
export async function until(check: () => unknown, tries = 300): Promise<void> {
  for (let i = 0; ; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 10));
    });
    try {
      const ok = check();
      if (ok !== false && ok !== null) return;
    } catch (err) {
      if (i >= tries) throw err;
      continue;
    }
    if (i >= tries) throw new Error('condition never held');
  }
}
