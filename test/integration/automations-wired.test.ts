import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../src-main/core/create-core';
import { fixedClock } from '../../src-main/core/platform/clock';
import { silentLogger } from '../../src-main/core/platform/logger';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, addSpace } from '../fixtures/member-world';
import { startSmtpFake, type SmtpFake } from '../fakes/smtp';

// The automations area as the core wires it: the welcome email goes through the campaigns ledger
// to a real (fake) SMTP server, the introduction prompt is a community post, admins get an in-app
// notification. What the issue asks to see, end to end, with nothing of the area faked.

const DAY = 86_400_000;

describe.each(dialects)('automations wired to campaigns, community and notifications on %s', (dialect) => {
  let smtp: SmtpFake;
  let core: TestCore;
  let clock: ReturnType<typeof fixedClock>;
  let tenantId: string;
  let owner: string;

  beforeAll(async () => {
    smtp = await startSmtpFake();
  });
  afterAll(async () => smtp.close());

  beforeEach(async () => {
    smtp.messages.length = 0;
    smtp.received.length = 0;
    clock = fixedClock('2026-03-01T12:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'wired', name: 'Wired Club' }, owner)).id;
    await core.services.settings.email.set({ host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password, security: 'none', fromName: 'Wired Club', fromAddress: 'hello@wired.test' });
  });
  afterEach(async () => core?.dispose());

  const joined = (userId: string, email: string) =>
    core.database.db.transaction().execute((trx) =>
      core.services.events.publish(trx, { type: 'member.joined', tenantId, data: { userId, tenantId, email, joinSource: 'paid', groups: [] } }),
    );
  const to = (email: string) => smtp.received.filter((m) => m.to.includes(email));

  it('a new paid member gets the welcome email once (the join delivered twice), a hello post, the premium group; admins are notified', async () => {
    const premium = await addGroup(core, tenantId, 'Premium');
    const intro = await addSpace(core, tenantId, 'Introductions');
    const [paula] = (await addMembers(core, tenantId, [{ name: 'Paula Paid', email: 'paula@wired.test', joinSource: 'paid', subscriptionStatus: 'active' }])) as [string];
    const welcome = (await core.services.automations.list(tenantId)).find((a) => a.builtin === 'welcome')!;
    await core.services.automations.setEnabled(tenantId, { id: welcome.id, enabled: true });

    await joined(paula, 'paula@wired.test');
    await joined(paula, 'paula@wired.test');
    await core.jobs.drain();
    clock.advance(60_000);
    await core.jobs.drain();

    expect(to('paula@wired.test')).toHaveLength(1);
    const mail = smtp.messages.find((m) => m.subject === 'Welcome to Wired Club')!;
    expect(mail.html).toContain('Hi Paula,');
    expect(await core.database.db.selectFrom('groupMembers').select('userId').where('groupId', '=', premium).execute()).toEqual([{ userId: paula }]);
    const posts = await core.database.db.selectFrom('posts').select(['title', 'spaceId', 'authorId']).where('tenantId', '=', tenantId).execute();
    expect(posts).toEqual([{ title: 'Say hello to Paula Paid', spaceId: intro, authorId: null }]);
    const notes = await core.database.db.selectFrom('notifications').select(['userId', 'kind', 'body']).where('tenantId', '=', tenantId).execute();
    expect(notes).toEqual([{ userId: owner, kind: 'automation', body: 'Paula Paid joined Wired Club' }]);

    const [run] = (await core.services.automations.runs(tenantId, { userId: paula })).items;
    expect(run).toMatchObject({ status: 'completed', automationName: 'Welcome new members' });
    expect(run!.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
  });

  it('a wait survives a restart: the step after it runs in the next process, once', async () => {
    // Two cores in turn on one database (this suite's own, not the beforeEach one).
    const dataDir = mkdtempSync(join(tmpdir(), 'tc-auto-restart-'));
    const schema = dialect === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : undefined;
    const config = {
      dataDir,
      databaseUrl: dialect === 'postgres' ? process.env.TEST_DATABASE_URL : undefined,
      postgresSchema: schema,
      masterKey: randomBytes(32).toString('base64'),
      logger: silentLogger,
      clock,
    };
    let first = await createCore(config);
    try {
      const boss = await first.services.owner.id();
      const tenant = (await first.services.tenants.create({ slug: 'restart', name: 'Restart Club' }, boss)).id;
      await first.services.settings.email.set({ host: smtp.host, port: smtp.port, user: smtp.user, password: smtp.password, security: 'none', fromName: 'Restart Club', fromAddress: 'hi@restart.test' });
      const [rae] = (await addMembers(first as TestCore, tenant, [{ name: 'Rae Restart', email: 'rae@restart.test' }])) as [string];
      const flow = await first.services.automations.create(tenant, {
        name: 'Two days later',
        trigger: { type: 'member.joined', joinSources: [] },
        steps: [{ type: 'wait', amount: 2, unit: 'days' }, { type: 'send_email', subject: 'Two days in', html: '<p>How is it going?</p>' }],
      });
      await first.services.automations.setEnabled(tenant, { id: flow.id, enabled: true });
      await first.database.db.transaction().execute((trx) =>
        first.services.events.publish(trx, { type: 'member.joined', tenantId: tenant, data: { userId: rae, tenantId: tenant, email: 'rae@restart.test', joinSource: 'free_signup', groups: [] } }),
      );
      await first.jobs.drain();
      expect((await first.services.automations.runs(tenant, { userId: rae })).items[0]!.status).toBe('waiting');
      await first.close();

      clock.advance(2 * DAY + 60_000);
      first = await createCore(config);
      await first.jobs.drain();
      clock.advance(60_000);
      await first.jobs.drain();
      expect(to('rae@restart.test')).toHaveLength(1);
      expect((await first.services.automations.runs(tenant, { userId: rae })).items[0]!.status).toBe('completed');
    } finally {
      if (schema) await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(first.database.db);
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('a member inactive for 14 days gets one re-engagement email; hourly checks after it send nothing more', async () => {
    const [quiet] = (await addMembers(core, tenantId, [{ name: 'Quinn Quiet', email: 'quinn@wired.test' }])) as [string];
    await core.database.db.updateTable('memberships').set({ lastActiveAt: new Date(clock.nowMs() - 14 * DAY - 60_000).toISOString() }).where('userId', '=', quiet).execute();
    const reengage = (await core.services.automations.list(tenantId)).find((a) => a.builtin === 're-engagement')!;
    await core.services.automations.setEnabled(tenantId, { id: reengage.id, enabled: true });
    for (let hour = 0; hour < 4; hour++) {
      await core.jobs.drain();
      clock.advance(3_600_000);
    }
    await core.jobs.drain();
    expect(to('quinn@wired.test')).toHaveLength(1);
    expect(smtp.messages.map((m) => m.subject)).toEqual(['We miss you at Wired Club']);
  });
});
