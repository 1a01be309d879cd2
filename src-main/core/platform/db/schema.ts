import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  JoinSource,
  MembershipStatus,
  PaymentProvider,
  PostStatus,
  Role,
  SpaceRole,
  SpaceType,
  SubscriptionStatus,
} from '../../../../src-shared/domain';

// Row types of db/migrations, in camelCase (Kysely's CamelCasePlugin maps them to snake_case).
// Times are ISO-8601 UTC text; booleans are 0/1; money is integer minor units; JSON is text.
type Bool = number;

export interface TenantsTable {
  id: string;
  slug: string;
  name: string;
  freePackageId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  avatarUrl: string | null;
  createdAt: string;
  erasedAt: string | null;
}

export interface MembershipsTable {
  id: string;
  tenantId: string;
  userId: string;
  role: Role;
  joinSource: JoinSource;
  status: Generated<MembershipStatus>;
  subscriptionStatus: SubscriptionStatus | null;
  compedUntil: string | null;
  isComped: Generated<Bool>;
  joinedAt: string;
  lastActiveAt: string | null;
  leftAt: string | null;
  /** lower(users.name) and lower(users.email), kept by triggers for sorting; never written by the app. */
  nameKey: Generated<string | null>;
  emailKey: Generated<string | null>;
}

export interface GroupsTable {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  createdAt: string;
}

export interface GroupMembersTable {
  groupId: string;
  userId: string;
  addedAt: string;
}

export interface SpacesTable {
  id: string;
  tenantId: string;
  groupId: string | null;
  name: string;
  type: SpaceType;
  createdAt: string;
}

export interface SpaceMembersTable {
  spaceId: string;
  userId: string;
  role: SpaceRole;
  joinedAt: string;
}

export interface PostsTable {
  id: string;
  tenantId: string;
  spaceId: string;
  authorId: string | null;
  title: string;
  content: string;
  status: PostStatus;
  scheduledAt: string | null;
  publishedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CommentsTable {
  id: string;
  postId: string;
  authorId: string | null;
  content: string;
  createdAt: string;
}

export interface ReactionsTable {
  id: string;
  postId: string;
  userId: string;
  kind: Generated<string>;
  createdAt: string;
}

export interface PackagesTable {
  id: string;
  tenantId: string;
  name: string;
  description: string | null;
  priceMinor: number;
  interval: Generated<'month' | 'year'>;
  currency: Generated<string>;
  maxUsers: Generated<number>;
  maxAiPosts: Generated<number>;
  maxSocialAccounts: Generated<number>;
  maxCampaigns: Generated<number>;
  displayFeatures: Generated<string>;
  salePriceMinor: number | null;
  saleStartsAt: string | null;
  saleEndsAt: string | null;
  variantId: string | null;
  stripeProductId: string | null;
  stripePriceId: string | null;
  isActive: Generated<Bool>;
  isPopular: Generated<Bool>;
  syncState: Generated<string>;
  syncError: string | null;
  archivedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CustomersTable {
  id: string;
  tenantId: string;
  userId: string | null;
  provider: PaymentProvider;
  providerCustomerId: string;
  email: string | null;
  createdAt: string;
}

export interface SubscriptionsTable {
  id: string;
  tenantId: string;
  userId: string | null;
  customerId: string | null;
  packageId: string | null;
  provider: PaymentProvider;
  providerSubscriptionId: string;
  planId: string | null;
  status: SubscriptionStatus;
  amountMinor: Generated<number>;
  currency: Generated<string>;
  interval: Generated<string>;
  currentPeriodEnd: string | null;
  cancelAtPeriodEnd: Generated<Bool>;
  startedAt: string;
  canceledAt: string | null;
  /** Paid access continues until then after a failed payment (owner's grace period). */
  graceEndsAt: string | null;
  providerUpdatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export interface SubscriptionEventsTable {
  id: string;
  tenantId: string;
  subscriptionId: string;
  kind: string;
  status: SubscriptionStatus;
  amountMinor: number;
  occurredAt: string;
}

export interface SegmentsTable {
  id: string;
  tenantId: string;
  name: string;
  filter: string;
  createdAt: string;
}

export interface CampaignsTable {
  id: string;
  tenantId: string;
  subject: string;
  content: string;
  audience: string;
  segmentId: string | null;
  status: 'draft' | 'scheduled' | 'sending' | 'sent' | 'failed' | 'canceled';
  scheduledAt: string | null;
  sentAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignRecipientsTable {
  id: string;
  campaignId: string;
  userId: string | null;
  email: string;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: Generated<number>;
  lastError: string | null;
  sentAt: string | null;
}

export interface WebhookEventsTable {
  id: string;
  provider: string;
  providerEventId: string;
  type: string;
  tenantId: string | null;
  headers: string;
  body: string;
  status: 'received' | 'applied' | 'ignored' | 'failed';
  attempts: Generated<number>;
  lastError: string | null;
  changes: string | null;
  receivedAt: string;
  processedAt: string | null;
  /** The member the event touched, once processed. */
  userId: string | null;
}

export interface WebhookEndpointsTable {
  id: string;
  tenantId: string;
  url: string;
  secretEncrypted: string;
  events: Generated<string>;
  enabled: Generated<Bool>;
  disabledReason: string | null;
  createdAt: string;
  description: string | null;
  updatedAt: string | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpointId: string;
  messageId: string;
  eventType: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: Generated<number>;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** Why it is waiting or failed: the last attempt's error, or why no attempt was made. */
  lastError: string | null;
}

export interface WebhookDeliveryAttemptsTable {
  id: string;
  deliveryId: string;
  attemptedAt: string;
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
  durationMs: number;
}

export interface JobsTable {
  id: string;
  kind: string;
  payload: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: Generated<number>;
  maxAttempts: Generated<number>;
  runAt: string;
  lockedUntil: string | null;
  dedupeKey: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  /** Which concurrency limit it counts against (see core/jobs/work-kinds.ts). */
  workKind: Generated<string>;
  /** The tenant it runs for, '' for platform work: tenants take turns within a kind. */
  tenantKey: Generated<string>;
}

export interface ApiTokensTable {
  id: string;
  tenantId: string;
  userId: string;
  role: Role;
  label: string | null;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** A one-time sign-in code (only its SHA-256 is stored); see services/session.ts. */
export interface SignInCodesTable {
  codeHash: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

export interface SettingsTable {
  scope: string;
  key: string;
  value: string;
  isSecret: Generated<Bool>;
  updatedAt: string;
}

export interface AuditLogTable {
  id: string;
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before: string | null;
  after: string | null;
  createdAt: Generated<string>;
}

/** Metered use per member, metric and calendar month ('YYYY-MM', UTC). */
export interface UsageCountersTable {
  tenantId: string;
  userId: string;
  metric: string;
  period: string;
  count: Generated<number>;
  updatedAt: string;
  overLimitSince: string | null;
}

/** One accepted entitlements.consume by idempotency key, with the answer it got. */
export interface EntitlementConsumptionsTable {
  tenantId: string;
  userId: string;
  idempotencyKey: string;
  metric: string;
  period: string;
  amount: number;
  used: number;
  max: number;
  resetsAt: string | null;
  createdAt: string;
  releasedAt: string | null;
}

/** An invite link; only the token's SHA-256 is stored. groupIds is a JSON array. */
export interface InvitesTable {
  id: string;
  tenantId: string;
  tokenHash: string;
  email: string;
  name: string | null;
  role: Role;
  groupIds: Generated<string>;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  acceptedUserId: string | null;
  revokedAt: string | null;
}

/** A bulk action over many members; target, params and failures are JSON. */
export interface BulkOperationsTable {
  id: string;
  tenantId: string;
  action: string;
  target: string;
  params: Generated<string>;
  status: 'pending' | 'running' | 'done' | 'failed';
  total: Generated<number>;
  done: Generated<number>;
  changed: Generated<number>;
  unchanged: Generated<number>;
  failed: Generated<number>;
  failures: Generated<string>;
  cursor: string | null;
  parts: Generated<number>;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface BulkOperationOutputsTable {
  operationId: string;
  part: number;
  rows: number;
  content: string;
}

/** An uploaded member CSV; columns, mapping, summary and result are JSON. */
export interface MemberImportsTable {
  id: string;
  tenantId: string;
  fileName: string | null;
  status: 'uploading' | 'uploaded' | 'previewed' | 'committing' | 'committed' | 'failed';
  bytes: Generated<number>;
  chunks: Generated<number>;
  rowCount: Generated<number>;
  columns: Generated<string>;
  mapping: string | null;
  summary: string | null;
  mode: string | null;
  done: Generated<number>;
  cursor: Generated<number>;
  result: string | null;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

export interface MemberImportChunksTable {
  importId: string;
  seq: number;
  content: string;
}

export interface MemberImportRowsTable {
  importId: string;
  rowNumber: number;
  fields: string;
  email: string | null;
  status: string | null;
  error: string | null;
  changes: string | null;
}

/** Active members per tenant and (role, join source, subscription status or '', comp flag); kept by triggers. */
export interface MemberCountsTable {
  tenantId: string;
  role: Role;
  joinSource: JoinSource;
  subscriptionStatus: SubscriptionStatus | '';
  isComped: Bool;
  n: number;
}

export interface Database {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  groups: GroupsTable;
  groupMembers: GroupMembersTable;
  spaces: SpacesTable;
  spaceMembers: SpaceMembersTable;
  posts: PostsTable;
  comments: CommentsTable;
  reactions: ReactionsTable;
  packages: PackagesTable;
  customers: CustomersTable;
  subscriptions: SubscriptionsTable;
  subscriptionEvents: SubscriptionEventsTable;
  segments: SegmentsTable;
  campaigns: CampaignsTable;
  campaignRecipients: CampaignRecipientsTable;
  webhookEvents: WebhookEventsTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  webhookDeliveryAttempts: WebhookDeliveryAttemptsTable;
  jobs: JobsTable;
  apiTokens: ApiTokensTable;
  signInCodes: SignInCodesTable;
  settings: SettingsTable;
  auditLog: AuditLogTable;
  memberCounts: MemberCountsTable;
  usageCounters: UsageCountersTable;
  entitlementConsumptions: EntitlementConsumptionsTable;
  invites: InvitesTable;
  bulkOperations: BulkOperationsTable;
  bulkOperationOutputs: BulkOperationOutputsTable;
  memberImports: MemberImportsTable;
  memberImportChunks: MemberImportChunksTable;
  memberImportRows: MemberImportRowsTable;
}

export type Tenant = Selectable<TenantsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type NewMembership = Insertable<MembershipsTable>;
export type MembershipUpdate = Updateable<MembershipsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
