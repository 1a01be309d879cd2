import type { Migration } from 'kysely';
import * as createPlatformTables from './20261122083000_create_platform_tables';
import * as createMemberSearch from './20261122083100_create_member_search';
import * as addWebhookMemberAndGrace from './20261122090500_add_webhook_member_and_grace';
import * as createUsageCounters from './20261122090000_create_usage_counters';
import * as createMemberTransferTables from './20261122110000_create_member_transfer_tables';
import * as createMemberCounts from './20261122113000_create_member_counts';
import * as addMembershipSortKeys from './20261122113010_add_membership_sort_keys';
import * as addMemberListIndexes from './20261122113100_add_member_list_indexes';
import * as addWebhookEndpointDetails from './20261122130000_add_webhook_endpoint_details';
import * as addSubscriptionsCustomerIndex from './20261122140000_add_subscriptions_customer_index';
import * as addJobWorkKindAndTenant from './20261123090000_add_job_work_kind_and_tenant';
import * as createSignInCodes from './20261123100000_create_sign_in_codes';
import * as addApiTokenLastUsed from './20261123120000_add_api_token_last_used';
import * as createBrowserSessions from './20261124090000_create_browser_sessions';
import * as createEntitlementConsumptions from './20261124141400_create_entitlement_consumptions';
import * as extendCampaigns from './20261202100000_extend_campaigns';
import * as addCampaignSendLease from './20261202100100_add_campaign_send_lease';
import * as createNotificationsAndChat from './20261202130000_create_notifications_and_chat';
import * as createAnalyticsReadModels from './20261202140000_create_analytics_read_models';
import * as extendCommunity from './20261202120000_extend_community';
import * as createAutomations from './20261202110000_create_automations';

// Registered statically so that a bundled app finds them. Names are `<timestamp>_<verb>_<object>`;
// Kysely's migrator refuses a set whose order was changed after it ran (forward-only, no `down`).
export const migrations: Record<string, Migration> = {
  '20261122083000_create_platform_tables': createPlatformTables,
  '20261122083100_create_member_search': createMemberSearch,
  '20261122090500_add_webhook_member_and_grace': addWebhookMemberAndGrace,
  '20261122090000_create_usage_counters': createUsageCounters,
  '20261122110000_create_member_transfer_tables': createMemberTransferTables,
  '20261122113000_create_member_counts': createMemberCounts,
  '20261122113010_add_membership_sort_keys': addMembershipSortKeys,
  '20261122113100_add_member_list_indexes': addMemberListIndexes,
  '20261122130000_add_webhook_endpoint_details': addWebhookEndpointDetails,
  '20261122140000_add_subscriptions_customer_index': addSubscriptionsCustomerIndex,
  '20261123090000_add_job_work_kind_and_tenant': addJobWorkKindAndTenant,
  '20261123100000_create_sign_in_codes': createSignInCodes,
  '20261123120000_add_api_token_last_used': addApiTokenLastUsed,
  '20261124090000_create_browser_sessions': createBrowserSessions,
  '20261124141400_create_entitlement_consumptions': createEntitlementConsumptions,
  '20261202100000_extend_campaigns': extendCampaigns,
  '20261202100100_add_campaign_send_lease': addCampaignSendLease,
  '20261202130000_create_notifications_and_chat': createNotificationsAndChat,
  '20261202140000_create_analytics_read_models': createAnalyticsReadModels,
  '20261202120000_extend_community': extendCommunity,
  '20261202110000_create_automations': createAutomations,
};
