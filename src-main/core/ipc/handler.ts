import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { issueFields } from '../../../src-shared/schemas/common';
import { appRouter } from '../api/router';
import { apiContext } from '../api/context';
import { deserializeInput, UnreadableInputError } from '../api/input';
import { createCallerFactory } from '../api/trpc';
import type { Core } from '../create-core';
import type { AuthContext } from '../services/auth';
import type { IpcRequest, IpcResponse } from '../../../src-shared/ipc';

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

  return async function handle(request: IpcRequest): Promise<IpcResponse> {
    try {
      const ctx = apiContext(core, await authFor(request.tenantId), 'desktop');
      const caller = createCaller(ctx) as unknown as Record<string, unknown>;
      const procedure = request.path
        .split('.')
        .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], caller);
      if (typeof procedure !== 'function') {
        throw new TRPCError({ code: 'NOT_FOUND', message: `no procedure named ${request.path}` });
      }
      const input = request.input === undefined ? undefined : readInput(request.input);
      const result = await (procedure as (input: unknown) => Promise<unknown>)(input);
      return { ok: true, result: superjson.serialize(result) };
    } catch (err) {
      const error = err instanceof TRPCError ? err : new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'something went wrong on our side; it has been logged' });
      if (error.code === 'INTERNAL_SERVER_ERROR') core.logger.error('ipc procedure failed', { path: request.path, error: String(err) });
      return {
        ok: false,
        error: { code: error.code, httpStatus: getHTTPStatusCodeFromError(error), message: formatMessage(error) },
      };
    }
  };
}

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
