import { join } from 'node:path';
import { systemClock, type Clock } from './clock';
import type { CoreConfig } from './config';
import { sqlitePathIn } from './config';
import { openDatabase, type DatabaseHandle } from './db/connect';
import { migrateToLatest } from './db/migrate';
import { createJsonLogger, type Logger } from './logger';
import { membershipsRepository } from './repositories/memberships';
import { settingsRepository } from './repositories/settings';
import { tenantsRepository } from './repositories/tenants';
import { tokensRepository } from './repositories/tokens';
import { usersRepository } from './repositories/users';
import { createSecretBox, loadMasterKey, type SecretBox } from './secrets';
import { createJobRunner, type JobRunner } from './jobs/runner';
import { createEventBus } from './events';
import { authService } from './services/auth';
import { consoleOwnerService } from './services/console-owner';
import { memberService } from './services/members';
import { sessionService } from './services/session';
import { tenantService } from './services/tenants';
import { userService } from './services/users';

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
  const jobs = createJobRunner({ db: database.db, clock, logger });
  const services = buildServices({ database, clock, secrets, jobs });
  return {
    database,
    services,
    jobs,
    logger,
    start: () => jobs.start(),
    async close() {
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
}: {
  database: DatabaseHandle;
  clock: Clock;
  secrets: SecretBox;
  jobs: JobRunner;
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
  });
  const events = createEventBus({ clock, jobs });
  return {
    clock,
    jobs,
    events,
    owner,
    auth,
    session: sessionService({ auth, owner, memberships: repos.memberships, tenants: repos.tenants }),
    tenants: tenantService({ db, dialect, clock, tenants: repos.tenants }),
    members: memberService({ memberships: repos.memberships }),
    users: userService({ db, users: repos.users, memberships: repos.memberships }),
  };
}
