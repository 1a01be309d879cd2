import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiContext } from '../../src-main/core/api/context';
import { appRouter } from '../../src-main/core/api/router';
import { createCallerFactory } from '../../src-main/core/api/trpc';
import { dialects, makeTestCore, type TestCore } from '../support/core';

const createCaller = createCallerFactory(appRouter);

describe.each(dialects)('Settings → Notifications on %s', (dialect) => {
  let core: TestCore;
  let owner: ReturnType<typeof createCaller>;

  beforeAll(async () => {
    core = await makeTestCore(dialect);
    const ownerId = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: 'n', name: 'N' }, ownerId);
    const auth = await core.services.auth.authenticate(await core.services.auth.issue({ tenantId: tenant.id, userId: ownerId, role: 'ADMIN' }));
    owner = createCaller(apiContext(core, auth, 'script'));
  });
  afterAll(async () => core?.dispose());

  it('starts with every notification on, and a switch turned off stays off for the desktop app too', async () => {
    expect(await owner.settings.notifications.get()).toEqual({ newPaidMember: true, paymentFailed: true, webhooksFailing: true, campaignFinished: true });
    expect(await owner.settings.notifications.set({ paymentFailed: false })).toMatchObject({ paymentFailed: false, newPaidMember: true });
    // What the desktop shell asks before it shows one.
    expect(await core.services.desktopNotifications.isOn('paymentFailed')).toBe(false);
    expect(await core.services.desktopNotifications.isOn('newPaidMember')).toBe(true);
  });

  it('refuses a switch it does not know, naming it', async () => {
    await expect(owner.settings.notifications.set({ weeklyDigest: true } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/weeklyDigest/) });
  });
});
