import type { IpcMain, IpcMainEvent, WebContents, WebFrameMain } from 'electron';
import type { Logger } from '../core/platform/logger';
import {
  IPC_PROCEDURE_PATH,
  IPC_PUSH_CHANNEL,
  IPC_SUBSCRIBE_CHANNEL,
  IPC_UNSUBSCRIBE_CHANNEL,
  type IpcPushEvent,
  type IpcSubscribeRequest,
} from '../../src-shared/ipc';

export type Subscribe = (request: IpcSubscribeRequest, send: (event: IpcPushEvent) => void) => () => void;

const SUBSCRIPTION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a subscribe message's shape at the edge; the error names the field at fault. */
export function parseSubscribeRequest(raw: unknown): { ok: true; request: IpcSubscribeRequest } | { ok: false; id: string | null; message: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, id: null, message: 'request: must be an object' };
  const { id, path, tenantId, input } = raw as Record<string, unknown>;
  if (typeof id !== 'string' || !SUBSCRIPTION_ID.test(id)) return { ok: false, id: null, message: 'id: must be a subscription id' };
  if (typeof path !== 'string' || !IPC_PROCEDURE_PATH.test(path)) return { ok: false, id, message: 'path: must be a procedure name such as "events.stream"' };
  if (tenantId !== null && (typeof tenantId !== 'string' || tenantId.length === 0 || tenantId.length > 100)) {
    return { ok: false, id, message: 'tenantId: must be a tenant id or null' };
  }
  return { ok: true, request: { id, path, tenantId, input } };
}

interface Open {
  frame: WebFrameMain;
  stop: () => void;
}

/**
 * The push channel: the window opens subscriptions with a message on IPC_SUBSCRIBE_CHANNEL (sender
 * frame checked as for every call) and hears them on IPC_PUSH_CHANNEL, sent to that frame only.
 * A subscription ends when the window unsubscribes, reloads or navigates, when its web contents go
 * away, and at the latest at the next message, if its frame is no longer the app's main frame.
 */
export function servePush(options: {
  ipcMain: Pick<IpcMain, 'on' | 'removeListener'>;
  subscribe: Subscribe;
  isTrusted: (event: { senderFrame: WebFrameMain | null }) => boolean;
  logger: Logger;
}): () => void {
  const { ipcMain, logger } = options;
  const open = new Map<string, Open>();
  const watched = new WeakSet<WebContents>();

  const end = (id: string) => {
    const sub = open.get(id);
    open.delete(id);
    sub?.stop();
  };
  const endAll = () => [...open.keys()].forEach(end);

  /** A reload or another page in the main frame, or the contents gone: the old page's streams end. */
  function watch(contents: WebContents) {
    if (watched.has(contents)) return;
    watched.add(contents);
    contents.on('did-start-navigation', (details: { isMainFrame?: boolean; isSameDocument?: boolean }) => {
      if (details?.isMainFrame && !details.isSameDocument) endAll();
    });
    contents.once('render-process-gone', endAll);
    contents.once('destroyed', endAll);
  }

  const onSubscribe = (event: IpcMainEvent, raw: unknown) => {
    if (!options.isTrusted(event)) {
      logger.warn('refused an IPC subscription from an unexpected sender', { senderUrl: event.senderFrame?.url ?? null });
      return;
    }
    const frame = event.senderFrame!;
    const parsed = parseSubscribeRequest(raw);
    if (!parsed.ok) {
      if (parsed.id) frame.send(IPC_PUSH_CHANNEL, { id: parsed.id, type: 'error', error: { code: 'BAD_REQUEST', httpStatus: 400, message: parsed.message } } satisfies IpcPushEvent);
      return;
    }
    const { id } = parsed.request;
    end(id);
    watch(event.sender);
    const stop = options.subscribe(parsed.request, (message) => {
      if (open.get(id)?.frame !== frame) return;
      if (!options.isTrusted({ senderFrame: frame })) {
        end(id);
        return;
      }
      try {
        frame.send(IPC_PUSH_CHANNEL, message);
      } catch {
        end(id); // the frame was disposed of between the check and the send
        return;
      }
      if (message.type !== 'data') open.delete(id);
    });
    open.set(id, { frame, stop });
  };

  const onUnsubscribe = (event: IpcMainEvent, id: unknown) => {
    if (!options.isTrusted(event) || typeof id !== 'string') return;
    if (open.get(id)?.frame === event.senderFrame) end(id);
  };

  ipcMain.on(IPC_SUBSCRIBE_CHANNEL, onSubscribe);
  ipcMain.on(IPC_UNSUBSCRIBE_CHANNEL, onUnsubscribe);
  return () => {
    ipcMain.removeListener(IPC_SUBSCRIBE_CHANNEL, onSubscribe);
    ipcMain.removeListener(IPC_UNSUBSCRIBE_CHANNEL, onUnsubscribe);
    endAll();
  };
}
