import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { makeTestCore, type TestCore, type TestDialect } from './core';

export interface OwnerConsole {
  core: TestCore;
  server: RunningServer;
  tenantId: string;
  /** The console owner's ADMIN token in that tenant. */
  token: string;
  dispose(): Promise<void>;
}

/** A core with one tenant, the console owner's token in it, and the HTTP server on a free loopback port. */
export async function startOwnerConsole(dialect: TestDialect, tenant: { slug: string; name: string }): Promise<OwnerConsole> {
  const core = await makeTestCore(dialect);
  const owner = await core.services.owner.id();
  const tenantId = (await core.services.tenants.create(tenant, owner)).id;
  const token = await core.services.auth.issue({ tenantId, userId: owner, role: 'ADMIN' });
  const server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
  return {
    core,
    server,
    tenantId,
    token,
    async dispose() {
      await server.close();
      await core.dispose();
    },
  };
}
