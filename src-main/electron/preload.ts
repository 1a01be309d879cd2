import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNEL, type DesktopBridge, type IpcRequest, type IpcResponse } from '../../src-shared/ipc';

// Runs sandboxed, bundled into one CommonJS file: it may import only `electron` and constants or
// types from src-shared (inlined at build time).
const bridge: DesktopBridge = {
  // Only the request crosses; the renderer never sees ipcRenderer or the IPC event.
  invoke: (request: IpcRequest) => ipcRenderer.invoke(IPC_CHANNEL, request) as Promise<IpcResponse>,
  platform: process.platform,
};

contextBridge.exposeInMainWorld('tenantConsole', bridge);
