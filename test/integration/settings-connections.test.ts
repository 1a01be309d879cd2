import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startHttpServer, type RunningServer } from '../../src-main/core/platform/http/server';
import { startAblyFake, type AblyFake } from '../fakes/ably';
import { startLemonSqueezyFake, type LemonSqueezyFake } from '../fakes/lemonsqueezy';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp';
import { startStripeFake, type StripeFake } from '../fakes/stripe';
import { fakeAccount } from '../fakes/stripe/resources/account';
import { httpClient } from '../support/clients';
import { addMembers, dialects, type TestCore } from '../support/core';
import { makeProviderCore } from '../support/provider-core';

// Settings → Providers, Email and Real time: what the owner enters, what comes back (hints, never
// secrets), and each "Test" button against a local fake speaking the provider's protocol.
describe.each(dialects)('settings connections on %s', (dialect) => {
  let stripe: StripeFake;
  let ls: LemonSqueezyFake;
  let smtp: SmtpFake;
  let ably: AblyFake;
  let core: TestCore | undefined;
  let server: RunningServer | undefined;

  beforeAll(async () => {
    [stripe, ls, smtp, ably] = await Promise.all([startStripeFake(), startLemonSqueezyFake(), startSmtpFake(), startAblyFake()]);
  });
  afterAll(async () => {
    await Promise.all([stripe.close(), ls.close(), smtp.close(), ably.close()]);
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await server?.close();
    await core?.dispose();
    core = undefined;
  });

  async function setup() {
    vi.stubEnv('ABLY_ENDPOINT', ably.url);
    core = await makeProviderCore(dialect, { providers: { stripeApiBase: stripe.url, lemonSqueezyApiBase: ls.url } });
    const owner = await core.services.owner.id();
    const tenant = await core.services.tenants.create({ slug: `t${randomBytes(3).toString('hex')}`, name: 'Acme' }, owner);
    const [adminId] = await addMembers(core, tenant.id, [{ name: 'Ada Admin', email: 'ada@acme.io', role: 'ADMIN' }]);
    server = await startHttpServer(core, { host: '127.0.0.1', port: 0 });
    const asOwner = httpClient(server.url, await core.services.auth.issue({ tenantId: tenant.id, userId: owner, role: 'ADMIN' }));
    const asAdmin = httpClient(server.url, await core.services.auth.issue({ tenantId: tenant.id, userId: adminId!, role: 'ADMIN' }));
    return { asOwner, asAdmin, tenant };
  }

  it('tests the Stripe key and shows the account by name, or Stripe\'s own refusal', async () => {
    const { asOwner } = await setup();
    await expect(asOwner.settings.providers.test.mutate({ provider: 'stripe' })).rejects.toThrow(/stripeSecretKey: Stripe is not configured/);

    await asOwner.settings.providers.set.mutate({ stripeSecretKey: 'sk_test_wrongkey12345678' });
    const refused = await asOwner.settings.providers.test.mutate({ provider: 'stripe' });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/^Stripe: Invalid API Key provided: sk_test_/) });

    await asOwner.settings.providers.set.mutate({ stripeSecretKey: stripe.apiKey });
    expect(await asOwner.settings.providers.test.mutate({ provider: 'stripe' })).toEqual({ ok: true, name: fakeAccount.displayName, message: `Connected to ${fakeAccount.displayName} (${fakeAccount.id})` });
    const view = await asOwner.settings.providers.get.query();
    expect(view.stripe).toMatchObject({ configured: true, source: 'settings', keyHint: `sk_test_…${stripe.apiKey.slice(-4)}` });
    expect(JSON.stringify(view)).not.toContain(stripe.apiKey);
  });

  it('tests the Lemon Squeezy key with the store\'s name', async () => {
    const { asOwner } = await setup();
    const { store } = ls.seedCatalog();
    await asOwner.settings.providers.set.mutate({ lemonSqueezyApiKey: ls.apiKey, lemonSqueezyStoreId: store.id });
    expect(await asOwner.settings.providers.test.mutate({ provider: 'lemonsqueezy' })).toMatchObject({ ok: true, name: store.attributes.name });
    await asOwner.settings.providers.set.mutate({ lemonSqueezyStoreId: '999999' });
    expect(await asOwner.settings.providers.test.mutate({ provider: 'lemonsqueezy' })).toMatchObject({ ok: false, message: expect.stringMatching(/^Lemon Squeezy: /) });
  });

  it('sends a test email through the SMTP server with the From name, and shows the server\'s refusal', async () => {
    const { asOwner } = await setup();
    await expect(asOwner.settings.email.test.mutate({ to: 'me@acme.io' })).rejects.toThrow(/smtpUrl: no mail server is set/);
    const saved = await asOwner.settings.email.set.mutate({ host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password, security: 'none', fromName: 'Acme Club', fromAddress: 'hello@acme.io' });
    expect(saved.smtp).toMatchObject({ configured: true, source: 'settings', host: smtp.host, port: smtp.port, user: smtp.user, passwordSet: true, security: 'none' });
    expect(JSON.stringify(saved)).not.toContain(smtp.password);

    const before = smtp.messages.length;
    expect(await asOwner.settings.email.test.mutate({ to: 'me@acme.io' })).toEqual({ ok: true, message: 'Sent a test message to me@acme.io' });
    const mail = await smtp.nextMessage(before);
    expect(mail.from?.value[0]).toEqual({ name: 'Acme Club', address: 'hello@acme.io' });
    expect(mail.subject).toBe('Tenant Console test message');
    expect(mail.text).toMatch(/Your email settings work/);

    await asOwner.settings.email.set.mutate({ password: 'wrong-password' });
    const refused = await asOwner.settings.email.test.mutate({ to: 'me@acme.io' });
    expect(refused).toEqual({ ok: false, message: expect.stringMatching(/^The mail server refused: 535 .*Authentication credentials invalid/) });

    await expect(asOwner.settings.email.set.mutate({ port: 70000 })).rejects.toThrow(/port: must be between 1 and 65535/);
    await expect(asOwner.settings.email.set.mutate({ fromAddress: 'not an address' })).rejects.toThrow(/fromAddress: must be an email address/);
  });

  it('takes SMTP_URL and MAIL_FROM from the environment, shown as such and not editable', async () => {
    vi.stubEnv('SMTP_URL', smtp.url);
    vi.stubEnv('MAIL_FROM', '"Env Club" <env@acme.io>');
    const { asOwner } = await setup();
    const view = await asOwner.settings.email.get.query();
    expect(view.smtp).toMatchObject({ source: 'environment', url: `smtp://${smtp.user}:…@127.0.0.1:${smtp.port}` });
    expect(view.from).toEqual({ source: 'environment', name: 'Env Club', address: 'env@acme.io' });
    await expect(asOwner.settings.email.set.mutate({ host: 'smtp.example.com' })).rejects.toThrow(/comes from SMTP_URL in the environment/);
    const before = smtp.messages.length;
    expect(await asOwner.settings.email.test.mutate({ to: 'me@acme.io' })).toMatchObject({ ok: true });
    expect((await smtp.nextMessage(before)).from?.value[0]?.address).toBe('env@acme.io');
  });

  it('tests the Ably key against the endpoint, in Ably\'s words when refused', async () => {
    const { asOwner } = await setup();
    await expect(asOwner.settings.realtime.set.mutate({ ablyApiKey: 'not-a-key' })).rejects.toThrow(/ablyApiKey: must be an Ably API key like appId.keyId:secret/);
    await asOwner.settings.realtime.set.mutate({ ablyApiKey: 'fakeApp.fakeKey:wrong-secret' });
    expect(await asOwner.settings.realtime.test.mutate()).toEqual({ ok: false, message: expect.stringMatching(/^Ably: Invalid signature/) });
    const saved = await asOwner.settings.realtime.set.mutate({ ablyApiKey: ably.apiKey });
    expect(saved).toMatchObject({ configured: true, source: 'settings', keyHint: 'fakeApp.fakeKey:…' });
    expect(await asOwner.settings.realtime.test.mutate()).toEqual({ ok: true, name: 'fakeApp', message: 'Connected to Ably app fakeApp' });
  });

  it('keeps console-wide sections from a tenant ADMIN who is not the console owner', async () => {
    const { asAdmin } = await setup();
    const overview = await asAdmin.settings.overview.query();
    expect(overview).toMatchObject({ isConsoleOwner: false, dataDir: null, database: { location: null } });
    await expect(asAdmin.settings.email.get.query()).rejects.toThrow(/only the console owner/);
    await expect(asAdmin.settings.realtime.set.mutate({ ablyApiKey: ably.apiKey })).rejects.toThrow(/only the console owner/);
    await expect(asAdmin.settings.providers.test.mutate({ provider: 'stripe' })).rejects.toThrow(/only the console owner/);
  });
});
