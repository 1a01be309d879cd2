// The one message shape between the renderer and the main process. `input` and `result` are
// superjson-serialised so Dates and Maps survive the structured clone.
export const IPC_CHANNEL = 'tenant-console:trpc';

/** Subscriptions (push): the renderer opens and closes them; the main process answers on PUSH. */
export const IPC_SUBSCRIBE_CHANNEL = 'tenant-console:subscribe';
export const IPC_UNSUBSCRIBE_CHANNEL = 'tenant-console:unsubscribe';
export const IPC_PUSH_CHANNEL = 'tenant-console:push';

/** Dotted procedure names of plain identifiers: `members.list`, never `__proto__` or `a..b`. */
export const IPC_PROCEDURE_PATH = /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*){0,4}$/;

export interface IpcRequest {
  path: string;
  type: 'query' | 'mutation';
  input?: unknown;
  tenantId: string | null;
}

export type IpcResponse =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; httpStatus: number; message: string } };

export interface IpcSubscribeRequest {
  /** Chosen by the preload; names the subscription in every message about it. */
  id: string;
  path: string;
  input?: unknown;
  tenantId: string | null;
}

/** What a subscription sends back: data (superjson), an error (it has ended), or that it ended. */
export type IpcPushEvent =
  | { id: string; type: 'data'; data: unknown }
  | { id: string; type: 'error'; error: { code: string; httpStatus: number; message: string } }
  | { id: string; type: 'stopped' };

/** What the preload exposes on window.tenantConsole: only the IPC link, nothing of Node. */
export interface DesktopBridge {
  invoke(request: IpcRequest): Promise<IpcResponse>;
  /** Opens a subscription; `listener` hears its events. Returns its id, for unsubscribe. */
  subscribe(request: Omit<IpcSubscribeRequest, 'id'>, listener: (event: IpcPushEvent) => void): string;
  unsubscribe(id: string): void;
  platform: string;
}
