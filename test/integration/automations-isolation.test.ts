import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src-main/core/platform/clock';
import { dialects } from '../support/core';
import { makeTwoTenants, type TwoTenants } from '../support/two-tenants';
import { addGroup } from '../fixtures/member-world';

// automations.* through the real API and core: a tenant ADMIN sees and changes only their own
// community's automations and runs, and bad input is refused naming the field.

/** The error a call was refused with (the test fails if it was not). */
const refusal = (call: Promise<unknown>) =>
  call.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (e: unknown) => e as { code: string; message: string },
  );

describe.each(dialects)('automations API and isolation on %s', (dialect) => {
  let w: TwoTenants;

  beforeEach(async () => {
    w = await makeTwoTenants(dialect, { clock: fixedClock('2026-03-01T12:00:00.000Z') });
  });
  afterEach(async () => w?.dispose());

  it('each community has its own built-ins; another community’s automation, run or group is not found', async () => {
    const alpha = await w.caller(w.alpha.id, w.alphaAdmin);
    const bravo = await w.caller(w.bravo.id, w.bravoAdmin);
    const alphaList = await alpha.automations.list();
    expect(alphaList.map((a) => [a.builtin, a.enabled])).toEqual([['welcome', false], ['re-engagement', false]]);
    const bravoList = await bravo.automations.list();
    expect(bravoList.map((a) => a.id)).not.toEqual(expect.arrayContaining(alphaList.map((a) => a.id)));

    const welcome = alphaList[0]!;
    await alpha.automations.setEnabled({ id: welcome.id, enabled: true });
    // A join in alpha, through the core's own event bus.
    await w.core.database.db.transaction().execute((trx) =>
      w.core.services.events.publish(trx, { type: 'member.joined', tenantId: w.alpha.id, data: { userId: w.alphaOnly, tenantId: w.alpha.id, email: 'ann@alpha.test', joinSource: 'free_signup', groups: [] } }),
    );
    await w.core.jobs.drain();
    const runs = await alpha.automations.runs({ automationId: welcome.id });
    expect(runs.items.map((r) => [r.userId, r.memberName])).toEqual([[w.alphaOnly, 'Ann Alpha']]);
    const runId = runs.items[0]!.id;

    for (const attempt of [
      () => bravo.automations.get({ id: welcome.id }),
      () => bravo.automations.setEnabled({ id: welcome.id, enabled: false }),
      () => bravo.automations.update({ id: welcome.id, name: 'Taken over' }),
      () => bravo.automations.runs({ automationId: welcome.id }),
      () => bravo.automations.cancelRun({ runId }),
    ]) {
      expect((await refusal(attempt())).code).toBe('NOT_FOUND');
    }
    // A member's runs in bravo do not show alpha's.
    expect((await bravo.automations.runs({ userId: w.shared })).items).toEqual([]);
    expect((await bravo.automations.runs({ userId: w.alphaOnly })).items).toEqual([]);

    // Steps may name only this community's groups.
    const bravoGroup = await addGroup(w.core, w.bravo.id, 'Bravo premium');
    const err = await refusal(alpha.automations.create({ name: 'Sneaky', trigger: { type: 'member.joined', joinSources: [] }, steps: [{ type: 'add_to_group', groupId: bravoGroup }] }));
    expect(err).toMatchObject({ code: 'NOT_FOUND', message: `steps.0.groupId: no group ${bravoGroup} in this community` });
    expect((await alpha.automations.get({ id: welcome.id })).name).toBe('Welcome new members');
  });

  it('refuses bad input naming the field, and members who are not ADMINs', async () => {
    const alpha = await w.caller(w.alpha.id, w.alphaAdmin);
    const bad = await refusal(alpha.automations.create({ name: '', trigger: { type: 'member.inactive', days: 0 }, steps: [] }));
    expect(bad.code).toBe('BAD_REQUEST');
    const issues = (JSON.parse(bad.message) as { path: string[]; message: string }[]).map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues).toEqual(['name: is required', 'trigger.days: must be at least 1 day', 'steps: add at least one step']);
    const member = await w.caller(w.alpha.id, w.alphaOnly, 'MEMBER');
    expect((await refusal(member.automations.list())).code).toBe('FORBIDDEN');
  });

  it('an owner-made automation is saved, edited and listed after the built-ins', async () => {
    const alpha = await w.caller(w.alpha.id, w.alphaAdmin);
    const made = await alpha.automations.create({
      name: 'Payment trouble',
      trigger: { type: 'payment.failed' },
      steps: [{ type: 'notify_admins', title: 'Payment failed', body: '{{member.name}} could not pay' }],
    });
    expect(made).toMatchObject({ builtin: null, enabled: false, runs: { active: 0, completed: 0, failed: 0, canceled: 0 } });
    const edited = await alpha.automations.update({ id: made.id, steps: [{ type: 'wait', amount: 2, unit: 'days' }, ...made.steps] });
    expect(edited.steps.map((s) => s.type)).toEqual(['wait', 'notify_admins']);
    expect((await alpha.automations.list()).map((a) => a.name)).toEqual(['Welcome new members', 'Re-engage quiet members', 'Payment trouble']);
  });
});
