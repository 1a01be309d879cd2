import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionStore } from '../stores/connection';
import { watchServerHealth } from './connection-monitor';

describe('browser connection indicator', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(fetchImpl: () => Promise<Response>) {
    const connection = createConnectionStore();
    const listeners: Record<string, () => void> = {};
    let online = true;
    const win = {
      addEventListener: (type: string, fn: () => void) => void (listeners[type] = fn),
      removeEventListener: () => undefined,
      setInterval: (fn: () => void, ms: number) => setInterval(fn, ms),
      clearInterval: (id: number) => clearInterval(id),
    } as unknown as Window;
    const fetch = vi.fn(fetchImpl);
    const stop = watchServerHealth({ connection, fetch: fetch as unknown as typeof globalThis.fetch, window: win, navigatorOnline: () => online });
    return { connection, fetch, listeners, stop, goOffline: () => (online = false), goOnline: () => (online = true) };
  }

  it('turns green when /healthz answers and polls it every 10 seconds', async () => {
    const { connection, fetch, stop } = setup(async () => new Response('{"ok":true}'));
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.getState().status).toBe('connected');
    expect(fetch).toHaveBeenCalledWith('/healthz', expect.anything());
    await vi.advanceTimersByTimeAsync(20_000);
    expect(fetch).toHaveBeenCalledTimes(3);
    stop();
  });

  it('turns red with the reason when the server is gone or unhealthy', async () => {
    const gone = setup(() => Promise.reject(new TypeError('Failed to fetch')));
    await vi.advanceTimersByTimeAsync(0);
    expect(gone.connection.getState()).toMatchObject({ status: 'offline', reason: 'The console server cannot be reached.' });
    gone.stop();

    const sick = setup(async () => new Response('', { status: 503 }));
    await vi.advanceTimersByTimeAsync(0);
    expect(sick.connection.getState().reason).toBe('The console server answered 503.');
    sick.stop();
  });

  it('reacts to the browser going offline and back online at once', async () => {
    const { connection, listeners, goOffline, goOnline, stop } = setup(async () => new Response('{}'));
    await vi.advanceTimersByTimeAsync(0);
    goOffline();
    listeners.offline!();
    expect(connection.getState()).toMatchObject({ status: 'offline', reason: 'This computer is offline.' });
    goOnline();
    listeners.online!();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection.getState().status).toBe('connected');
    stop();
  });
});
