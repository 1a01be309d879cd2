import type { Insertable, Selectable, Updateable } from 'kysely';
import type { TenantsTable, UsersTable, ApiTokensTable, SignInCodesTable, BrowserSessionsTable, IdentityTables } from '../../areas/identity/tables';
import type { MembershipsTable, MemberCountsTable, InvitesTable, BulkOperationsTable, BulkOperationOutputsTable, MemberImportsTable, MemberImportChunksTable, MemberImportRowsTable, MembersTables } from '../../areas/members/tables';
import type { GroupsTable, GroupMembersTable, SpacesTable, SpaceMembersTable, PostsTable, CommentsTable, ReactionsTable, CommunityTables } from '../../areas/community/tables';
import type { PackagesTable, CatalogTables } from '../../areas/catalog/tables';
import type { CustomersTable, SubscriptionsTable, SubscriptionEventsTable, UsageCountersTable, EntitlementConsumptionsTable, BillingTables } from '../../areas/billing/tables';
import type { SegmentsTable, SegmentsTables } from '../../areas/segments/tables';
import type { CampaignsTable, CampaignRecipientsTable, CampaignsTables } from '../../areas/campaigns/tables';
import type { WebhookEventsTable, WebhookEndpointsTable, WebhookDeliveriesTable, WebhookDeliveryAttemptsTable, WebhooksTables } from '../../areas/webhooks/tables';
import type { SettingsTable, SettingsTables } from '../settings-tables';
import type { JobsTable, JobsTables } from '../jobs/tables';
import type { AuditLogTable, AuditTables } from '../audit-tables';
import type { NotificationsTable, ChatMessagesTable, RealtimeTables } from '../../areas/realtime/tables';
import type { AnalyticsTables } from '../../areas/analytics/tables';
import type { AutomationsTables } from '../../areas/automations/tables';

// The whole database as Kysely sees it, composed from the tables each area declares next to the
// code that writes them (areas/<area>/tables.ts, platform/jobs/tables.ts, platform/audit-tables.ts).
// The platform may not import areas; this file is the one exception, for types only (see
// eslint.config.js): a type-level composition, erased at build, so the layering at run time holds.
// Row types are camelCase (Kysely's CamelCasePlugin maps them to snake_case). Times are ISO-8601 UTC
// text; booleans are 0/1; money is integer minor units; JSON is text.

export type {
  TenantsTable,
  UsersTable,
  ApiTokensTable,
  SignInCodesTable,
  BrowserSessionsTable,
  MembershipsTable,
  MemberCountsTable,
  InvitesTable,
  BulkOperationsTable,
  BulkOperationOutputsTable,
  MemberImportsTable,
  MemberImportChunksTable,
  MemberImportRowsTable,
  GroupsTable,
  GroupMembersTable,
  SpacesTable,
  SpaceMembersTable,
  PostsTable,
  CommentsTable,
  ReactionsTable,
  PackagesTable,
  CustomersTable,
  SubscriptionsTable,
  SubscriptionEventsTable,
  UsageCountersTable,
  EntitlementConsumptionsTable,
  SegmentsTable,
  CampaignsTable,
  CampaignRecipientsTable,
  WebhookEventsTable,
  WebhookEndpointsTable,
  WebhookDeliveriesTable,
  WebhookDeliveryAttemptsTable,
  SettingsTable,
  JobsTable,
  AuditLogTable,
  NotificationsTable,
  ChatMessagesTable,
};

export interface Database
  extends IdentityTables,
    MembersTables,
    CommunityTables,
    CatalogTables,
    BillingTables,
    SegmentsTables,
    CampaignsTables,
    WebhooksTables,
    SettingsTables,
    JobsTables,
    AuditTables,
    AnalyticsTables,
    AutomationsTables,
    RealtimeTables {}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type NewMembership = Insertable<MembershipsTable>;
export type MembershipUpdate = Updateable<MembershipsTable>;
// Without its last use: that is written by authenticate and read by token-listing.ts only.
export type ApiToken = Omit<Selectable<ApiTokensTable>, 'lastUsedAt'>;
