import { z } from 'zod';
import { JOIN_SOURCES } from '@shared/domain';
import { hasNoControlChars, CONTROL_CHARS_MESSAGE, idSchema } from '@shared/schemas/common';
import { groupIdSchema, spaceIdSchema } from '@shared/schemas/member-changes';
import { userIdSchema } from '@shared/schemas/members';

// What an automation is made of: one trigger and an ordered list of steps (issue 11 §7). Both are
// stored as JSON and read back through these schemas, so a stored automation is always one the
// editor could have saved.

export const automationIdSchema = idSchema('aut');
export const runIdSchema = idSchema('arun');

const line = (max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'is required')
    .max(max, `must be at most ${max} characters`)
    .refine(hasNoControlChars, CONTROL_CHARS_MESSAGE);
const text = (max: number) => z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);

export const DEFAULT_INACTIVE_DAYS = 14;

export const triggerSchema = z.discriminatedUnion('type', [
  /** A member joined; only those who joined one of `joinSources` (all when empty). */
  z.strictObject({ type: z.literal('member.joined'), joinSources: z.array(z.enum(JOIN_SOURCES)).max(JOIN_SOURCES.length).default([]) }),
  z.strictObject({ type: z.literal('subscription.created') }),
  z.strictObject({ type: z.literal('subscription.canceled') }),
  z.strictObject({ type: z.literal('payment.failed') }),
  /** No activity for `days` days: once per lapse (a member active again can lapse again). */
  z.strictObject({ type: z.literal('member.inactive'), days: z.number().int().min(1, 'must be at least 1 day').max(365, 'must be at most 365 days').default(DEFAULT_INACTIVE_DAYS) }),
]);
export type AutomationTrigger = z.output<typeof triggerSchema>;
export type TriggerType = AutomationTrigger['type'];

/** A step may apply only to members who joined a certain way (the seed: paid joiners get the premium group). */
const onlyJoinSources = z.array(z.enum(JOIN_SOURCES)).max(JOIN_SOURCES.length).optional();

export const stepSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('wait'), amount: z.number().int().min(1, 'must be at least 1').max(10_000, 'is too long'), unit: z.enum(['minutes', 'hours', 'days']), onlyJoinSources }),
  z.strictObject({ type: z.literal('send_email'), subject: line(200), html: text(100_000), onlyJoinSources }),
  /** groupId null: not chosen yet (the step is skipped and says so). */
  z.strictObject({ type: z.literal('add_to_group'), groupId: groupIdSchema.nullable(), onlyJoinSources }),
  /** spaceId null: the community's first feed space. */
  z.strictObject({ type: z.literal('intro_post'), spaceId: spaceIdSchema.nullable(), title: line(200), content: text(20_000), onlyJoinSources }),
  z.strictObject({ type: z.literal('notify_admins'), title: line(120), body: line(500), onlyJoinSources }),
]);
export type AutomationStep = z.output<typeof stepSchema>;
export type StepType = AutomationStep['type'];

export const MAX_STEPS = 20;
export const stepsSchema = z.array(stepSchema).min(1, 'add at least one step').max(MAX_STEPS, `may have at most ${MAX_STEPS} steps`);

export const automationIdInput = z.strictObject({ id: automationIdSchema });
export const createAutomationInput = z.strictObject({ name: line(100), trigger: triggerSchema, steps: stepsSchema });
export const updateAutomationInput = z
  .strictObject({ id: automationIdSchema, name: line(100).optional(), trigger: triggerSchema.optional(), steps: stepsSchema.optional() })
  .refine((u) => u.name !== undefined || u.trigger !== undefined || u.steps !== undefined, { message: 'give a new name, trigger or steps', path: ['name'] });
export const setEnabledInput = z.strictObject({ id: automationIdSchema, enabled: z.boolean() });

const pageFields = {
  limit: z.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  /** The last run of the previous page. */
  cursor: runIdSchema.nullish(),
  /** Sent by TanStack's infinite queries; pages only go forward. */
  direction: z.enum(['forward', 'backward']).optional(),
};
/** Runs of one automation, or of one member (across automations). */
export const runsInput = z
  .strictObject({ automationId: automationIdSchema.optional(), userId: userIdSchema.optional(), ...pageFields })
  .refine((i) => i.automationId !== undefined || i.userId !== undefined, { message: 'give an automationId or a userId', path: ['automationId'] });
export type RunsInput = z.input<typeof runsInput>;
export const runIdInput = z.strictObject({ runId: runIdSchema });

export type CreateAutomationInput = z.input<typeof createAutomationInput>;
export type UpdateAutomationInput = z.input<typeof updateAutomationInput>;
