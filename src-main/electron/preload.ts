import { contextBridge, ipcRenderer } from 'electron';
import {
  IPC_CHANNEL,
  IPC_PUSH_CHANNEL,
  IPC_SUBSCRIBE_CHANNEL,
  IPC_UNSUBSCRIBE_CHANNEL,
  type DesktopBridge,
  type IpcPushEvent,
  type IpcRequest,
  type IpcResponse,
} from '../../src-shared/ipc';

// Runs sandboxed, bundled into one CommonJS file: it may import only `electron` and constants or
// types from src-shared (inlined at build time).

// Open subscriptions by id: the push channel's messages go to the listener that opened each one.
const listeners = new Map<string, (event: IpcPushEvent) => void>();
let lastId = 0;

ipcRenderer.on(IPC_PUSH_CHANNEL, (_event, message: IpcPushEvent) => {
  const listener = listeners.get(message?.id);
  if (!listener) return;
  if (message.type !== 'data') listeners.delete(message.id);
  listener(message);
});

const bridge: DesktopBridge = {
  // Only the request crosses; the renderer never sees ipcRenderer or the IPC event.
  invoke: (request: IpcRequest) => ipcRenderer.invoke(IPC_CHANNEL, request) as Promise<IpcResponse>,
  subscribe(request, listener) {
    const id = `sub-${++lastId}`;
    listeners.set(id, listener);
    ipcRenderer.send(IPC_SUBSCRIBE_CHANNEL, { id, path: request.path, input: request.input, tenantId: request.tenantId });
    return id;
  },
  unsubscribe(id) {
    if (listeners.delete(id)) ipcRenderer.send(IPC_UNSUBSCRIBE_CHANNEL, id);
  },
  platform: process.platform,
};

contextBridge.exposeInMainWorld('tenantConsole', bridge);
