// What the automations area needs of other areas, as narrow function types wired in create-core.
// Optional ones may be missing while their provider is not built yet: the step that needs one
// fails with a plain reason and is retried, so it goes through once the provider exists.

/** Contract 3 (campaigns): one email to one member through the campaigns ledger, once per dedupeKey. */
export type SendToMember = (input: {
  tenantId: string;
  userId: string;
  subject: string;
  html: string;
  dedupeKey: string;
  source?: { kind: 'automation'; automationId: string; runId: string };
}) => Promise<{ messageId: string | null; skipped?: string }>;

/** Contract 4 (community): a post written by the community (no author), once per dedupeKey. */
export type CreateSystemPost = (input: {
  tenantId: string;
  spaceId: string;
  authorUserId: string | null;
  title: string;
  content: string;
  dedupeKey: string;
}) => Promise<unknown>;

/** Contract 5 (realtime): a stored in-app notification, pushed to the window, once per dedupeKey. */
export type NotifyInApp = (input: {
  tenantId: string;
  to: { userIds: string[] } | 'admins';
  kind: string;
  title: string;
  body: string;
  link?: string;
  dedupeKey: string;
}) => Promise<unknown>;

/** Members: adds an active member to a group of the tenant (a no-op when already in it). */
export type AddToGroup = (input: { tenantId: string; userId: string; groupId: string }) => Promise<unknown>;

export interface AutomationPorts {
  addToGroup: AddToGroup;
  sendToMember?: SendToMember;
  createSystemPost?: CreateSystemPost;
  notify?: NotifyInApp;
  /** Campaigns: whether the member unsubscribed from this community's email (their runs end then). */
  isUnsubscribed?: (tenantId: string, userId: string) => Promise<boolean>;
}

/** What the desktop shell shows as an OS notification when an automation notifies admins. */
export interface AdminNotice {
  tenantId: string;
  automationId: string;
  runId: string;
  title: string;
  body: string;
}
