import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Logger } from '../core/platform/logger';
import { IPC_CHANNEL, IPC_PROCEDURE_PATH, type IpcRequest, type IpcResponse } from '../../src-shared/ipc';
import type { AppPage } from './app-page';
import { servePush, type Subscribe } from './ipc-push';

const PROCEDURE_PATH = IPC_PROCEDURE_PATH;

function failure(code: string, httpStatus: number, message: string): IpcResponse {
  return { ok: false, error: { code, httpStatus, message } };
}

/** Checks the message's shape at the edge; the error names the field at fault. */
export function parseIpcRequest(raw: unknown): { ok: true; request: IpcRequest } | { ok: false; message: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, message: 'request: must be an object' };
  const { path, type, tenantId, input } = raw as Record<string, unknown>;
  if (typeof path !== 'string' || !PROCEDURE_PATH.test(path)) {
    return { ok: false, message: 'path: must be a procedure name such as "members.list"' };
  }
  if (type !== 'query' && type !== 'mutation') return { ok: false, message: 'type: must be "query" or "mutation"' };
  if (tenantId !== null && (typeof tenantId !== 'string' || tenantId.length === 0 || tenantId.length > 100)) {
    return { ok: false, message: 'tenantId: must be a tenant id or null' };
  }
  return { ok: true, request: { path, type, tenantId, input } };
}

/** Only the main frame of our window, showing our own page, may talk to the core. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>, win: BrowserWindow | null, page: AppPage): boolean {
  if (!win || win.isDestroyed()) return false;
  // Null once the sending frame has navigated away or gone: its message is stale, not ours.
  const frame = event.senderFrame;
  return frame !== null && frame === win.webContents.mainFrame && page.isAppUrl(frame.url);
}

export interface IpcBridgeOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  /** The window messages must come from (null while there is none). */
  window: () => BrowserWindow | null;
  page: AppPage;
  /** The core's handler (createIpcHandler(core)); its `subscribe` serves the push channel. */
  handle: ((request: IpcRequest) => Promise<IpcResponse>) & { subscribe?: Subscribe };
  /** Subscriptions, when not the handler's own. */
  subscribe?: Subscribe;
  logger: Logger;
}

/** Serves the core over IPC_CHANNEL; returns a function that stops serving. */
export function registerIpcBridge(options: IpcBridgeOptions): () => void {
  const { ipcMain, page, handle, logger } = options;
  ipcMain.handle(IPC_CHANNEL, async (event: IpcMainInvokeEvent, raw: unknown): Promise<IpcResponse> => {
    if (!isTrustedSender(event, options.window(), page)) {
      logger.warn('refused an IPC message from an unexpected sender', { senderUrl: event.senderFrame?.url ?? null });
      return failure('FORBIDDEN', 403, 'this message did not come from the Tenant Console window');
    }
    const parsed = parseIpcRequest(raw);
    if (!parsed.ok) return failure('BAD_REQUEST', 400, parsed.message);
    return handle(parsed.request);
  });
  const subscribe = options.subscribe ?? handle.subscribe;
  const stopPush = subscribe ? servePush({ ...options, subscribe, isTrusted: (event) => isTrustedSender(event, options.window(), page) }) : () => undefined;
  return () => {
    stopPush();
    ipcMain.removeHandler(IPC_CHANNEL);
  };
}
