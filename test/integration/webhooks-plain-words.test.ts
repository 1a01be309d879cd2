import { afterEach, describe, expect, it } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { upsertPackageInput } from '../../src-shared/schemas/packages';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';

// The lab's form mode (a member and a package of this tenant picked, the JSON built from the
// templates) and what an event changed, said in sentences rather than field → value.

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('webhook events in plain words on %s', (dialect) => {
  let core: TestCore | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    await core?.dispose();
    server = core = undefined;
  });

  it('builds the events for a picked member and package, and says what each changed in sentences', async () => {
    const c = (core = await makeTestCore(dialect));
    await c.services.webhooks.signingSecrets.set('stripe', ['whsec_words_0123456789abcdef']);
    const owner = await c.services.owner.id();
    const tenant = await c.services.tenants.create({ slug: 'words', name: 'Words' }, owner);
    const founders = (await c.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse({ name: 'Founders Circle', price: 39 }))).package;
    await c.services.packages.upsert(tenant.id, owner, upsertPackageInput.parse({ name: 'Pro', price: 99 }));
    const [chidi] = (await addMembers(c, tenant.id, [{ name: 'Chidi Wilson', email: 'chidi@words.test' }])) as [string];
    server = await startHttpServer(c, { host: '127.0.0.1', port: 0 });
    const api = createCaller(apiContext(c, { userId: owner, tenantId: tenant.id, role: 'ADMIN', isConsoleOwner: true }, 'script'));

    const templates = await api.webhooks.lab.templates({ userId: chidi, packageId: founders.id });
    const of = (type: string) => templates.find((t) => t.provider === 'stripe' && t.type === type)!.payload;
    expect(of('checkout.session.completed')).toContain('chidi@words.test');
    expect(of('checkout.session.completed')).toContain(founders.id);

    const sendAndRead = async (payload: string) => {
      const sent = await api.webhooks.lab.send({ provider: 'stripe', payload, target: 'self' });
      expect(sent.response?.status).toBe(200);
      const { id } = JSON.parse(sent.response!.body) as { id: string };
      await c.jobs.drain();
      return api.webhooks.get({ id });
    };
    const checkout = await sendAndRead(of('checkout.session.completed'));
    expect(checkout.status).toBe('applied');
    expect(checkout.summary).toContain('Chidi Wilson started Founders Circle at $39/month');
    expect(checkout.summary.join(' ')).not.toMatch(/amount minor|pkg_|sub_|\d{4}-\d{2}-\d{2}T/);

    const deleted = await sendAndRead(of('customer.subscription.deleted'));
    expect(deleted.summary).toEqual(["Chidi Wilson's subscription to Founders Circle was canceled", "Chidi Wilson's paid access ended"]);
  });

  it('refuses a member or package of another community, naming the field', async () => {
    const c = (core = await makeTestCore(dialect));
    const owner = await c.services.owner.id();
    const mine = await c.services.tenants.create({ slug: 'mine', name: 'Mine' }, owner);
    const other = await c.services.tenants.create({ slug: 'theirs', name: 'Theirs' }, owner);
    const [stranger] = (await addMembers(c, other.id, [{ name: 'Stranger', email: 's@theirs.test' }])) as [string];
    const theirs = (await c.services.packages.upsert(other.id, owner, upsertPackageInput.parse({ name: 'Theirs', price: 5 }))).package;
    const api = createCaller(apiContext(c, { userId: owner, tenantId: mine.id, role: 'ADMIN', isConsoleOwner: true }, 'script'));
    await expect(api.webhooks.lab.templates({ userId: stranger })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^userId: /) });
    await expect(api.webhooks.lab.templates({ packageId: theirs.id })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^packageId: /) });
  });
});
