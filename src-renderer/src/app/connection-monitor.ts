import type { ConnectionStore } from '../stores/connection';

export interface BrowserMonitorDeps {
  connection: ConnectionStore;
  fetch: typeof fetch;
  window: Pick<Window, 'addEventListener' | 'removeEventListener' | 'setInterval' | 'clearInterval'>;
  navigatorOnline: () => boolean;
  intervalMs?: number;
  timeoutMs?: number;
}

/**
 * Browser mode: ask the server's /healthz every 10 s, and react at once when the operating system
 * says the network went away or came back. Returns a function that stops watching.
 */
export function watchServerHealth(deps: BrowserMonitorDeps): () => void {
  const { connection } = deps;
  const intervalMs = deps.intervalMs ?? 10_000;
  const timeoutMs = deps.timeoutMs ?? 5_000;
  let inFlight: AbortController | null = null;

  async function check(): Promise<void> {
    if (!deps.navigatorOnline()) {
      connection.getState().markOffline('This computer is offline.');
      return;
    }
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const response = await deps.fetch('/healthz', { signal: controller.signal, cache: 'no-store' });
      if (response.ok) connection.getState().markConnected();
      else connection.getState().markOffline(`The console server answered ${response.status}.`);
    } catch {
      if (inFlight !== controller) return; // superseded by a newer check
      connection
        .getState()
        .markOffline(controller.signal.aborted ? `The console server did not answer within ${timeoutMs / 1000} s.` : 'The console server cannot be reached.');
    } finally {
      clearTimeout(timer);
      if (inFlight === controller) inFlight = null;
    }
  }

  const onOffline = () => connection.getState().markOffline('This computer is offline.');
  const onOnline = () => void check();
  deps.window.addEventListener('offline', onOffline);
  deps.window.addEventListener('online', onOnline);
  const interval = deps.window.setInterval(() => void check(), intervalMs);
  void check();

  return () => {
    deps.window.removeEventListener('offline', onOffline);
    deps.window.removeEventListener('online', onOnline);
    deps.window.clearInterval(interval);
    inFlight?.abort();
  };
}

/**
 * Desktop mode: a failing IPC call marks us offline (see createApiClient); while offline, try a
 * cheap call every 10 s so the indicator turns green again on its own.
 */
export function watchDesktopBridge(deps: {
  connection: ConnectionStore;
  probe: () => Promise<unknown>;
  window: Pick<Window, 'setInterval' | 'clearInterval'>;
  intervalMs?: number;
}): () => void {
  const tick = () => {
    if (deps.connection.getState().status !== 'connected') deps.probe().catch(() => undefined);
  };
  // No first tick: the shell's own first call (tenants.list) already tells us where we stand.
  const interval = deps.window.setInterval(tick, deps.intervalMs ?? 10_000);
  return () => deps.window.clearInterval(interval);
}
