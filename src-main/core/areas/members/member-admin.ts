import type { Kysely } from 'kysely';
import type { Clock } from '../../platform/clock';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import type { EventBus } from '../../platform/events';
import type { JobRunner } from '../../platform/jobs/runner';
import { memberBulkService } from './member-bulk';
import { memberChangesService, type CriteriaFor } from './member-changes';
import { memberExportService } from './member-export';
import { memberImportService } from './member-import';
import { memberInviteService } from './member-invites';

/**
 * Everything that changes members, wired once from the composition root: single changes and
 * invites, and the bulk, import and export services built on the same change rules.
 */
export function memberAdminServices(deps: {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  events: EventBus;
  jobs: JobRunner;
  consoleOwnerId: () => Promise<string>;
  /** From the members service: what a filter and/or a saved segment select. */
  criteriaFor: CriteriaFor;
}) {
  const changes = memberChangesService(deps);
  return {
    changes,
    invites: memberInviteService(deps),
    bulk: memberBulkService({ ...deps, ops: changes.ops }),
    imports: memberImportService({ ...deps, ops: changes.ops }),
    exports: memberExportService(deps),
  };
}
export type MemberAdminServices = ReturnType<typeof memberAdminServices>;
