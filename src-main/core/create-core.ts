import { join } from 'node:path';
import { systemClock, type Clock } from './platform/clock';
import type { CoreConfig } from './config';
import { sqlitePathIn } from './config';
import { openDatabase, type DatabaseHandle } from './platform/db/connect';
import { migrateToLatest } from './platform/db/migrate';
import { createJsonLogger, type Logger } from './platform/logger';
import { membershipsRepository } from './areas/members/repositories/memberships';
import { settingsRepository } from './areas/settings/repositories/settings';
import { tenantsRepository } from './areas/identity/repositories/tenants';
import { tokensRepository } from './areas/identity/repositories/tokens';
import { usersRepository } from './areas/identity/repositories/users';
import { createSecretBox, loadMasterKey, type SecretBox } from './platform/secrets';
import { createJobRunner, type JobRunner } from './platform/jobs/runner';
import { createEventBus } from './platform/events';
import { gatewayFactories, type GatewayFactories } from './gateways';
import { createPushHub, type PushHub } from './platform/push/hub';
import { pushingJobRunner } from './platform/push/job-feed';
import { queueService } from './platform/push/queue';
import { authService } from './areas/identity/auth';
import { consoleOwnerService } from './areas/identity/console-owner';
import { billingService } from './areas/billing/billing';
import { webhookService } from './areas/webhooks/service';
import { signingSecrets, signingSecretsFromEnv, type SigningSecretConfig } from './areas/webhooks/signing-secrets';
import { webhookForwarder } from './areas/webhooks/lab/forwarding';
import { webhookLab } from './areas/webhooks/lab/service';
import { consoleListenAddress } from './areas/webhooks/listen-address';
import { outgoingWebhookService } from './areas/webhooks/outgoing/service';
import { reconcileService } from './areas/webhooks/reconcile/service';
import { entitlementsService } from './areas/billing/entitlements';
import { packageService } from './areas/catalog/packages';
import { catalogSyncService } from './areas/catalog/catalog-sync';
import { catalogImportService } from './areas/catalog/catalog-import';
import { checkoutService } from './areas/billing/checkout';
import { lemonSqueezyCatalogService } from './areas/catalog/lemonsqueezy-catalog';
import { paymentMethodsService } from './areas/billing/payment-methods';
import { providerConfigService, providerEnvFrom, type ProviderEnv } from './areas/settings/provider-config';
import { pricingWhatIfService } from './areas/catalog/pricing-what-if';
import { memberService } from './areas/members/members';
import { groupsSpacesRepository } from './areas/community/repositories/groups-spaces';
import { segmentService } from './areas/segments/segments';
import { segmentsRepository } from './areas/segments/repositories/segments';
import { memberTimelineRepository } from './areas/members/repositories/member-timeline';
import { memberAdminServices } from './areas/members/member-admin';
import { sessionService } from './areas/identity/session';
import { desktopNotificationSettings } from './areas/settings/desktop-notifications';
import { settingsEnvFrom, settingsServices } from './areas/settings/settings-services';
import { tokenUseRecorder } from './areas/settings/settings-tokens';
import { tenantService } from './areas/identity/tenants';
import { userService } from './areas/identity/users';
import type { AreaPlatform } from './areas/area';

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
      // Catch up on provider events missed while the console was not running.
      services.webhookReconcile.scheduleOnStart().catch((err: unknown) => logger.error('webhook reconciliation not scheduled', { error: String(err) }));
    },
    async close() {
      push.close();
      await jobs.stop();
      await database.close();
    },
  };
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
  const repos = {
    tenants: tenantsRepository(db),
    users: usersRepository(db),
    memberships: membershipsRepository(db, dialect),
    settings: settingsRepository(db),
    tokens: tokensRepository(db),
  };
  const owner = consoleOwnerService({ clock, settings: repos.settings, users: repos.users });
  const auth = authService({
    clock,
    secrets,
    settings: repos.settings,
    tokens: repos.tokens,
    memberships: repos.memberships,
    consoleOwnerId: () => owner.id(),
    onTokenUsed: tokenUseRecorder({ db, clock, logger }),
  });
  const events = createEventBus({ clock, jobs });
  const billing = billingService({ db, dialect, clock, events, jobs });
  const providers = providerConfigService({ db, secrets, clock, env: providerEnv, gateways });
  const packages = packageService({ db, clock });
  const catalogSync = catalogSyncService({ db, clock, jobs, packages, providers });
  const inboundWebhooks = webhookService({ db, clock, jobs, billing, signingSecrets: signingSecrets({ db, secrets, clock, fromConfig: webhookSecrets }) });
  const webhookForwarding = webhookForwarder({ db, clock, jobs, signingSecrets: inboundWebhooks.signingSecrets, logger });
  inboundWebhooks.afterStore(webhookForwarding.enqueueFor);
  // Where the HTTP server listens: the lab's "self", and which URLs a tenant ADMIN may target.
  const listen = consoleListenAddress();
  // Areas built as modules (issue 9): each takes the platform and, as narrow ports, what it needs of
  // other areas. New areas are added here, one line each, and listed in api/router.ts.
  const platform: AreaPlatform = { db, reader: database.reader, dialect, clock, jobs, events, push, secrets, logger, gateways, dataDir };
  void platform; // until the first area module is listed below
  const members = memberService({ db, clock, memberships: repos.memberships, lists: membershipsRepository(database.reader, dialect), segments: segmentsRepository(db), timeline: memberTimelineRepository(db), consoleOwnerId: () => owner.id() });
  return {
    clock,
    // Groups and spaces with their sizes (read-only; pickers and filters).
    community: groupsSpacesRepository(db),
    jobs,
    events,
    push,
    queue: queueService({ db, clock, jobs }),
    owner,
    auth,
    session: sessionService({ db, clock, auth, owner, memberships: repos.memberships, tenants: repos.tenants }),
    tenants: tenantService({ db, dialect, clock, tenants: repos.tenants }),
    members,
    segments: segmentService({ clock, segments: segmentsRepository(db), members }),
    memberAdmin: memberAdminServices({ db, dialect, clock, events, jobs, consoleOwnerId: () => owner.id(), criteriaFor: members.criteriaFor }),
    users: userService({ db, users: repos.users, memberships: repos.memberships }),
    packages,
    providers,
    catalogSync,
    catalogImport: catalogImportService({ db, packages, catalog: catalogSync, providers, poke: () => jobs.poke() }),
    checkout: checkoutService({ db, clock, providers, catalog: catalogSync }),
    paymentMethods: paymentMethodsService({ db, clock, providers }),
    lemonSqueezyCatalog: lemonSqueezyCatalogService({ db, clock, providers, billing }),
    entitlements: entitlementsService({ db, clock }),
    pricingWhatIf: pricingWhatIfService({ db, clock }),
    billing,
    webhooks: inboundWebhooks,
    webhookForwarding,
    outgoingWebhooks: outgoingWebhookService({ db, clock, jobs, events, secrets, logger, listen }),
    webhookReconcile: reconcileService({ db, clock, jobs, providers, logger, alsoQueue: webhookForwarding.enqueueFor }),
    desktopNotifications: desktopNotificationSettings({ settings: repos.settings, clock }),
    settings: settingsServices({ database, dataDir, clock, secrets, auth, providers, ownerId: () => owner.id(), env: settingsEnvFrom(process.env), gateways }),
    webhookLab: webhookLab({ db, clock, secrets, signingSecrets: inboundWebhooks.signingSecrets, listen }),
    // --- area modules: `<area>: create<Area>Area(platform, { ...ports })`, one line each ---
  };
}
