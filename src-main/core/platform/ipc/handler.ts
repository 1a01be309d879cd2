import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { issueFields } from '@shared/schemas/common';
import { appRouter } from '../../api/router';
import { apiContext } from '../../api/context';
import { deserializeInput, UnreadableInputError } from '../../api/input';
import { createCallerFactory } from '../../api/trpc';
import type { Core } from '../../create-core';
import type { AuthContext } from '../../areas/identity/auth';
import type { IpcPushEvent, IpcRequest, IpcResponse, IpcSubscribeRequest } from '@shared/ipc';

const createCaller = createCallerFactory(appRouter);

/**
 * Serves the tRPC router over any message channel (Electron IPC in the app, an in-memory pair in
 * tests). The caller is the desktop's console owner, acting in the tenant the renderer names.
 * The transport is responsible for checking who sent the message before calling this.
 */
export function createIpcHandler(core: Core) {
  async function authFor(tenantId: string | null): Promise<AuthContext> {
    const userId = await core.services.owner.id();
    if (!tenantId) return { userId, tenantId: null, role: null, isConsoleOwner: true };
    const membership = await core.services.members.membershipOf(tenantId, userId);
    if (!membership) throw new TRPCError({ code: 'FORBIDDEN', message: 'you are not a member of that tenant' });
    return { userId, tenantId, role: membership.role, isConsoleOwner: true };
  }

  /** The procedure at `path`, as `type` (a query is not opened as a subscription, nor the reverse). */
  async function procedureFor(request: { path: string; tenantId: string | null }, type: 'call' | 'subscription', signal?: AbortSignal) {
    const kind = (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>)[request.path]?._def.type;
    if (!kind || (type === 'subscription') !== (kind === 'subscription')) {
      throw new TRPCError({ code: 'NOT_FOUND', message: `no ${type === 'subscription' ? 'subscription' : 'procedure'} named ${request.path}` });
    }
    const ctx = apiContext(core, await authFor(request.tenantId), 'desktop');
    const caller = createCaller(ctx, { signal }) as unknown as Record<string, unknown>;
    return request.path
      .split('.')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], caller) as (input: unknown) => Promise<unknown>;
  }

  function errorOf(err: unknown, path: string) {
    const error = err instanceof TRPCError ? err : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'something went wrong on our side; it has been logged' });
    if (error.code === 'INTERNAL_SERVER_ERROR') core.logger.error('ipc procedure failed', { path, error: String(err) });
    return { code: error.code, httpStatus: getHTTPStatusCodeFromError(error), message: formatMessage(error) };
  }

  async function handle(request: IpcRequest): Promise<IpcResponse> {
    try {
      const procedure = await procedureFor(request, 'call');
      const input = request.input === undefined ? undefined : readInput(request.input);
      const result = await procedure(input);
      return { ok: true, result: superjson.serialize(result) };
    } catch (err) {
      return { ok: false, error: errorOf(err, request.path) };
    }
  }

  /**
   * Opens a subscription: each value goes to `send` (superjson), then an error or "stopped".
   * The returned function ends it (the window unsubscribed or went away); nothing is sent after.
   */
  function subscribe(request: IpcSubscribeRequest, send: (event: IpcPushEvent) => void): () => void {
    const controller = new AbortController();
    const { id } = request;
    void (async () => {
      try {
        const procedure = await procedureFor(request, 'subscription', controller.signal);
        const input = request.input === undefined ? undefined : readInput(request.input);
        const values = (await procedure(input)) as AsyncIterable<unknown>;
        for await (const value of values) {
          if (controller.signal.aborted) break;
          send({ id, type: 'data', data: superjson.serialize(value) });
        }
        if (!controller.signal.aborted) send({ id, type: 'stopped' });
      } catch (err) {
        if (!controller.signal.aborted) send({ id, type: 'error', error: errorOf(err, request.path) });
      }
    })();
    return () => controller.abort();
  }

  return Object.assign(handle, { subscribe });
}
export type IpcHandler = ReturnType<typeof createIpcHandler>;

/** The renderer's superjson input, read as strictly as over HTTP: malformed is BAD_REQUEST. */
function readInput(raw: unknown): unknown {
  try {
    return deserializeInput(raw);
  } catch (err) {
    if (err instanceof UnreadableInputError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

function formatMessage(error: TRPCError): string {
  const cause = error.cause as { issues?: { code: string; path: PropertyKey[]; message: string; keys?: string[] }[] } | undefined;
  if (cause?.issues) return issueFields(cause.issues, 'input').map(([f, m]) => `${f}: ${m}`).join('; ');
  return error.message;
}
