// The one message shape between the renderer and the main process. `input` and `result` are
// superjson-serialised so Dates and Maps survive the structured clone.
export const IPC_CHANNEL = 'tenant-console:trpc';

export interface IpcRequest {
  path: string;
  type: 'query' | 'mutation';
  input?: unknown;
  tenantId: string | null;
}

export type IpcResponse =
  | { ok: true; result: unknown }
  | { ok: false; error: { code: string; httpStatus: number; message: string } };

/** What the preload exposes on window.tenantConsole: only the IPC link, nothing of Node. */
export interface DesktopBridge {
  invoke(request: IpcRequest): Promise<IpcResponse>;
  platform: string;
}
