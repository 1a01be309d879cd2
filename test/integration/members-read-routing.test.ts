import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMembers, makeTestCore, type TestCore } from '../support/core';

// SQLite only: on PostgreSQL every read goes through the pool's connections anyway.
describe('where members.list reads on SQLite', () => {
  let core: TestCore;
  let tenantId: string;
  const sentToWorkers: string[] = [];

  beforeAll(async () => {
    core = await makeTestCore('sqlite');
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'routing', name: 'Routing' }, owner)).id;
    await addMembers(core, tenantId, Array.from({ length: 30 }, (_, i) => ({ name: `Joan ${i}`, email: `joan${i}@example.com` })));
    core.database.readPool!.observe(({ sql }) => sentToWorkers.push(sql));
  });
  afterAll(async () => core?.dispose());

  const workerReadsFor = async (run: () => Promise<unknown>) => {
    sentToWorkers.length = 0;
    await run();
    return sentToWorkers.length;
  };

  it('reads a first page and its counted total on the app connection (cheaper than a worker round trip)', async () => {
    expect(await workerReadsFor(() => core.services.members.list(tenantId, { limit: 10 }))).toBe(0);
    expect(await workerReadsFor(() => core.services.members.list(tenantId, { limit: 10, tier: 'free' }))).toBe(0);
  });

  it('sends a search, a deep page number and a counted filter to the worker threads', async () => {
    expect(await workerReadsFor(() => core.services.members.list(tenantId, { search: 'joan' }))).toBeGreaterThan(0);
    expect(await workerReadsFor(() => core.services.members.list(tenantId, { page: 30, limit: 50 }))).toBeGreaterThan(0);
    expect(await workerReadsFor(() => core.services.members.list(tenantId, { role: 'ADMIN' }))).toBeGreaterThan(0);
    expect(await workerReadsFor(() => core.services.members.count(tenantId, { filter: { search: 'joan' } }))).toBeGreaterThan(0);
  });

  it('answers the same wherever it reads', async () => {
    const page = await core.services.members.list(tenantId, { search: 'joan', limit: 5 });
    expect(page.total).toBe(30);
    expect(page.items).toHaveLength(5);
  });
});
