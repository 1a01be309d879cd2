import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type RunningServer } from '../../../src-main/core/platform/http/server';
import { postTo, type ResolveAll } from '../../../src-main/core/areas/webhooks/outgoing/http-post';
import { ANY_TARGET, checkTargetUrl, PUBLIC_TARGETS_ONLY } from '../../../src-main/core/areas/webhooks/outgoing/url-policy';
import { dialects } from '../../support/core';
import { makeTwoTenants, type TwoTenants } from '../../support/two-tenants';

// Findings: the URL check let IPv6 spellings of the metadata address through, and loopback and
// private-network targets answered their bodies to any tenant ADMIN. Now link-local and metadata
// addresses are refused in every spelling for everyone; private targets are the console owner's,
// and a tenant ADMIN's only while the console listens on loopback.

const METADATA_SPELLINGS = [
  'http://169.254.169.254/latest/meta-data/',
  'http://2852039166/', // decimal
  'http://0xa9fea9fe/', // hex
  'http://0251.0376.0251.0376/', // octal
  'http://0xa9.0xfe.0xa9.0xfe/',
  'http://169.254.43518/', // short form
  'http://169.16689662/',
  'http://[64:ff9b::a9fe:a9fe]/', // NAT64
  'http://[64:ff9b:1::a9fe:a9fe]/',
  'http://[::a9fe:a9fe]/', // IPv4-compatible
  'http://[2002:a9fe:a9fe::]/', // 6to4
  'http://[::ffff:0:a9fe:a9fe]/', // IPv4-translated
  'http://[::ffff:169.254.169.254]/', // IPv4-mapped
  'http://[::ffff:a9fe:a9fe]/',
  'http://[2001:0:4136:e378:8000:63bf:5601:5601]/', // Teredo, client 169.254.169.254 (xor ffff)
  'http://[fe80::1]/',
  'http://[febf:ffff::1]/', // the top of fe80::/10
  'http://[fd00:ec2::254]/',
  'http://metadata.google.internal/',
];

const PRIVATE_TARGETS = ['http://localhost:3000/hooks', 'http://app.localhost/', 'http://127.0.0.1:3000/', 'http://[::1]:3000/', 'http://10.1.2.3/', 'http://192.168.1.20/', 'http://[fd12::5]/', 'http://[::ffff:127.0.0.1]/', 'http://[64:ff9b::a00:1]/'];

const resolveTo = (address: string): ResolveAll => (_host, _opts, cb) => cb(null, [{ address, family: address.includes(':') ? 6 : 4 }]);

describe('URL policy', () => {
  it('refuses every spelling of link-local and metadata addresses, for everyone, naming the field', () => {
    for (const url of METADATA_SPELLINGS) {
      for (const allowance of [ANY_TARGET, PUBLIC_TARGETS_ONLY]) {
        expect(() => checkTargetUrl(url, 'target.url', allowance), url).toThrow(/^target\.url: .*(link-local|metadata)/);
      }
    }
  });

  it('private and loopback targets only with the allowance; public ones always', () => {
    for (const url of PRIVATE_TARGETS) {
      expect(checkTargetUrl(url, 'url', ANY_TARGET).toString(), url).toBeTruthy();
      expect(() => checkTargetUrl(url, 'url', PUBLIC_TARGETS_ONLY), url).toThrow(/^url: .*console owner/);
    }
    expect(checkTargetUrl('https://hooks.example.com/in', 'url', PUBLIC_TARGETS_ONLY).hostname).toBe('hooks.example.com');
  });

  it('checks the addresses a name resolves to when sending', async () => {
    for (const address of ['169.254.169.254', '64:ff9b::a9fe:a9fe', '::ffff:0:a9fe:a9fe', 'fe80::1']) {
      const out = await postTo('http://hooks.example.com/x', '{}', {}, { timeoutMs: 2_000, excerptBytes: 10, resolve: resolveTo(address) });
      expect(out, address).toMatchObject({ response: null, failure: 'refused_address' });
    }
    const privateName = await postTo('http://hooks.example.com/x', '{}', {}, { timeoutMs: 2_000, excerptBytes: 10, resolve: resolveTo('10.0.0.5'), allowance: PUBLIC_TARGETS_ONLY });
    expect(privateName).toMatchObject({ response: null, failure: 'refused_address', error: expect.stringMatching(/resolves to 10\.0\.0\.5/) });
  });
});

let t: TwoTenants | undefined;
let server: RunningServer | undefined;
let receiver: Server | undefined;
afterEach(async () => {
  receiver?.closeAllConnections();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
  await server?.close();
  await t?.dispose();
  server = t = receiver = undefined;
});

/** A private app on loopback that answers a secret body. */
async function startPrivateApp(): Promise<string> {
  receiver = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'text/plain' }).end('internal-secret-body'));
  });
  await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
}

describe.each(dialects)('private targets by caller on %s', (dialect) => {
  it('a console listening on the network: the tenant ADMIN is refused private targets, the owner is not; answers stay hidden', async () => {
    t = await makeTwoTenants(dialect);
    await t.core.services.webhooks.signingSecrets.set('stripe', ['whsec_real_console_secret_0123456789']);
    server = await startHttpServer(t.core, { host: '0.0.0.0', port: 0 });
    const app = await startPrivateApp();
    const bravoAdmin = await t.caller(t.bravo.id, t.bravoAdmin);
    const owner = await t.caller(t.bravo.id, t.owner);
    const payload = '{"id":"evt_x","type":"ping"}';

    expect(await bravoAdmin.webhooks.lab.access()).toMatchObject({ privateTargets: false });
    for (const url of [app, 'http://localhost:3000/', 'http://[::1]:3000/', 'http://10.0.0.5/']) {
      await expect(bravoAdmin.webhooks.lab.send({ provider: 'stripe', payload, target: { url } }), url).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^target\.url: /) });
      await expect(bravoAdmin.webhooks.endpoints.create({ url, events: ['member.joined'] }), url).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^url: /) });
    }
    for (const url of ['http://[64:ff9b::a9fe:a9fe]/', 'http://[::a9fe:a9fe]/', 'http://[2002:a9fe:a9fe::]/', 'http://[::ffff:0:a9fe:a9fe]/']) {
      await expect(owner.webhooks.lab.send({ provider: 'stripe', payload, target: { url } }), url).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(owner.webhooks.endpoints.create({ url, events: ['member.joined'] }), url).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }

    // The owner's own app on localhost: allowed, and the owner sees its answer.
    const sent = await owner.webhooks.lab.send({ provider: 'stripe', payload, target: { url: app } });
    expect(sent.response).toMatchObject({ status: 200, body: 'internal-secret-body' });

    // The owner's endpoint in bravo delivers; bravo's ADMIN sees the status, not the body.
    const { endpoint } = await owner.webhooks.endpoints.create({ url: app, events: ['member.joined'] });
    await t.core.services.events.publish(t.core.database.db, { type: 'member.joined', tenantId: t.bravo.id, data: { userId: t.bravoOnly, tenantId: t.bravo.id, email: 'ben@bravo.test', joinSource: 'free_signup', groups: [] } });
    await t.core.jobs.drain();
    const [delivery] = (await owner.webhooks.deliveries.list({ endpointId: endpoint.id })).items;
    expect(delivery).toMatchObject({ status: 'delivered' });
    expect((await owner.webhooks.deliveries.get({ id: delivery!.id })).attemptLog[0]!.responseExcerpt).toBe('internal-secret-body');
    const seen = await bravoAdmin.webhooks.deliveries.get({ id: delivery!.id });
    expect(seen.attemptLog[0]!.statusCode).toBe(200);
    expect(JSON.stringify(seen)).not.toContain('internal-secret-body');
  });

  it('a console listening on loopback: the tenant ADMIN may target their local app', async () => {
    t = await makeTwoTenants(dialect);
    server = await startHttpServer(t.core, { host: '127.0.0.1', port: 0 });
    const app = await startPrivateApp();
    const bravoAdmin = await t.caller(t.bravo.id, t.bravoAdmin);
    expect(await bravoAdmin.webhooks.lab.access()).toMatchObject({ privateTargets: true });
    const sent = await bravoAdmin.webhooks.lab.send({ provider: 'lemonsqueezy', payload: '{"meta":{"event_name":"ping"}}', target: { url: app } });
    expect(sent.response).toMatchObject({ status: 200, body: 'internal-secret-body' });
    const { endpoint } = await bravoAdmin.webhooks.endpoints.create({ url: 'http://localhost:3000/hooks', events: ['member.joined'] });
    expect(endpoint.url).toBe('http://localhost:3000/hooks');
    // Still never the metadata service.
    await expect(bravoAdmin.webhooks.lab.send({ provider: 'stripe', payload: '{}', target: { url: 'http://[::ffff:169.254.169.254]/' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});
