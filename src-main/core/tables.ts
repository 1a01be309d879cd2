import { BILLING_TABLES } from './areas/billing/tables';
import { CATALOG_TABLES } from './areas/catalog/tables';
import { COMMUNITY_TABLES } from './areas/community/tables';
import { IDENTITY_TABLES } from './areas/identity/tables';
import { MEMBERS_TABLES } from './areas/members/tables';
import { SEGMENTS_TABLES } from './areas/segments/tables';
import { CAMPAIGNS_TABLES } from './areas/campaigns/tables';
import { SETTINGS_TABLES } from './platform/settings-tables';
import { WEBHOOKS_TABLES } from './areas/webhooks/tables';
import { AUDIT_TABLES } from './platform/audit-tables';
import type { Database } from './platform/db/schema';
import type { TablesOf } from './platform/db/table-columns';
import { JOBS_TABLES } from './platform/jobs/tables';
import { REALTIME_TABLES } from './areas/realtime/tables';
import { ANALYTICS_TABLES } from './areas/analytics/tables';
import { AUTOMATIONS_TABLES } from './areas/automations/tables';

/**
 * Every declared table and its columns (camelCase), at run time: what the migrated database must
 * hold exactly (test/integration/platform/schema-matches-migrations.test.ts). Typed against
 * Database, so an area left out here fails the typecheck.
 */
export const DECLARED_TABLES: TablesOf<Database> = {
  ...IDENTITY_TABLES,
  ...MEMBERS_TABLES,
  ...COMMUNITY_TABLES,
  ...CATALOG_TABLES,
  ...BILLING_TABLES,
  ...SEGMENTS_TABLES,
  ...CAMPAIGNS_TABLES,
  ...WEBHOOKS_TABLES,
  ...SETTINGS_TABLES,
  ...JOBS_TABLES,
  ...AUDIT_TABLES,
  ...REALTIME_TABLES,
  ...ANALYTICS_TABLES,
  ...AUTOMATIONS_TABLES,
};
