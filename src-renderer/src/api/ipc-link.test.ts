import { createTRPCClient, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { describe, expect, it, vi } from 'vitest';
import type { DesktopBridge, IpcPushEvent, IpcRequest, IpcResponse } from '@shared/ipc';
import { errorCode, isTransportFailure, isUnauthorized, messageOf } from './errors';
import { ipcLink } from './ipc-link';
import type { AppRouter } from './types';

function bridgeAnswering(answer: (req: IpcRequest) => IpcResponse | Promise<IpcResponse>) {
  const invoke = vi.fn(async (req: IpcRequest) => answer(req));
  const bridge: DesktopBridge = { invoke, subscribe: vi.fn(() => 'sub-1'), unsubscribe: vi.fn(), platform: 'linux' };
  return { bridge, invoke };
}

function clientFor(bridge: DesktopBridge, tenantId: string | null = 'tenant_abcdefgh12') {
  return createTRPCClient<AppRouter>({ links: [ipcLink({ bridge, getTenantId: () => tenantId })] });
}

describe('the desktop IPC link', () => {
  it('sends the path, type, superjson input and current tenant, and returns the deserialised result', async () => {
    const joinedAt = new Date('2026-03-01T10:00:00.000Z');
    const { bridge, invoke } = bridgeAnswering(() => ({
      ok: true,
      result: superjson.serialize({ items: [], total: 42, page: 2, limit: 100, pageCount: 1, when: joinedAt }),
    }));
    const page = await clientFor(bridge).members.list.query({ page: 2, limit: 100, search: 'ada' });

    expect(page.total).toBe(42);
    expect((page as unknown as { when: Date }).when).toEqual(joinedAt);
    const sent = invoke.mock.calls[0]![0];
    expect(sent).toMatchObject({ path: 'members.list', type: 'query', tenantId: 'tenant_abcdefgh12' });
    expect(superjson.deserialize(sent.input as never)).toEqual({ page: 2, limit: 100, search: 'ada' });
  });

  it('sends mutations as mutations and leaves an absent input absent', async () => {
    const { bridge, invoke } = bridgeAnswering(() => ({ ok: true, result: superjson.serialize([]) }));
    await clientFor(bridge, null).tenants.list.query();
    expect(invoke.mock.calls[0]![0]).toEqual({ path: 'tenants.list', type: 'query', input: undefined, tenantId: null });

    const created = bridgeAnswering(() => ({ ok: true, result: superjson.serialize({ id: 'tenant_x' }) }));
    await clientFor(created.bridge).tenants.create.mutate({ slug: 'club', name: 'Club' });
    expect(created.invoke.mock.calls[0]![0].type).toBe('mutation');
  });

  it("turns an error answer into a TRPCClientError with the server's code and words", async () => {
    const { bridge } = bridgeAnswering(() => ({
      ok: false,
      error: { code: 'BAD_REQUEST', httpStatus: 400, message: 'limit: must be at most 200' },
    }));
    const error = await clientFor(bridge)
      .members.list.query({ page: 1, limit: 500 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TRPCClientError);
    expect(errorCode(error)).toBe('BAD_REQUEST');
    expect(messageOf(error)).toBe('limit: must be at most 200');
    expect(isTransportFailure(error)).toBe(false);
  });

  it('reports UNAUTHORIZED so the UI can react to it', async () => {
    const { bridge } = bridgeAnswering(() => ({ ok: false, error: { code: 'UNAUTHORIZED', httpStatus: 401, message: 'the token has expired' } }));
    const error = await clientFor(bridge).users.getCurrentUser.query().catch((e: unknown) => e);
    expect(isUnauthorized(error)).toBe(true);
  });

  it('treats a failing bridge as a transport failure, with no stack in the message', async () => {
    const { bridge } = bridgeAnswering(() => Promise.reject(new Error('Error invoking remote method: channel closed')));
    const error = await clientFor(bridge).tenants.list.query().catch((e: unknown) => e);
    expect(isTransportFailure(error)).toBe(true);
    expect(messageOf(error)).toMatch(/^Could not reach the console/);
  });

  it('rejects at once when the caller cancels, and ignores the late answer', async () => {
    let release: (r: IpcResponse) => void = () => undefined;
    const { bridge } = bridgeAnswering(() => new Promise<IpcResponse>((r) => (release = r)));
    const controller = new AbortController();
    const pending = clientFor(bridge).tenants.list.query(undefined, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(TRPCClientError);
    release({ ok: true, result: superjson.serialize([]) });
  });

  it('carries a subscription over the back channel: started, data in order, and unsubscribes when the caller stops', async () => {
    let listener: (e: IpcPushEvent) => void = () => undefined;
    const subscribe = vi.fn((_req: unknown, l: (e: IpcPushEvent) => void) => ((listener = l), 'sub-7'));
    const unsubscribe = vi.fn();
    const bridge: DesktopBridge = { invoke: vi.fn(), subscribe, unsubscribe, platform: 'linux' };
    const got: unknown[] = [];
    let started = false;
    const sub = clientFor(bridge).events.stream.subscribe(undefined, { onStarted: () => (started = true), onData: (m) => void got.push(m) });
    expect(subscribe.mock.calls[0]![0]).toEqual({ path: 'events.stream', input: undefined, tenantId: 'tenant_abcdefgh12' });
    expect(started).toBe(true);
    listener({ id: 'sub-7', type: 'data', data: superjson.serialize({ topic: 'members', at: '2026-03-01T10:00:00.000Z' }) });
    listener({ id: 'sub-7', type: 'data', data: superjson.serialize({ topic: 'jobs', at: '2026-03-01T10:00:01.000Z' }) });
    expect(got).toEqual([{ topic: 'members', at: '2026-03-01T10:00:00.000Z' }, { topic: 'jobs', at: '2026-03-01T10:00:01.000Z' }]);
    sub.unsubscribe();
    expect(unsubscribe).toHaveBeenCalledWith('sub-7');
  });
});
