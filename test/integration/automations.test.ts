import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AreaPlatform } from '../../src-main/core/areas/area';
import { createAutomationsArea, type AdminNotice, type AutomationPorts } from '../../src-main/core/areas/automations';
import { fixedClock } from '../../src-main/core/platform/clock';
import { createEventBus } from '../../src-main/core/platform/events';
import { createJobRunner } from '../../src-main/core/platform/jobs/runner';
import { silentLogger } from '../../src-main/core/platform/logger';
import { createPushHub } from '../../src-main/core/platform/push/hub';
import { gatewayFactories } from '../../src-main/core/gateways';
import { addMembers, dialects, makeTestCore, type TestCore } from '../support/core';
import { addGroup, addSpace } from '../fixtures/member-world';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The automations area on a real database (SQLite and PostgreSQL) with its ports faked where the
 * providers live in other areas: every email, post and notification it asks for is recorded, and a
 * port can be made to fail. Its own job runner and event bus, so the test decides when work runs.
 */
function harness(core: TestCore, clock: ReturnType<typeof fixedClock>) {
  const jobs = createJobRunner({ db: core.database.db, clock, logger: silentLogger, backoff: () => 60_000 });
  const events = createEventBus({ clock, jobs });
  const platform: AreaPlatform = {
    db: core.database.db,
    reader: core.database.reader,
    dialect: core.database.dialect,
    clock,
    jobs,
    events,
    push: createPushHub({ clock }),
    secrets: undefined as never,
    logger: silentLogger,
    gateways: gatewayFactories(),
    dataDir: core.dataDir,
  };
  const sent: { userId: string; subject: string; html: string; dedupeKey: string }[] = [];
  const posts: { spaceId: string; title: string; dedupeKey: string }[] = [];
  const notified: { title: string; body: string; dedupeKey: string }[] = [];
  const notices: AdminNotice[] = [];
  const failures = { notify: 0, send: 0 };
  const unsubscribed = new Set<string>();
  const ports: AutomationPorts = {
    addToGroup: ({ tenantId, userId, groupId }) => core.services.memberAdmin.changes.addToGroup({ tenantId, actorUserId: null }, { userId, groupId }),
    async sendToMember(input) {
      if (failures.send > 0) {
        failures.send -= 1;
        throw new Error('mail queue unavailable');
      }
      if (unsubscribed.has(input.userId)) return { messageId: null, skipped: 'unsubscribed' };
      // The ledger's promise: one message per dedupe key, ever.
      if (sent.some((s) => s.dedupeKey === input.dedupeKey)) return { messageId: null, skipped: 'duplicate' };
      sent.push(input);
      return { messageId: `<${input.dedupeKey}@test>` };
    },
    isUnsubscribed: async (_tenantId, userId) => unsubscribed.has(userId),
    async createSystemPost(input) {
      if (!posts.some((p) => p.dedupeKey === input.dedupeKey)) posts.push(input);
      return { postId: 'post_x', created: true };
    },
    async notify(input) {
      if (failures.notify > 0) {
        failures.notify -= 1;
        throw new Error('notifications store is busy');
      }
      expect(input.to).toBe('admins');
      if (!notified.some((n) => n.dedupeKey === input.dedupeKey)) notified.push(input);
      return { notificationIds: [] };
    },
  };
  const area = createAutomationsArea(platform, ports);
  area.onAdminNotice((n) => notices.push(n));
  return {
    area,
    events,
    ports,
    sent,
    posts,
    notified,
    notices,
    failures,
    unsubscribed,
    /** Runs what is due, then moves the clock on by `ms` (past retries and waits) and runs it again. */
    async settle(ms = 2 * 60_000, rounds = 1) {
      await jobs.drain();
      for (let i = 0; i < rounds; i++) {
        clock.advance(ms);
        await jobs.drain();
      }
    },
  };
}

describe.each(dialects)('automations on %s', (dialect) => {
  let core: TestCore;
  let clock: ReturnType<typeof fixedClock>;
  let tenantId: string;
  let h: ReturnType<typeof harness>;

  beforeEach(async () => {
    clock = fixedClock('2026-03-01T12:00:00.000Z');
    core = await makeTestCore(dialect, { clock });
    const owner = await core.services.owner.id();
    tenantId = (await core.services.tenants.create({ slug: 'flows', name: 'Flow Club' }, owner)).id;
    h = harness(core, clock);
  });
  afterEach(async () => core?.dispose());

  const builtin = async (key: string) => (await h.area.list(tenantId)).find((a) => a.builtin === key)!;
  const joined = (userId: string, joinSource: 'paid' | 'free_signup', email = 'x@flows.test') =>
    core.database.db.transaction().execute((trx) => h.events.publish(trx, { type: 'member.joined', tenantId, data: { userId, tenantId, email, joinSource, groups: [] } }));
  const inGroup = async (groupId: string, userId: string) =>
    !!(await core.database.db.selectFrom('groupMembers').select('userId').where('groupId', '=', groupId).where('userId', '=', userId).executeTakeFirst());

  it('welcome flow: a new paid member gets the welcome email once (event delivered twice), joins the premium group, admins are notified', async () => {
    const premium = await addGroup(core, tenantId, 'Premium members');
    const intro = await addSpace(core, tenantId, 'Introductions');
    const [paid, free] = (await addMembers(core, tenantId, [
      { name: 'Paula Paid', email: 'paula@flows.test', joinSource: 'paid' },
      { name: 'Fred Free', email: 'fred@flows.test' },
    ])) as [string, string];
    const welcome = await builtin('welcome');
    expect(welcome).toMatchObject({ name: 'Welcome new members', enabled: false, trigger: { type: 'member.joined' } });
    const enabled = await h.area.setEnabled(tenantId, { id: welcome.id, enabled: true });
    // Enabling picked the community's premium group for the paid joiners' step.
    expect(enabled.steps.find((s) => s.type === 'add_to_group')).toMatchObject({ groupId: premium, onlyJoinSources: ['paid'] });

    await joined(paid, 'paid', 'paula@flows.test');
    await joined(paid, 'paid', 'paula@flows.test'); // the same join delivered again
    await joined(free, 'free_signup', 'fred@flows.test');
    await h.settle();

    expect(h.sent.filter((s) => s.userId === paid)).toHaveLength(1);
    expect(h.sent.find((s) => s.userId === paid)).toMatchObject({ subject: 'Welcome to Flow Club' });
    expect(h.sent.find((s) => s.userId === paid)!.html).toContain('Hi Paula,');
    expect(await inGroup(premium, paid)).toBe(true);
    expect(await inGroup(premium, free)).toBe(false);
    expect(h.posts.map((p) => [p.spaceId, p.title])).toEqual(expect.arrayContaining([[intro, 'Say hello to Paula Paid']]));
    expect(h.notified.map((n) => n.body).sort()).toEqual(['Fred Free joined Flow Club', 'Paula Paid joined Flow Club']);
    expect(h.notices.map((n) => n.title)).toEqual(['New member joined', 'New member joined']);

    const runs = await h.area.runs(tenantId, { automationId: welcome.id });
    expect(runs.items).toHaveLength(2);
    expect(runs.items.every((r) => r.status === 'completed')).toBe(true);
    const paidRun = runs.items.find((r) => r.userId === paid)!;
    expect(paidRun.steps.map((s) => s.status)).toEqual(['done', 'done', 'done', 'done']);
    expect(paidRun.steps[2]!.detail).toBe('Added to Premium members');
    const freeRun = runs.items.find((r) => r.userId === free)!;
    expect(freeRun.steps[2]).toMatchObject({ status: 'skipped', detail: 'Skipped: only for members who paid' });
    // The member's own run log.
    expect((await h.area.runs(tenantId, { userId: paid })).items.map((r) => r.automationName)).toEqual(['Welcome new members']);
    expect((await h.area.get(tenantId, welcome.id)).runs).toEqual({ active: 0, completed: 2, failed: 0, canceled: 0 });
  });

  it('re-engagement: a member quiet for 14 days gets exactly one email per lapse; the active do not', async () => {
    const [quiet, busy] = (await addMembers(core, tenantId, [
      { name: 'Quinn Quiet', email: 'quinn@flows.test' },
      { name: 'Bea Busy', email: 'bea@flows.test' },
    ])) as [string, string];
    const setActive = (userId: string, at: number) =>
      core.database.db.updateTable('memberships').set({ lastActiveAt: new Date(at).toISOString() }).where('tenantId', '=', tenantId).where('userId', '=', userId).execute();
    await setActive(quiet, clock.nowMs() - 15 * DAY);
    await setActive(busy, clock.nowMs() - 3 * DAY);
    // The console owner (an ADMIN) is never sent a re-engagement email.
    const reengage = await builtin('re-engagement');
    expect(reengage.trigger).toEqual({ type: 'member.inactive', days: 14 });
    await h.area.setEnabled(tenantId, { id: reengage.id, enabled: true });

    await h.settle(HOUR, 3); // three hourly checks
    expect(h.sent.map((s) => s.userId)).toEqual([quiet]);
    expect(h.sent[0]!.subject).toBe('We miss you at Flow Club');

    // Bea lapses 11 days later; Quinn's lapse is the same one and is not mailed again.
    clock.advance(11 * DAY);
    await h.settle(HOUR, 2);
    expect(h.sent.map((s) => s.userId).sort()).toEqual([busy, quiet].sort());

    // Quinn comes back, then goes quiet again for 14 days: a new lapse, one more email.
    await setActive(quiet, clock.nowMs());
    await h.settle(HOUR, 2);
    expect(h.sent.filter((s) => s.userId === quiet)).toHaveLength(1);
    clock.advance(14 * DAY);
    await h.settle(HOUR, 2);
    expect(h.sent.filter((s) => s.userId === quiet)).toHaveLength(2);
    expect(h.sent.filter((s) => s.userId === busy)).toHaveLength(1);
  });

  it('a failing step retries alone: the email before it is not sent again, and the run finishes', async () => {
    const [member] = (await addMembers(core, tenantId, [{ name: 'Rita Retry', email: 'rita@flows.test' }])) as [string];
    const welcome = await builtin('welcome');
    await h.area.setEnabled(tenantId, { id: welcome.id, enabled: true });
    h.failures.notify = 2;
    await joined(member, 'free_signup');
    await h.settle();
    let [run] = (await h.area.runs(tenantId, { automationId: welcome.id })).items;
    expect(run!.status).toBe('running');
    expect(run!.steps[3]).toMatchObject({ status: 'retrying', error: 'notifications store is busy' });

    await h.settle(2 * 60_000, 2);
    [run] = (await h.area.runs(tenantId, { automationId: welcome.id })).items;
    expect(run!.status).toBe('completed');
    expect(run!.steps[3]).toMatchObject({ status: 'done', attempts: 3, error: null });
    expect(h.sent).toHaveLength(1);
    expect(h.posts).toHaveLength(0); // no feed space: the prompt step says so and the run goes on
    expect(run!.steps[1]).toMatchObject({ status: 'skipped', detail: 'No feed space to post in' });
  });

  it('a step whose provider is missing waits with a plain reason and is retried', async () => {
    const [member] = (await addMembers(core, tenantId, [{ name: 'Nia Nomail', email: 'nia@flows.test' }])) as [string];
    delete h.ports.sendToMember;
    const welcome = await builtin('welcome');
    await h.area.setEnabled(tenantId, { id: welcome.id, enabled: true });
    await joined(member, 'free_signup');
    await h.settle();
    const [run] = (await h.area.runs(tenantId, { userId: member })).items;
    expect(run!.status).toBe('running');
    expect(run!.steps[0]).toMatchObject({ status: 'retrying', error: 'email sending is not available yet' });
  });

  it('a run ends when the member leaves or unsubscribes, and its later steps never happen', async () => {
    const [leaver, unsub] = (await addMembers(core, tenantId, [
      { name: 'Leo Leaver', email: 'leo@flows.test' },
      { name: 'Una Unsub', email: 'una@flows.test' },
    ])) as [string, string];
    const flow = await h.area.create(tenantId, {
      name: 'Onboarding drip',
      trigger: { type: 'member.joined', joinSources: [] },
      steps: [
        { type: 'send_email', subject: 'Day 0', html: '<p>Hello</p>' },
        { type: 'wait', amount: 3, unit: 'days' },
        { type: 'send_email', subject: 'Day 3', html: '<p>Still here?</p>' },
        { type: 'notify_admins', title: 'Drip done', body: '{{member.name}} finished the drip' },
      ],
    });
    await h.area.setEnabled(tenantId, { id: flow.id, enabled: true });
    await joined(leaver, 'free_signup');
    await joined(unsub, 'free_signup');
    await h.settle();
    expect(h.sent.map((s) => s.subject)).toEqual(['Day 0', 'Day 0']);
    const waiting = (await h.area.runs(tenantId, { automationId: flow.id })).items;
    expect(waiting.map((r) => r.status)).toEqual(['waiting', 'waiting']);

    await core.services.memberAdmin.changes.remove({ tenantId, actorUserId: null }, { userId: leaver });
    await core.database.db.transaction().execute((trx) => h.events.publish(trx, { type: 'member.left', tenantId, data: { userId: leaver, reason: 'removed' } }));
    h.unsubscribed.add(unsub);
    await h.settle(3 * DAY + HOUR);

    expect(h.sent.map((s) => s.subject)).toEqual(['Day 0', 'Day 0']);
    expect(h.notified).toHaveLength(0);
    const runs = (await h.area.runs(tenantId, { automationId: flow.id })).items;
    expect(runs.find((r) => r.userId === leaver)).toMatchObject({ status: 'canceled', endedReason: 'The member left the community' });
    expect(runs.find((r) => r.userId === unsub)).toMatchObject({ status: 'canceled', endedReason: 'The member unsubscribed from email' });
  });

  it('an admin cancels a waiting run; editing steps leaves started runs as they were', async () => {
    const [member] = (await addMembers(core, tenantId, [{ name: 'Cal Cancel', email: 'cal@flows.test' }])) as [string];
    const flow = await h.area.create(tenantId, {
      name: 'Slow hello',
      trigger: { type: 'member.joined', joinSources: ['free_signup'] },
      steps: [{ type: 'wait', amount: 1, unit: 'days' }, { type: 'send_email', subject: 'Hello later', html: '<p>Hi</p>' }],
    });
    await h.area.setEnabled(tenantId, { id: flow.id, enabled: true });
    await joined(member, 'free_signup');
    await h.settle();
    await h.area.update(tenantId, { id: flow.id, steps: [{ type: 'send_email', subject: 'Changed', html: '<p>x</p>' }] });
    const [run] = (await h.area.runs(tenantId, { automationId: flow.id })).items;
    expect(run!.steps.map((s) => s.type)).toEqual(['wait', 'send_email']);
    expect(await h.area.cancelRun(tenantId, { runId: run!.id })).toEqual({ runId: run!.id, canceled: true });
    await h.settle(DAY + HOUR);
    expect(h.sent).toHaveLength(0);
    expect((await h.area.runs(tenantId, { userId: member })).items[0]).toMatchObject({ status: 'canceled', endedReason: 'Canceled by an admin' });
  });

  it('subscription and payment triggers: each subscription starts one run however often its event comes', async () => {
    const [member] = (await addMembers(core, tenantId, [{ name: 'Sid Sub', email: 'sid@flows.test' }])) as [string];
    const make = async (type: 'subscription.created' | 'subscription.canceled' | 'payment.failed', subject: string) => {
      const a = await h.area.create(tenantId, { name: subject, trigger: { type }, steps: [{ type: 'send_email', subject, html: '<p>x</p>' }] });
      await h.area.setEnabled(tenantId, { id: a.id, enabled: true });
    };
    await make('subscription.created', 'Thanks for subscribing');
    await make('subscription.canceled', 'Sorry to see you go');
    await make('payment.failed', 'Your payment failed');
    const sub = (subscriptionId: string, status: 'active' | 'canceled') => ({ userId: member, planId: 'price_1', status, currentPeriodEnd: null, subscriptionId });
    await core.database.db.transaction().execute(async (trx) => {
      await h.events.publish(trx, { type: 'subscription.created', tenantId, data: sub('sub_1', 'active') });
      await h.events.publish(trx, { type: 'subscription.created', tenantId, data: sub('sub_1', 'active') });
      await h.events.publish(trx, { type: 'payment.failed', tenantId, data: { userId: member, subscriptionId: 'sub_1', planId: 'price_1', status: 'past_due', invoiceId: 'in_1' } });
      await h.events.publish(trx, { type: 'payment.failed', tenantId, data: { userId: member, subscriptionId: 'sub_1', planId: 'price_1', status: 'past_due', invoiceId: 'in_2' } });
      await h.events.publish(trx, { type: 'subscription.canceled', tenantId, data: sub('sub_1', 'canceled') });
      await h.events.publish(trx, { type: 'subscription.created', tenantId, data: sub('sub_2', 'active') });
    });
    await h.settle();
    expect(h.sent.map((s) => s.subject).sort()).toEqual(['Sorry to see you go', 'Thanks for subscribing', 'Thanks for subscribing', 'Your payment failed', 'Your payment failed']);
  });

  it('a join source filter: a paid-only automation ignores free joiners', async () => {
    const [free] = (await addMembers(core, tenantId, [{ name: 'Fay Free', email: 'fay@flows.test' }])) as [string];
    const flow = await h.area.create(tenantId, { name: 'Paid hello', trigger: { type: 'member.joined', joinSources: ['paid'] }, steps: [{ type: 'send_email', subject: 'Thanks', html: '<p>x</p>' }] });
    await h.area.setEnabled(tenantId, { id: flow.id, enabled: true });
    await joined(free, 'free_signup');
    await h.settle();
    expect(h.sent).toHaveLength(0);
    expect((await h.area.runs(tenantId, { automationId: flow.id })).items).toHaveLength(0);
  });
});
