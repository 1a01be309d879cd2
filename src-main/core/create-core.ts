import { join } from 'node:path';
import { systemClock, type Clock } from './platform/clock';
import type { CoreConfig } from './config';
import { sqlitePathIn } from './config';
import { openDatabase, type DatabaseHandle } from './platform/db/connect';
import { migrateToLatest } from './platform/db/migrate';
import { createJsonLogger, type Logger } from './platform/logger';
import { createSecretBox, loadMasterKey, type SecretBox } from './platform/secrets';
import { createJobRunner, type JobRunner } from './platform/jobs/runner';
import { createEventBus } from './platform/events';
import { gatewayFactories, type GatewayFactories } from './gateways';
import { createPushHub, type PushHub } from './platform/push/hub';
import { pushingJobRunner } from './platform/push/job-feed';
import { queueService } from './platform/push/queue';
import { createPgPushRelay, type PushRelay } from './platform/push/relay';
import { signingSecretsFromEnv, type SigningSecretConfig } from './areas/webhooks/signing-secrets';
import { providerEnvFrom, type ProviderEnv } from './areas/settings/provider-config';
import { createCommunityArea } from './areas/community';
import { settingsEnvFrom } from './areas/settings/settings-services';
import type { AreaPlatform } from './areas/area';
import { createAnalyticsArea } from './areas/analytics';
import { membershipsRepository } from './areas/members/repositories/memberships';
import { createIdentityArea } from './areas/identity';
import { createSettingsArea, createSettingsStore, createTokenUseRecorder } from './areas/settings';
import { createCatalogArea } from './areas/catalog';
import { createBillingArea } from './areas/billing';
import { createWebhooksArea } from './areas/webhooks';
import { createBillingSyncArea } from './areas/webhooks/sync';
import { createMembersArea } from './areas/members';
import { createSegmentsArea, createSegmentsStore } from './areas/segments';
import { createRealtimeArea } from './areas/realtime';
import { createAutomationsArea } from './areas/automations';
import { createCampaignsArea } from './areas/campaigns';
import { memberWhere } from './areas/members/repositories/member-filters';

export interface Core {
  database: DatabaseHandle;
  services: Services;
  /** The durable job queue's runner; started by the app, drained by tests. */
  jobs: JobRunner;
  logger: Logger;
  /** Starts background work (the job runner). The HTTP server is started separately. */
  start(): void;
  close(): Promise<void>;
}

export type Services = ReturnType<typeof buildServices>;

/** The composition root: everything the core needs is built here from the config, once. */
export async function createCore(config: CoreConfig): Promise<Core> {
  const logger = config.logger ?? createJsonLogger();
  const clock = config.clock ?? systemClock;
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: sqlitePathIn(config.dataDir),
    postgresSchema: config.postgresSchema,
    logger,
  });
  try {
    await migrateToLatest(database.db);
  } catch (err) {
    await database.close();
    throw err;
  }
  const secrets = createSecretBox(
    loadMasterKey({ envValue: config.masterKey, keyFile: join(config.dataDir, 'master.key') }),
  );
  // Open windows hear of every finished job's changes (push/job-feed.ts), so none of them polls.
  const push = createPushHub({ clock });
  // Several consoles on one PostgreSQL (a team's servers): windows hear of changes made by any of them.
  const relay = database.dialect === 'postgres' && config.databaseUrl ? await startPushRelay(config.databaseUrl, config.postgresSchema, push, logger) : null;
  const jobs = pushingJobRunner(createJobRunner({ db: database.db, clock, logger }), { push, db: database.db });
  const webhookSecrets = config.webhookSigningSecrets ?? signingSecretsFromEnv(process.env);
  const providerEnv = config.providers ?? providerEnvFrom(process.env);
  const gateways = gatewayFactories(config.gateways);
  const services = buildServices({ database, clock, secrets, jobs, push, webhookSecrets, providerEnv, gateways, logger, dataDir: config.dataDir });
  return {
    database,
    services,
    jobs,
    logger,
    start: () => {
      jobs.start();
      // Sends a crash or a restart interrupted go on by themselves.
      services.campaigns.resumeInterrupted().catch((err: unknown) => logger.error('interrupted campaign sends not resumed', { error: String(err) }));
      // Catch up on provider events missed while the console was not running.
      services.webhookReconcile.scheduleOnStart().catch((err: unknown) => logger.error('webhook reconciliation not scheduled', { error: String(err) }));
      // Poll the payment providers while online, preferring their webhooks (issue 18).
      services.billingSync.start();
      // Listen on CHAT spaces' Ably channels (when a key is set) and keep what is said.
      services.realtime.start();
      // Build or re-check each tenant's analytics read models (seeded data, events missed while closed).
      services.analytics.scheduleOnStart().catch((err: unknown) => logger.error('analytics catch-up not scheduled', { error: String(err) }));
      // Look for quiet members every hour (automations' inactivity trigger).
      services.automations.scheduleOnStart().catch((err: unknown) => logger.error('automations inactivity check not scheduled', { error: String(err) }));
    },
    async close() {
      services.billingSync.stop();
      services.realtime.stop();
      await relay?.close();
      push.close();
      await jobs.stop();
      await database.close();
    },
  };
}

/** Starts relaying push messages through PostgreSQL; without it each process still pushes its own. */
async function startPushRelay(databaseUrl: string, schema: string | undefined, push: PushHub, logger: Logger): Promise<PushRelay | null> {
  try {
    const relay = await createPgPushRelay({ databaseUrl, schema, logger, deliver: ({ tenantId, message }) => push.relayed(tenantId, message) });
    push.relayTo(relay);
    return relay;
  } catch (err) {
    logger.warn('push relay not started: windows hear only of changes made by this process', { error: String(err) });
    return null;
  }
}

function buildServices({
  database,
  clock,
  secrets,
  jobs,
  push,
  webhookSecrets,
  providerEnv,
  gateways,
  logger,
  dataDir,
}: {
  dataDir: string;
  push: PushHub;
  database: DatabaseHandle;
  clock: Clock;
  secrets: SecretBox;
  jobs: JobRunner;
  webhookSecrets: SigningSecretConfig;
  providerEnv: ProviderEnv;
  gateways: GatewayFactories;
  logger: Logger;
}) {
  const { db, dialect } = database;
  const events = createEventBus({ clock, jobs });
  // Every area is built from the platform and, as narrow ports, what it needs of the areas built
  // before it (issue 9). New areas are added at the end, one line each, and listed in api/router.ts.
  const platform: AreaPlatform = { db, reader: database.reader, dialect, clock, jobs, events, push, secrets, logger, gateways, dataDir };
  const settingsStore = createSettingsStore(platform);
  const identity = createIdentityArea(platform, {
    settingsStore,
    memberships: membershipsRepository(db, dialect),
    onTokenUsed: createTokenUseRecorder(platform),
  });
  const consoleOwnerId = () => identity.owner.id();
  const settings = createSettingsArea(platform, { database, settingsStore, auth: identity.auth, ownerId: consoleOwnerId, providerEnv, settingsEnv: settingsEnvFrom(process.env) });
  const catalog = createCatalogArea(platform, { providers: settings.providers });
  const billing = createBillingArea(platform, { providers: settings.providers, catalog: catalog.catalogSync });
  const webhooks = createWebhooksArea(platform, { billing: billing.billing, providers: settings.providers, signingSecretConfig: webhookSecrets });
  const members = createMembersArea(platform, { segments: createSegmentsStore(platform), consoleOwnerId, campaignHistory: (tenantId, userId, limit) => campaigns.timelineFor(tenantId, userId, limit) });
  const segments = createSegmentsArea(platform, { members: members.members });
  const campaigns = createCampaignsArea(platform, { criteriaFor: members.members.criteriaFor, memberWhere: (c) => memberWhere(c, dialect), mail: { gateway: (o) => settings.settings.email.gateway(o), fromAddress: async () => (await settings.settings.email.get()).from.address }, publicUrl: () => process.env.PUBLIC_URL?.trim() || null });
  const community = createCommunityArea(platform);
  const realtime = createRealtimeArea(platform, { ably: settings.settings.realtime, spacesOf: community.spacesOf });
  return {
    clock,
    // Spaces, posts, comments, reactions and moderation (issue 13); also groups and spaces with their sizes for pickers.
    community,
    jobs,
    events,
    push,
    queue: queueService({ db, clock, jobs }),
    ...identity,
    ...settings,
    ...catalog,
    ...billing,
    ...webhooks,
    ...members,
    ...segments,
    // --- area modules: `<area>: create<Area>Area(platform, { ...ports })`, one line each ---
    billingSync: createBillingSyncArea(platform, { providers: settings.providers, reconcile: webhooks.webhookReconcile, onPackageChange: (hook) => void catalog.packages.onChange(hook), adoptPackage: async ({ tenantId, actorUserId, packageId, name, description }) => void (await catalog.packages.upsert(tenantId, actorUserId, { id: packageId, name, description })) }),
    campaigns,
    realtime,
    analytics: createAnalyticsArea(platform, { campaigns: (tenantId) => campaigns.list(tenantId) }),
    automations: createAutomationsArea(platform, { addToGroup: ({ tenantId, userId, groupId }) => members.memberAdmin.changes.addToGroup({ tenantId, actorUserId: null }, { userId, groupId }), sendToMember: (input) => campaigns.sendToMember(input), isUnsubscribed: (tenantId, userId) => campaigns.unsubscribe.isUnsubscribed(tenantId, userId), createSystemPost: (input) => community.createSystemPost(input), notify: (input) => realtime.notify(input) }),
  };
}
