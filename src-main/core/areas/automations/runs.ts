import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { JoinSource } from '@shared/domain';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import { PermanentFailure } from '../../platform/jobs/backoff';
import { enqueueJob } from '../../platform/jobs/queue';
import type { AreaPlatform } from '../area';
import { fillTags, mergeValues } from './merge-tags';
import type { AdminNotice, AutomationPorts } from './ports';
import { stepsSchema, type AutomationStep } from './schemas';
import type { AutomationRunStatus, AutomationStepStatus } from './tables';

export const STEP_JOB = 'automations.step';
/** A step is tried this many times (backoff in between) before its run is marked failed. */
export const STEP_MAX_ATTEMPTS = 8;

const ENDED: AutomationRunStatus[] = ['completed', 'failed', 'canceled'];
export const ACTIVE_RUN: AutomationRunStatus[] = ['running', 'waiting'];

interface StepJob {
  tenantId: string;
  runId: string;
  stepIndex: number;
}

const WAIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

const JOIN_WORDS: Record<JoinSource, string> = { paid: 'paid', free_signup: 'signed up free', invite_link: 'came through an invite' };

/** An id in the platform's style (prefix, base-36 time, random). */
export function newAutomationId(prefix: 'aut' | 'arun', nowMs: number): string {
  const random = [...randomBytes(12)].map((b) => (b % 36).toString(36)).join('');
  return `${prefix}_${nowMs.toString(36).padStart(8, '0')}${random}`;
}

/** What a step did: `done`/`skipped` with words for the log; `end` stops the run after it. */
interface Outcome {
  status: Extract<AutomationStepStatus, 'done' | 'skipped'>;
  detail: string;
  /** For a wait: when the next step is due. */
  nextAt?: string;
  end?: { status: AutomationRunStatus; reason: string };
}

export function runEngine(platform: AreaPlatform, ports: AutomationPorts) {
  const { db, clock, jobs, push, logger } = platform;
  const noticeListeners = new Set<(notice: AdminNotice) => void>();

  const stepKey = (runId: string, index: number) => `automation-step:${runId}:${index}`;

  function enqueueStep(trx: Kysely<Database>, job: StepJob, runAt?: string) {
    return enqueueJob(trx, clock, { kind: STEP_JOB, payload: job, dedupeKey: stepKey(job.runId, job.stepIndex), runAt, maxAttempts: STEP_MAX_ATTEMPTS, tenantId: job.tenantId });
  }

  /**
   * Starts a run for a member unless this trigger already started one (the unique automation,
   * member, trigger key): an event delivered twice, or the same lapse seen again, starts nothing.
   * Returns the new run's id, or null.
   */
  async function startRun(
    trx: Kysely<Database>,
    input: { tenantId: string; automationId: string; steps: string; userId: string; triggerKey: string; triggerData: unknown },
  ): Promise<string | null> {
    const now = clock.nowIso();
    const id = newAutomationId('arun', clock.nowMs());
    const inserted = await trx
      .insertInto('automationRuns')
      .values({
        id,
        tenantId: input.tenantId,
        automationId: input.automationId,
        userId: input.userId,
        triggerKey: input.triggerKey,
        triggerData: JSON.stringify(input.triggerData ?? {}),
        steps: input.steps,
        status: 'running',
        currentStep: 0,
        endedReason: null,
        startedAt: now,
        updatedAt: now,
        endedAt: null,
      })
      .onConflict((oc) => oc.columns(['automationId', 'userId', 'triggerKey']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return null;
    await enqueueStep(trx, { tenantId: input.tenantId, runId: id, stepIndex: 0 });
    return id;
  }

  /** Ends the member's active runs (they left, or unsubscribed); returns how many. */
  async function endRunsOf(tenantId: string, userId: string, reason: string): Promise<number> {
    const now = clock.nowIso();
    const result = await db
      .updateTable('automationRuns')
      .set({ status: 'canceled', endedReason: reason, endedAt: now, updatedAt: now })
      .where('tenantId', '=', tenantId)
      .where('userId', '=', userId)
      .where('status', 'in', ACTIVE_RUN)
      .executeTakeFirst();
    const n = Number(result.numUpdatedRows);
    if (n > 0) push.changed(tenantId, 'automations');
    return n;
  }

  async function endRun(runId: string, status: AutomationRunStatus, reason: string | null) {
    const now = clock.nowIso();
    await db.updateTable('automationRuns').set({ status, endedReason: reason, endedAt: now, updatedAt: now }).where('id', '=', runId).where('status', 'in', ACTIVE_RUN).execute();
  }

  async function logStep(runId: string, index: number, type: string, set: { status: AutomationStepStatus; attempts?: number; detail?: string | null; error?: string | null; finished?: boolean }) {
    const now = clock.nowIso();
    const values = {
      status: set.status,
      ...(set.attempts !== undefined && { attempts: set.attempts }),
      ...(set.detail !== undefined && { detail: set.detail }),
      ...(set.error !== undefined && { error: set.error }),
      finishedAt: set.finished ? now : null,
    };
    await db
      .insertInto('automationRunSteps')
      .values({ runId, stepIndex: index, type, startedAt: now, detail: null, error: null, attempts: 0, ...values })
      .onConflict((oc) => oc.columns(['runId', 'stepIndex']).doUpdateSet(values))
      .execute();
  }

  async function communityName(tenantId: string) {
    const t = await db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
    return t?.name ?? 'our community';
  }

  /** The step's effect; each passes a dedupe key of run + step, so a retry never repeats it. */
  async function perform(
    step: AutomationStep,
    ctx: { tenantId: string; automationId: string; runId: string; index: number; userId: string; member: { name: string | null; email: string } },
  ): Promise<Outcome> {
    const dedupeKey = `automation:${ctx.runId}:${ctx.index}`;
    const values = mergeValues(ctx.member, await communityName(ctx.tenantId));
    switch (step.type) {
      case 'wait': {
        const nextAt = new Date(clock.nowMs() + step.amount * WAIT_MS[step.unit]).toISOString();
        return { status: 'done', detail: `Waited ${step.amount} ${step.amount === 1 ? step.unit.slice(0, -1) : step.unit} (next step at ${nextAt})`, nextAt };
      }
      case 'send_email': {
        if (!ports.sendToMember) throw new Error('email sending is not available yet');
        const subject = fillTags(step.subject, values, 'text');
        const result = await ports.sendToMember({
          tenantId: ctx.tenantId,
          userId: ctx.userId,
          subject,
          html: fillTags(step.html, values, 'html'),
          dedupeKey,
          source: { kind: 'automation', automationId: ctx.automationId, runId: ctx.runId },
        });
        if (result.skipped) {
          if (/unsubscrib/i.test(result.skipped)) return { status: 'skipped', detail: `Email not sent: ${result.skipped}`, end: { status: 'canceled', reason: 'The member unsubscribed from email' } };
          return { status: 'skipped', detail: `Email not sent: ${result.skipped}` };
        }
        return { status: 'done', detail: `Email "${subject}" handed to the mail queue` };
      }
      case 'add_to_group': {
        if (!step.groupId) return { status: 'skipped', detail: 'No group chosen for this step; edit the automation to pick one' };
        const group = await db.selectFrom('groups').select('name').where('id', '=', step.groupId).where('tenantId', '=', ctx.tenantId).executeTakeFirst();
        if (!group) return { status: 'skipped', detail: 'The group of this step no longer exists' };
        try {
          await ports.addToGroup({ tenantId: ctx.tenantId, userId: ctx.userId, groupId: step.groupId });
        } catch (err) {
          // A refusal (no longer a member, no such group) will not change by retrying.
          if (err instanceof DomainError) throw new PermanentFailure(err.message);
          throw err;
        }
        return { status: 'done', detail: `Added to ${group.name}` };
      }
      case 'intro_post': {
        let spaceQuery = db.selectFrom('spaces').select(['id', 'name']).where('tenantId', '=', ctx.tenantId);
        spaceQuery = step.spaceId ? spaceQuery.where('id', '=', step.spaceId) : spaceQuery.where('type', '=', 'FEED').orderBy('createdAt').orderBy('id');
        const space = await spaceQuery.executeTakeFirst();
        if (!space) return { status: 'skipped', detail: step.spaceId ? 'The space of this step no longer exists' : 'No feed space to post in' };
        if (!ports.createSystemPost) throw new Error('introduction posts are not available yet');
        await ports.createSystemPost({
          tenantId: ctx.tenantId,
          spaceId: space.id,
          authorUserId: null,
          title: fillTags(step.title, values, 'text'),
          content: fillTags(step.content, values, 'html'),
          dedupeKey,
        });
        return { status: 'done', detail: `Introduction prompt posted in ${space.name}` };
      }
      case 'notify_admins': {
        if (!ports.notify) throw new Error('in-app notifications are not available yet');
        const title = fillTags(step.title, values, 'text');
        const body = fillTags(step.body, values, 'text');
        await ports.notify({ tenantId: ctx.tenantId, to: 'admins', kind: 'automation', title, body, link: '#/automations', dedupeKey });
        for (const listener of noticeListeners) {
          try {
            listener({ tenantId: ctx.tenantId, automationId: ctx.automationId, runId: ctx.runId, title, body });
          } catch (err) {
            logger.warn('automation notice not shown', { error: String(err) });
          }
        }
        return { status: 'done', detail: `Admins notified: ${title}` };
      }
    }
  }

  async function runStep(job: StepJob, attempt: number): Promise<void> {
    const run = await db.selectFrom('automationRuns').selectAll().where('id', '=', job.runId).where('tenantId', '=', job.tenantId).executeTakeFirst();
    // Ended (the member left, an admin canceled) or already past this step: nothing to do.
    if (!run || ENDED.includes(run.status) || run.currentStep !== job.stepIndex) return;
    const steps = stepsSchema.parse(JSON.parse(run.steps));
    const step = steps[job.stepIndex];
    if (!step) return void (await endRun(run.id, 'completed', null));
    const member = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['m.status', 'm.joinSource', 'u.name', 'u.email'])
      .where('m.tenantId', '=', job.tenantId)
      .where('m.userId', '=', run.userId)
      .executeTakeFirst();
    if (!member || member.status !== 'active') {
      await endRun(run.id, 'canceled', 'The member left the community');
      push.changed(job.tenantId, 'automations');
      return;
    }
    if (ports.isUnsubscribed && (await ports.isUnsubscribed(job.tenantId, run.userId))) {
      await endRun(run.id, 'canceled', 'The member unsubscribed from email');
      push.changed(job.tenantId, 'automations');
      return;
    }
    if (run.status === 'waiting') await db.updateTable('automationRuns').set({ status: 'running', updatedAt: clock.nowIso() }).where('id', '=', run.id).where('status', '=', 'waiting').execute();
    await logStep(run.id, job.stepIndex, step.type, { status: 'running', attempts: attempt });

    let outcome: Outcome;
    if (step.onlyJoinSources?.length && !step.onlyJoinSources.includes(member.joinSource)) {
      outcome = { status: 'skipped', detail: `Skipped: only for members who ${step.onlyJoinSources.map((s) => JOIN_WORDS[s]).join(' or ')}` };
    } else {
      try {
        outcome = await perform(step, { tenantId: job.tenantId, automationId: run.automationId, runId: run.id, index: job.stepIndex, userId: run.userId, member });
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const last = err instanceof PermanentFailure || attempt >= STEP_MAX_ATTEMPTS;
        await logStep(run.id, job.stepIndex, step.type, { status: last ? 'failed' : 'retrying', error: message, finished: last });
        if (last) await endRun(run.id, 'failed', `Step ${job.stepIndex + 1} failed: ${message}`);
        push.changed(job.tenantId, 'automations');
        throw err;
      }
    }

    const next = job.stepIndex + 1;
    await db.transaction().execute(async (trx) => {
      const now = clock.nowIso();
      await trx
        .updateTable('automationRunSteps')
        .set({ status: outcome.status, detail: outcome.detail, error: null, finishedAt: now })
        .where('runId', '=', run.id)
        .where('stepIndex', '=', job.stepIndex)
        .execute();
      if (outcome.end || next >= steps.length) {
        const end = outcome.end ?? { status: 'completed' as const, reason: null };
        await trx.updateTable('automationRuns').set({ status: end.status, endedReason: end.reason, endedAt: now, updatedAt: now }).where('id', '=', run.id).where('status', 'in', ACTIVE_RUN).execute();
        return;
      }
      const moved = await trx
        .updateTable('automationRuns')
        .set({ currentStep: next, status: outcome.nextAt ? 'waiting' : 'running', updatedAt: now })
        .where('id', '=', run.id)
        .where('currentStep', '=', job.stepIndex)
        .where('status', 'in', ACTIVE_RUN)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) > 0) await enqueueStep(trx, { tenantId: job.tenantId, runId: run.id, stepIndex: next }, outcome.nextAt);
    });
    jobs.poke();
    push.changed(job.tenantId, 'automations');
  }

  jobs.register(STEP_JOB, async (payload, job) => runStep(payload as StepJob, job.attempts));

  return {
    startRun,
    endRunsOf,
    /** Cancels one active run; false when it had already ended. */
    async cancelRun(tenantId: string, runId: string, reason: string): Promise<boolean> {
      const now = clock.nowIso();
      const r = await db
        .updateTable('automationRuns')
        .set({ status: 'canceled', endedReason: reason, endedAt: now, updatedAt: now })
        .where('id', '=', runId)
        .where('tenantId', '=', tenantId)
        .where('status', 'in', ACTIVE_RUN)
        .executeTakeFirst();
      push.changed(tenantId, 'automations');
      return Number(r.numUpdatedRows) > 0;
    },
    /** The desktop shell's OS notification when an automation notifies admins; returns an unsubscribe. */
    onAdminNotice(listener: (notice: AdminNotice) => void): () => void {
      noticeListeners.add(listener);
      return () => noticeListeners.delete(listener);
    },
  };
}
export type RunEngine = ReturnType<typeof runEngine>;
