import { TRPCError } from '@trpc/server';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpServer } from '../../src-main/core/platform/http/server';
import { startSmtpFake } from '../fakes/smtp';
import { dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';

// Settings → Team and cookie sessions on each database: invites make ADMINs and one-time links,
// sessions are listed and revoked, a cookie session switches tenant and signs out.

describe.each(dialects)('team sign-in on %s', (dialect) => {
  let w: TwoTenants;
  let app: FastifyInstance;
  const host = 'console.test';

  beforeAll(async () => {
    w = await makeTwoTenants(dialect);
    app = await buildHttpServer(w.core, { host: '127.0.0.1', port: 0, publicUrl: `http://${host}` });
    await app.listen({ host: '127.0.0.1', port: 0 });
    w.core.services.session.setPublicOrigin(`http://${host}`);
  });
  afterAll(async () => {
    await app?.close();
    await w?.dispose();
  });

  const signIn = (link: string) => app.inject({ method: 'POST', url: '/auth/session', headers: { host }, payload: { code: link.split('#code=')[1] } });
  const cookieOf = (r: { headers: Record<string, unknown> }) => String(r.headers['set-cookie']).split(';')[0]!;
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/api/trpc/users.getCurrentUser', headers: { host, cookie } });

  it('the owner invites a new person and an existing MEMBER as ADMINs; each link signs in once', async () => {
    const owner = await w.caller(w.bravo.id, w.owner);
    const fresh = await owner.settings.team.invite({ email: 'nina@team.test', name: 'Nina New' });
    expect(fresh).toMatchObject({ email: 'nina@team.test', emailed: false, link: expect.stringMatching(/^http:\/\/console\.test\/#code=/) });
    expect((await w.core.services.members.membershipOf(w.bravo.id, fresh.userId))?.role).toBe('ADMIN');

    const promoted = await owner.settings.team.invite({ email: (await w.core.services.users.getCurrentUser(w.bravoOnly, w.bravo.id)).email });
    expect(promoted.userId).toBe(w.bravoOnly);
    expect((await w.core.services.members.membershipOf(w.bravo.id, w.bravoOnly))?.role).toBe('ADMIN');

    const first = await signIn(fresh.link!);
    expect(first.statusCode).toBe(200);
    expect(String(first.headers['set-cookie'])).toMatch(/HttpOnly; SameSite=Strict$/);
    expect((await signIn(fresh.link!)).statusCode).toBe(401);
    const who = await me(cookieOf(first));
    expect(who.statusCode).toBe(200);
    expect(who.json().result.data.json).toMatchObject({ email: 'nina@team.test', role: 'ADMIN', tenantId: w.bravo.id });
  });

  it('a tenant ADMIN may not invite or see sessions; a bad email is a 400 naming the field', async () => {
    const admin = await w.caller(w.bravo.id, w.bravoAdmin);
    await expect(admin.settings.team.invite({ email: 'x@team.test' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.settings.team.sessions()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const owner = await w.caller(w.bravo.id, w.owner);
    const bad = await owner.settings.team.invite({ email: 'not-an-email' }).catch((e: TRPCError) => e);
    expect(bad).toBeInstanceOf(TRPCError);
    expect((bad as TRPCError).code).toBe('BAD_REQUEST');
    expect((bad as TRPCError).message).toMatch(/email/);
  });

  it('the owner sees a session and signs it out; the browser is refused at once', async () => {
    const owner = await w.caller(w.bravo.id, w.owner);
    const link = await owner.settings.team.signInLink({ userId: w.bravoAdmin });
    const signedIn = await signIn(link.link!);
    const cookie = cookieOf(signedIn);
    const listed = (await owner.settings.team.sessions()).find((s) => s.userId === w.bravoAdmin);
    expect(listed).toMatchObject({ tenantId: w.bravo.id, clientIp: '127.0.0.1' });
    await owner.settings.team.revokeSession({ id: listed!.id });
    expect((await me(cookie)).statusCode).toBe(401);
    expect((await owner.settings.team.sessions()).find((s) => s.userId === w.bravoAdmin)).toBeUndefined();
    await expect(owner.settings.team.signInLink({ userId: w.alphaOnly })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a cookie session switches to another of the person\'s tenants and signs out', async () => {
    const owner = await w.caller(w.alpha.id, w.owner);
    const link = await owner.settings.team.signInLink({ userId: w.sharedAdmin });
    const cookie = cookieOf(await signIn(link.link!));
    expect((await me(cookie)).json().result.data.json.tenantId).toBe(w.alpha.id);
    const switched = await app.inject({ method: 'POST', url: '/auth/session/tenant', headers: { host, cookie }, payload: { tenantId: w.bravo.id } });
    expect(switched.statusCode).toBe(200);
    const next = cookieOf(switched);
    expect((await me(next)).json().result.data.json).toMatchObject({ tenantId: w.bravo.id, role: 'MEMBER' });
    expect((await me(cookie)).statusCode).toBe(401); // the old tenant's session ended
    const refused = await app.inject({ method: 'POST', url: '/auth/session/tenant', headers: { host, cookie: next }, payload: { tenantId: 'tenant_nope' } });
    expect(refused.statusCode).toBe(403);
    const out = await app.inject({ method: 'DELETE', url: '/auth/session', headers: { host, cookie: next } });
    expect(out.statusCode).toBe(204);
    expect((await me(next)).statusCode).toBe(401);
  });

  it('with SMTP set up, the link is emailed to the teammate and not shown to the owner', async () => {
    const smtp = await startSmtpFake();
    try {
      const owner = await w.caller(w.bravo.id, w.owner);
      await owner.settings.email.set({ host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password, security: 'none', fromName: 'Bravo Club', fromAddress: 'hello@bravo.test' });
      const before = smtp.messages.length;
      const sent = await owner.settings.team.invite({ email: 'mia@team.test', name: 'Mia Mail' });
      expect(sent).toMatchObject({ emailed: true, link: null, mailError: null });
      const mail = await smtp.nextMessage(before);
      expect(mail.to).toMatchObject({ value: [{ address: 'mia@team.test' }] });
      const link = /http:\/\/console\.test\/#code=[\w-]+/.exec(mail.text ?? '')![0];
      expect((await signIn(link)).statusCode).toBe(200);
      await owner.settings.email.set({ host: null, fromAddress: null, fromName: null });
    } finally {
      await smtp.close();
    }
  });
});
