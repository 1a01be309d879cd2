import type { Generated } from 'kysely';
import type { Bool, TablesOf } from '../../platform/db/table-columns';

// Tables of the automations area, as the row types Kysely sees (camelCase; the database names are snake_case).

export type AutomationRunStatus = 'running' | 'waiting' | 'completed' | 'failed' | 'canceled';
export type AutomationStepStatus = 'running' | 'retrying' | 'done' | 'skipped' | 'failed';

/** An automation: trigger and steps are JSON (see schemas.ts); `builtin` names a ready-made one. */
export interface AutomationsTable {
  id: string;
  tenantId: string;
  builtin: string | null;
  name: string;
  trigger: string;
  steps: string;
  enabled: Generated<Bool>;
  createdAt: string;
  updatedAt: string;
}

/** One member going through an automation; `steps` is the automation's steps when it started. */
export interface AutomationRunsTable {
  id: string;
  tenantId: string;
  automationId: string;
  userId: string;
  /** What started it, e.g. `joined`, `sub:<id>`, `inactive:<last active>`: unique per automation and member. */
  triggerKey: string;
  triggerData: string;
  steps: string;
  status: AutomationRunStatus;
  currentStep: Generated<number>;
  endedReason: string | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
}

/** The run log: one row per step a run reached. */
export interface AutomationRunStepsTable {
  runId: string;
  stepIndex: number;
  type: string;
  status: AutomationStepStatus;
  attempts: Generated<number>;
  detail: string | null;
  error: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface AutomationsTables {
  automations: AutomationsTable;
  automationRuns: AutomationRunsTable;
  automationRunSteps: AutomationRunStepsTable;
}

/** The same tables and columns at run time, for the schema test; TypeScript rejects a missing or extra one. */
export const AUTOMATIONS_TABLES: TablesOf<AutomationsTables> = {
  automations: { id: true, tenantId: true, builtin: true, name: true, trigger: true, steps: true, enabled: true, createdAt: true, updatedAt: true },
  automationRuns: {
    id: true, tenantId: true, automationId: true, userId: true, triggerKey: true, triggerData: true, steps: true, status: true,
    currentStep: true, endedReason: true, startedAt: true, updatedAt: true, endedAt: true,
  },
  automationRunSteps: { runId: true, stepIndex: true, type: true, status: true, attempts: true, detail: true, error: true, startedAt: true, finishedAt: true },
};
