import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { DomainError, invalid } from '../../platform/errors';
import { enqueueJob } from '../../platform/jobs/queue';
import type { DomainEvent } from '../../platform/events';
import type { AreaPlatform } from '../area';
import { BUILTIN_AUTOMATIONS } from './builtins';
import type { AutomationPorts } from './ports';
import { ACTIVE_RUN, newAutomationId, runEngine } from './runs';
import {
  createAutomationInput,
  runsInput,
  stepsSchema,
  triggerSchema,
  updateAutomationInput,
  type AutomationStep,
  type AutomationTrigger,
  type CreateAutomationInput,
  type RunsInput,
  type UpdateAutomationInput,
} from './schemas';
import type { AutomationRunStatus, AutomationStepStatus, AutomationsTable } from './tables';

export const INACTIVITY_CHECK_JOB = 'automations.inactivity-check';
export const INACTIVITY_SCAN_JOB = 'automations.inactivity-scan';
/** How often quiet members are looked for. */
export const INACTIVITY_CHECK_EVERY_MS = 3_600_000;
const SCAN_PAGE = 500;

export interface Automation {
  id: string;
  builtin: string | null;
  name: string;
  trigger: AutomationTrigger;
  steps: AutomationStep[];
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  runs: { active: number; completed: number; failed: number; canceled: number };
}

export interface AutomationRunView {
  id: string;
  automationId: string;
  automationName: string;
  userId: string;
  memberName: string;
  memberEmail: string;
  triggerKey: string;
  status: AutomationRunStatus;
  currentStep: number;
  endedReason: string | null;
  startedAt: string;
  endedAt: string | null;
  steps: { index: number; type: string; status: AutomationStepStatus | 'pending'; attempts: number; detail: string | null; error: string | null; finishedAt: string | null }[];
}

const notFoundAutomation = (id: string) => new DomainError('NOT_FOUND', `id: no automation ${id} in this community`, { field: 'id' });

/**
 * Automations (issue 11 §7): triggers from domain events and a periodic inactivity check start
 * runs; each run's steps are durable jobs (runs.ts). Everything is scoped to the caller's tenant.
 */
export function createAutomationsService(platform: AreaPlatform, ports: AutomationPorts) {
  const { db, clock, jobs, events, push } = platform;
  const engine = runEngine(platform, ports);

  function toAutomation(row: Selectable<AutomationsTable>, counts?: Automation['runs']): Automation {
    return {
      id: row.id,
      builtin: row.builtin,
      name: row.name,
      trigger: triggerSchema.parse(JSON.parse(row.trigger)),
      steps: stepsSchema.parse(JSON.parse(row.steps)),
      enabled: Number(row.enabled) === 1,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      runs: counts ?? { active: 0, completed: 0, failed: 0, canceled: 0 },
    };
  }

  async function readRow(tenantId: string, id: string) {
    const row = await db.selectFrom('automations').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFoundAutomation(id);
    return row;
  }

  /** Every community has the built-ins, off, from the first time its automations are looked at. */
  async function ensureBuiltins(tenantId: string) {
    const now = clock.nowIso();
    for (const b of BUILTIN_AUTOMATIONS) {
      await db
        .insertInto('automations')
        .values({ id: newAutomationId('aut', clock.nowMs()), tenantId, builtin: b.builtin, name: b.name, trigger: JSON.stringify(b.trigger), steps: JSON.stringify(b.steps), enabled: 0, createdAt: now, updatedAt: now })
        .onConflict((oc) => oc.columns(['tenantId', 'builtin']).doNothing())
        .execute();
    }
  }

  async function runCounts(tenantId: string, automationIds: string[]) {
    const out = new Map<string, Automation['runs']>();
    if (automationIds.length === 0) return out;
    const rows = await db
      .selectFrom('automationRuns')
      .select(['automationId', 'status', sql<number>`count(*)`.as('n')])
      .where('tenantId', '=', tenantId)
      .where('automationId', 'in', automationIds)
      .groupBy(['automationId', 'status'])
      .execute();
    for (const r of rows) {
      const c = out.get(r.automationId) ?? { active: 0, completed: 0, failed: 0, canceled: 0 };
      const key = ACTIVE_RUN.includes(r.status) ? 'active' : (r.status as 'completed' | 'failed' | 'canceled');
      c[key] += Number(r.n);
      out.set(r.automationId, c);
    }
    return out;
  }

  /** Groups and spaces named in steps must be this community's (never another tenant's). */
  async function checkSteps(tenantId: string, steps: AutomationStep[]) {
    for (const [i, step] of steps.entries()) {
      if (step.type === 'add_to_group' && step.groupId) {
        const g = await db.selectFrom('groups').select('id').where('id', '=', step.groupId).where('tenantId', '=', tenantId).executeTakeFirst();
        if (!g) throw new DomainError('NOT_FOUND', `steps.${i}.groupId: no group ${step.groupId} in this community`, { field: `steps.${i}.groupId` });
      }
      if (step.type === 'intro_post' && step.spaceId) {
        const s = await db.selectFrom('spaces').select('id').where('id', '=', step.spaceId).where('tenantId', '=', tenantId).executeTakeFirst();
        if (!s) throw new DomainError('NOT_FOUND', `steps.${i}.spaceId: no space ${step.spaceId} in this community`, { field: `steps.${i}.spaceId` });
      }
    }
  }

  async function get(tenantId: string, id: string): Promise<Automation> {
    const row = await readRow(tenantId, id);
    return toAutomation(row, (await runCounts(tenantId, [id])).get(id));
  }

  // --- triggers ---------------------------------------------------------------------------------

  async function enabledWith(tenantId: string, type: AutomationTrigger['type']) {
    const rows = await db.selectFrom('automations').selectAll().where('tenantId', '=', tenantId).where('enabled', '=', 1).execute();
    return rows.map((r) => ({ row: r, trigger: triggerSchema.parse(JSON.parse(r.trigger)) })).filter((a) => a.trigger.type === type);
  }

  async function startFor(event: DomainEvent, type: AutomationTrigger['type'], userId: string, triggerKey: string, accept: (t: AutomationTrigger) => boolean = () => true) {
    const matching = (await enabledWith(event.tenantId, type)).filter((a) => accept(a.trigger));
    if (matching.length === 0) return;
    let started = 0;
    await db.transaction().execute(async (trx) => {
      for (const a of matching) {
        const id = await engine.startRun(trx, { tenantId: event.tenantId, automationId: a.row.id, steps: a.row.steps, userId, triggerKey, triggerData: { event: event.type, eventId: event.id, ...event.data } });
        if (id) started += 1;
      }
    });
    if (started > 0) {
      jobs.poke();
      push.changed(event.tenantId, 'automations');
    }
  }

  const LISTENER = { name: 'automations' };
  events.subscribe('member.joined', (e) => startFor(e, 'member.joined', e.data.userId, 'joined', (t) => t.type === 'member.joined' && (t.joinSources.length === 0 || t.joinSources.includes(e.data.joinSource))), LISTENER);
  events.subscribe('subscription.created', (e) => startFor(e, 'subscription.created', e.data.userId, `subscription:${e.data.subscriptionId ?? e.data.planId ?? e.id}`), LISTENER);
  events.subscribe('subscription.canceled', (e) => startFor(e, 'subscription.canceled', e.data.userId, `canceled:${e.data.subscriptionId ?? e.data.planId ?? e.id}`), LISTENER);
  events.subscribe('payment.failed', (e) => startFor(e, 'payment.failed', e.data.userId, `payment:${e.data.invoiceId ?? `${e.data.subscriptionId}:${e.data.graceEndsAt ?? ''}`}`), LISTENER);
  events.subscribe('member.left', async (e) => void (await engine.endRunsOf(e.tenantId, e.data.userId, 'The member left the community')), LISTENER);

  /** The next hourly check, once (its dedupe key names the hour). */
  async function scheduleCheck(trx: Kysely<Database>, atMs: number) {
    const hour = Math.floor(atMs / INACTIVITY_CHECK_EVERY_MS) * INACTIVITY_CHECK_EVERY_MS;
    const runAt = new Date(hour).toISOString();
    await enqueueJob(trx, clock, { kind: INACTIVITY_CHECK_JOB, payload: {}, runAt, dedupeKey: `${INACTIVITY_CHECK_JOB}:${runAt}`, tenantId: null, maxAttempts: 3 });
  }

  // The periodic check: every hour, one scan job per enabled inactivity automation (tenants take turns).
  jobs.register(INACTIVITY_CHECK_JOB, async () => {
    const rows = await db.selectFrom('automations').select(['id', 'tenantId', 'trigger']).where('enabled', '=', 1).execute();
    const nowMs = clock.nowMs();
    const bucket = new Date(Math.floor(nowMs / INACTIVITY_CHECK_EVERY_MS) * INACTIVITY_CHECK_EVERY_MS).toISOString();
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        if ((triggerSchema.parse(JSON.parse(r.trigger))).type !== 'member.inactive') continue;
        await enqueueJob(trx, clock, { kind: INACTIVITY_SCAN_JOB, payload: { tenantId: r.tenantId, automationId: r.id }, dedupeKey: `${INACTIVITY_SCAN_JOB}:${r.id}:${bucket}`, tenantId: r.tenantId });
      }
      await scheduleCheck(trx, nowMs + INACTIVITY_CHECK_EVERY_MS);
    });
    jobs.poke();
  });

  /**
   * Starts a run for each active member quiet for the automation's days: last active (or, never
   * active, joined) before the cutoff. The trigger key is that last-active time, so a lapse starts
   * one run however often it is seen; a member active again and quiet again lapses anew.
   */
  async function scanInactive(tenantId: string, automationId: string): Promise<number> {
    const row = await db.selectFrom('automations').selectAll().where('id', '=', automationId).where('tenantId', '=', tenantId).where('enabled', '=', 1).executeTakeFirst();
    if (!row) return 0;
    const trigger = triggerSchema.parse(JSON.parse(row.trigger));
    if (trigger.type !== 'member.inactive') return 0;
    const cutoff = new Date(clock.nowMs() - trigger.days * 86_400_000).toISOString();
    let after = '';
    let started = 0;
    for (;;) {
      const page = await db
        .selectFrom('memberships as m')
        .select(['m.userId', 'm.lastActiveAt', 'm.joinedAt'])
        .where('m.tenantId', '=', tenantId)
        .where('m.status', '=', 'active')
        .where('m.role', '=', 'MEMBER')
        .where('m.userId', '>', after)
        .where((eb) => eb.or([eb('m.lastActiveAt', '<', cutoff), eb.and([eb('m.lastActiveAt', 'is', null), eb('m.joinedAt', '<', cutoff)])]))
        // Members whose lapse already has its run are not looked at again (the hourly check stays cheap).
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('automationRuns as r')
                .select('r.id')
                .where('r.automationId', '=', automationId)
                .whereRef('r.userId', '=', 'm.userId')
                .where('r.triggerKey', '=', sql<string>`'inactive:' || coalesce(m.last_active_at, 'joined:' || m.joined_at)`),
            ),
          ),
        )
        .orderBy('m.userId')
        .limit(SCAN_PAGE)
        .execute();
      if (page.length === 0) break;
      await db.transaction().execute(async (trx) => {
        for (const m of page) {
          const triggerKey = `inactive:${m.lastActiveAt ?? `joined:${m.joinedAt}`}`;
          const id = await engine.startRun(trx, { tenantId, automationId, steps: row.steps, userId: m.userId, triggerKey, triggerData: { event: 'member.inactive', days: trigger.days, lastActiveAt: m.lastActiveAt } });
          if (id) started += 1;
        }
      });
      after = page[page.length - 1]!.userId;
      if (page.length < SCAN_PAGE) break;
    }
    if (started > 0) {
      jobs.poke();
      push.changed(tenantId, 'automations');
    }
    return started;
  }
  jobs.register(INACTIVITY_SCAN_JOB, async (payload) => {
    const p = payload as { tenantId: string; automationId: string };
    await scanInactive(p.tenantId, p.automationId);
  });

  return {
    onAdminNotice: engine.onAdminNotice,

    /** Starts the hourly inactivity check (idempotent; called when the core starts). */
    async scheduleOnStart(): Promise<void> {
      await scheduleCheck(db, clock.nowMs());
      jobs.poke();
    },

    /** Looks for quiet members now (the hourly check's work for one automation); returns runs started. */
    scanInactive,

    async list(tenantId: string): Promise<Automation[]> {
      await ensureBuiltins(tenantId);
      const rows = await db.selectFrom('automations').selectAll().where('tenantId', '=', tenantId).orderBy('createdAt').orderBy('id').execute();
      const counts = await runCounts(tenantId, rows.map((r) => r.id));
      // Built-ins first, in their fixed order, then the owner's own.
      const rank = (b: string | null) => (b === null ? BUILTIN_AUTOMATIONS.length : BUILTIN_AUTOMATIONS.findIndex((x) => x.builtin === b));
      return rows.sort((a, b) => rank(a.builtin) - rank(b.builtin)).map((r) => toAutomation(r, counts.get(r.id)));
    },

    get,

    async create(tenantId: string, raw: CreateAutomationInput): Promise<Automation> {
      const input = createAutomationInput.parse(raw);
      await checkSteps(tenantId, input.steps);
      const now = clock.nowIso();
      const id = newAutomationId('aut', clock.nowMs());
      await db
        .insertInto('automations')
        .values({ id, tenantId, builtin: null, name: input.name, trigger: JSON.stringify(input.trigger), steps: JSON.stringify(input.steps), enabled: 0, createdAt: now, updatedAt: now })
        .execute();
      return get(tenantId, id);
    },

    /** Changes name, trigger and/or steps; runs already started keep the steps they started with. */
    async update(tenantId: string, raw: UpdateAutomationInput): Promise<Automation> {
      const input = updateAutomationInput.parse(raw);
      await readRow(tenantId, input.id);
      if (input.steps) await checkSteps(tenantId, input.steps);
      await db
        .updateTable('automations')
        .set({
          ...(input.name !== undefined && { name: input.name }),
          ...(input.trigger !== undefined && { trigger: JSON.stringify(input.trigger) }),
          ...(input.steps !== undefined && { steps: JSON.stringify(input.steps) }),
          updatedAt: clock.nowIso(),
        })
        .where('id', '=', input.id)
        .where('tenantId', '=', tenantId)
        .execute();
      push.changed(tenantId, 'automations');
      return get(tenantId, input.id);
    },

    /**
     * Switches an automation on or off. Enabling the welcome flow with no premium group chosen
     * picks the community's group named "Premium…" when there is one.
     */
    async setEnabled(tenantId: string, input: { id: string; enabled: boolean }): Promise<Automation> {
      const row = await readRow(tenantId, input.id);
      const automation = toAutomation(row);
      let steps = automation.steps;
      if (input.enabled && steps.some((s) => s.type === 'add_to_group' && !s.groupId)) {
        const premium = await db.selectFrom('groups').select('id').where('tenantId', '=', tenantId).where(sql`lower(name)`, 'like', '%premium%').orderBy('createdAt').orderBy('id').executeTakeFirst();
        if (premium) steps = steps.map((s) => (s.type === 'add_to_group' && !s.groupId ? { ...s, groupId: premium.id } : s));
      }
      await db.transaction().execute(async (trx) => {
        await trx
          .updateTable('automations')
          .set({ enabled: input.enabled ? 1 : 0, steps: JSON.stringify(steps), updatedAt: clock.nowIso() })
          .where('id', '=', input.id)
          .where('tenantId', '=', tenantId)
          .execute();
        // An inactivity automation looks for quiet members as soon as it is on.
        if (input.enabled && automation.trigger.type === 'member.inactive') {
          await enqueueJob(trx, clock, { kind: INACTIVITY_SCAN_JOB, payload: { tenantId, automationId: input.id }, dedupeKey: `${INACTIVITY_SCAN_JOB}:${input.id}:enabled:${clock.nowIso()}`, tenantId });
          await scheduleCheck(trx, clock.nowMs() + INACTIVITY_CHECK_EVERY_MS);
        }
      });
      jobs.poke();
      push.changed(tenantId, 'automations');
      return get(tenantId, input.id);
    },

    /** An automation's runs, or a member's, newest first, with each step's log. */
    async runs(tenantId: string, raw: RunsInput): Promise<{ items: AutomationRunView[]; nextCursor: string | null }> {
      const input = runsInput.parse(raw);
      if (input.automationId) await readRow(tenantId, input.automationId);
      let q = db
        .selectFrom('automationRuns as r')
        .innerJoin('automations as a', 'a.id', 'r.automationId')
        .innerJoin('users as u', 'u.id', 'r.userId')
        .select(['r.id', 'r.automationId', 'a.name as automationName', 'r.userId', 'u.name as memberName', 'u.email as memberEmail', 'r.triggerKey', 'r.status', 'r.currentStep', 'r.endedReason', 'r.startedAt', 'r.endedAt', 'r.steps'])
        .where('r.tenantId', '=', tenantId);
      if (input.automationId) q = q.where('r.automationId', '=', input.automationId);
      if (input.userId) q = q.where('r.userId', '=', input.userId);
      if (input.cursor) {
        const at = await db.selectFrom('automationRuns').select(['startedAt', 'id']).where('id', '=', input.cursor).where('tenantId', '=', tenantId).executeTakeFirst();
        if (!at) throw invalid('cursor', 'is not a run of this community');
        q = q.where((eb) => eb.or([eb('r.startedAt', '<', at.startedAt), eb.and([eb('r.startedAt', '=', at.startedAt), eb('r.id', '<', at.id)])]));
      }
      const rows = await q.orderBy('r.startedAt', 'desc').orderBy('r.id', 'desc').limit(input.limit + 1).execute();
      const page = rows.slice(0, input.limit);
      const logs = page.length
        ? await db.selectFrom('automationRunSteps').selectAll().where('runId', 'in', page.map((r) => r.id)).orderBy('stepIndex').execute()
        : [];
      const items = page.map((r): AutomationRunView => {
        const steps = stepsSchema.parse(JSON.parse(r.steps));
        const mine = logs.filter((l) => l.runId === r.id);
        return {
          id: r.id,
          automationId: r.automationId,
          automationName: r.automationName,
          userId: r.userId,
          memberName: r.memberName ?? r.memberEmail,
          memberEmail: r.memberEmail,
          triggerKey: r.triggerKey,
          status: r.status,
          currentStep: Number(r.currentStep),
          endedReason: r.endedReason,
          startedAt: r.startedAt,
          endedAt: r.endedAt,
          steps: steps.map((s, index) => {
            const l = mine.find((x) => Number(x.stepIndex) === index);
            return { index, type: s.type, status: l?.status ?? 'pending', attempts: Number(l?.attempts ?? 0), detail: l?.detail ?? null, error: l?.error ?? null, finishedAt: l?.finishedAt ?? null };
          }),
        };
      });
      return { items, nextCursor: rows.length > input.limit ? page[page.length - 1]!.id : null };
    },

    async cancelRun(tenantId: string, input: { runId: string }): Promise<{ runId: string; canceled: boolean }> {
      const run = await db.selectFrom('automationRuns').select('id').where('id', '=', input.runId).where('tenantId', '=', tenantId).executeTakeFirst();
      if (!run) throw new DomainError('NOT_FOUND', `runId: no automation run ${input.runId} in this community`, { field: 'runId' });
      return { runId: input.runId, canceled: await engine.cancelRun(tenantId, input.runId, 'Canceled by an admin') };
    },

    /** Ends a member's runs (e.g. when they unsubscribe from email). */
    endRunsOf: engine.endRunsOf,
  };
}
export type AutomationsService = ReturnType<typeof createAutomationsService>;
