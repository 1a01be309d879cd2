import * as electron from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { IPC_CHANNEL, IPC_PUSH_CHANNEL, IPC_SUBSCRIBE_CHANNEL, IPC_UNSUBSCRIBE_CHANNEL, type DesktopBridge, type IpcRequest } from '../../../src-shared/ipc';

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, result: { json: [] } })), send: vi.fn(), on: vi.fn() },
}));

await import('../../../src-main/electron/preload');

const exposeInMainWorld = vi.mocked(electron.contextBridge.exposeInMainWorld);
const invoke = vi.mocked(electron.ipcRenderer.invoke);

describe('the preload', () => {
  const [name, bridge] = (exposeInMainWorld.mock.calls[0] ?? []) as [string, DesktopBridge];

  it('exposes one object, window.tenantConsole, with exactly invoke, the push back channel and platform', () => {
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(name).toBe('tenantConsole');
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'platform', 'subscribe', 'unsubscribe']);
    expect(bridge.platform).toBe(process.platform);
  });

  it('invoke sends the request on the console channel and nothing else', async () => {
    const request: IpcRequest = { path: 'tenants.list', type: 'query', tenantId: null };
    await expect(bridge.invoke(request)).resolves.toEqual({ ok: true, result: { json: [] } });
    expect(invoke).toHaveBeenCalledWith(IPC_CHANNEL, request);
    expect(invoke.mock.calls[0]).toHaveLength(2);
  });

  it('subscribe sends only the request fields and hands each push event to its own listener', () => {
    const send = vi.mocked(electron.ipcRenderer.send);
    const on = vi.mocked(electron.ipcRenderer.on);
    const heard: unknown[] = [];
    const id = bridge.subscribe({ path: 'events.stream', tenantId: 't1', extra: 'dropped' } as never, (e) => heard.push(e));
    expect(send).toHaveBeenLastCalledWith(IPC_SUBSCRIBE_CHANNEL, { id, path: 'events.stream', input: undefined, tenantId: 't1' });
    const onPush = on.mock.calls.find(([channel]) => channel === IPC_PUSH_CHANNEL)![1] as (e: unknown, m: unknown) => void;
    onPush({}, { id, type: 'data', data: { json: 1 } });
    onPush({}, { id: 'someone-else', type: 'data', data: { json: 2 } });
    expect(heard).toEqual([{ id, type: 'data', data: { json: 1 } }]);
    bridge.unsubscribe(id);
    expect(send).toHaveBeenLastCalledWith(IPC_UNSUBSCRIBE_CHANNEL, id);
  });

  it('hands the renderer no Electron object', () => {
    for (const value of Object.values(bridge)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(value).not.toBe(electron.ipcRenderer.invoke);
    }
  });
});
