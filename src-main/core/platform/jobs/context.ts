import { AsyncLocalStorage } from 'node:async_hooks';

/** The job a handler is running, so that the jobs it enqueues run for the same tenant. */
const current = new AsyncLocalStorage<{ tenantKey: string }>();

export function runForTenant<T>(tenantKey: string, fn: () => Promise<T>): Promise<T> {
  return current.run({ tenantKey }, fn);
}

export function currentTenantKey(): string | undefined {
  return current.getStore()?.tenantKey;
}
