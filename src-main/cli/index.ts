import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { seedDemoData } from '../../db/seed';
import { defaultDataDir, sqlitePathIn, type CoreConfig } from '../core/config';
import { createCore, type Core } from '../core/create-core';
import { DomainError } from '../core/platform/errors';
import { startHttpServer } from '../core/platform/http/server';
import { backupDatabase } from '../core/platform/db/backup';
import { openDatabase } from '../core/platform/db/connect';
import { migrateToLatest } from '../core/platform/db/migrate';
import { createJsonLogger } from '../core/platform/logger';
import { SIGN_IN_CODE_SECONDS } from '../core/areas/identity/session';
import { restoreAdmin } from './admin-restore';
import { parseCount, parseDatabaseUrl, parsePort, parseProxyList, parsePublicUrl, parseRole, parseSchema } from './args';
import { startStartingServer } from './starting-server';
import { createTenantInput } from '../../src-shared/schemas/tenants';
import { emailSchema } from '../../src-shared/schemas/common';
import type { Role } from '../../src-shared/domain';

/** Exit codes: 0 done, 1 failed while running, 2 bad flags or values. */
class UsageError extends Error {}

interface CommonOptions {
  dataDir: string;
  databaseUrl?: string;
  databaseSchema?: string;
}

interface ServeOptions extends CommonOptions {
  port: number;
  host: string;
  publicUrl?: string;
  trustProxy?: string[];
  metricsToken?: string;
  shutdownTimeout: number;
}

function withCommon(cmd: Command): Command {
  return cmd
    .addOption(new Option('--data-dir <dir>', 'where the data lives').default(defaultDataDir(), 'the per-user app data folder'))
    .addOption(new Option('--database-url <url>', 'use PostgreSQL at this postgres:// URL (default: $DATABASE_URL)').argParser(parseDatabaseUrl))
    .addOption(new Option('--database-schema <name>', 'PostgreSQL schema to keep the tables in (default: the URL\'s search_path)').env('DATABASE_SCHEMA').argParser(parseSchema));
}

async function withCore<T>(opts: CommonOptions, fn: (core: Core) => Promise<T>): Promise<T> {
  const core = await openCore(opts);
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

function databaseUrlOf(opts: CommonOptions): string | undefined {
  if (opts.databaseUrl) return opts.databaseUrl;
  const fromEnv = process.env.DATABASE_URL?.trim();
  if (!fromEnv) return undefined;
  try {
    return parseDatabaseUrl(fromEnv);
  } catch {
    throw new UsageError('DATABASE_URL: must be a postgres:// URL (unset it to use the embedded SQLite database)');
  }
}

function openCore(opts: CommonOptions): Promise<Core> {
  const config: CoreConfig = {
    dataDir: resolve(opts.dataDir),
    databaseUrl: databaseUrlOf(opts),
    postgresSchema: opts.databaseSchema || undefined,
    masterKey: process.env.TENANT_CONSOLE_MASTER_KEY,
    logger: createJsonLogger((process.env.LOG_LEVEL as 'info') ?? 'warn'),
  };
  return createCore(config);
}

/** Runs the migrations (under the database's lock on PostgreSQL) and says which this process applied. */
async function migrateOnce(opts: CommonOptions): Promise<string[]> {
  const database = openDatabase({
    databaseUrl: databaseUrlOf(opts),
    sqlitePath: sqlitePathIn(resolve(opts.dataDir)),
    postgresSchema: opts.databaseSchema || undefined,
    // The migrator's own catalogue reads are slow on first start; only failures are worth a line.
    logger: createJsonLogger('error'),
    readers: 0,
  });
  try {
    return (await migrateToLatest(database.db)).applied;
  } finally {
    await database.close();
  }
}

function rendererDir(): string | undefined {
  const candidates = [
    process.env.TENANT_CONSOLE_RENDERER_DIR,
    fileURLToPath(new URL('../renderer', import.meta.url)),
    resolve('out/renderer'),
  ];
  return candidates.find((dir) => dir && existsSync(resolve(dir, 'index.html')));
}

export function buildProgram(): Command {
  const program = new Command('tenant-console')
    .description('Tenant Console: the admin console for paid online communities')
    .showHelpAfterError(false)
    .exitOverride();

  withCommon(program.command('serve').description('run the console headless and serve it to a browser'))
    .addOption(new Option('--port <port>', 'port to listen on').default(4580).argParser(parsePort))
    .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
    .addOption(new Option('--public-url <url>', 'where people reach the console, e.g. https://console.example.com').env('PUBLIC_URL').argParser(parsePublicUrl))
    .addOption(new Option('--trust-proxy <addresses>', 'reverse proxies (comma-separated IPs or CIDRs) whose X-Forwarded-* headers count').env('TRUST_PROXY').argParser(parseProxyList))
    .addOption(new Option('--metrics-token <token>', 'bearer token a Prometheus scraper sends to /metrics').env('METRICS_TOKEN'))
    .addOption(new Option('--shutdown-timeout <seconds>', 'how long SIGTERM waits for running jobs before handing them back').default(10).argParser(parseCount(3600)))
    .action(async (opts: ServeOptions) => {
      // Alive at once, ready (/readyz 200) only once the schema is up to date: instances started
      // together wait on one another's migrations (a lock in the database) behind a 503.
      const starting = await startStartingServer(opts.host, opts.port);
      let core: Core;
      try {
        const migrated = await migrateOnce(opts);
        // stderr: stdout stays the two lines a script reads (where it listens, the sign-in link).
        process.stderr.write(migrated.length ? `Database schema: applied ${migrated.length} migrations\n` : 'Database schema: up to date\n');
        core = await openCore(opts);
        await core.services.tenants.ensureStarter(await core.services.owner.id());
      } finally {
        await starting.close();
      }
      const server = await startHttpServer(core, {
        host: opts.host,
        port: starting.port,
        rendererDir: rendererDir(),
        // Empty values (PUBLIC_URL= in a compose file) mean "not set".
        publicUrl: opts.publicUrl || undefined,
        trustProxy: opts.trustProxy?.length ? opts.trustProxy : undefined,
        metricsToken: opts.metricsToken || undefined,
      });
      core.start();
      // A one-time code, not a token: this line stays in scrollback and logs.
      const signIn = await core.services.session.ownerSignInCode();
      process.stdout.write(`Tenant Console listening on ${server.url}\n`);
      if (signIn) process.stdout.write(`Sign in: ${server.url}/#code=${signIn.code} (works once, for ${SIGN_IN_CODE_SECONDS / 60} minutes)\n`);
      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        core.logger.info('stopping', { signal });
        // Readiness goes 503 first; running jobs get the timeout to finish, the rest are handed
        // back to the queue for the other instances, then open requests finish and we exit.
        server.startDraining();
        await core.jobs.stop({ timeoutMs: opts.shutdownTimeout * 1000 });
        // Open push streams (server-sent events) never finish on their own: end them with the hub.
        core.services.push.close();
        const atMost = (ms: number) => new Promise((res) => setTimeout(res, ms).unref());
        await Promise.race([server.close(), atMost(5_000)]);
        await Promise.race([core.close(), atMost(2_000)]);
        process.exit(0);
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
    });

  withCommon(program.command('migrate').description('bring the database schema up to date')).action(
    async (opts: CommonOptions) => {
      await withCore(opts, async (core) => {
        process.stdout.write(`database is up to date (${core.database.location})\n`);
      });
    },
  );

  withCommon(program.command('seed').description('fill a tenant with realistic demo data'))
    .addOption(new Option('--members <n>', 'how many members').default(2000).argParser(parseCount(5_000_000)))
    .addOption(new Option('--tenant <slug>', 'tenant to fill (created if missing)').default('demo'))
    .action(async (opts: CommonOptions & { members: number; tenant: string }) => {
      const slug = parseOrUsage(createTenantInput.shape.slug, opts.tenant, '--tenant');
      await withCore(opts, async (core) => {
        const started = Date.now();
        const report = await seedDemoData(core.database, {
          tenantSlug: slug,
          members: opts.members,
          ownerUserId: await core.services.owner.id(),
          now: core.services.clock.nowIso(),
          // Progress on stderr, so stdout stays the one-line result.
          onProgress: (done, total) => {
            if (process.stderr.isTTY) process.stderr.write(`\rseeding ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} members`);
          },
        });
        const seconds = ((Date.now() - started) / 1000).toFixed(1);
        if (process.stderr.isTTY) process.stderr.write('\n');
        if (report.alreadySeeded) {
          process.stdout.write(`${slug} already holds demo data (${report.members} members); nothing written\n`);
        } else {
          const how = report.resumed ? 'finished an interrupted seed of' : 'seeded';
          process.stdout.write(`${how} ${report.members} members into ${slug} (${report.tenantId}) in ${seconds}s\n`);
        }
      });
    });

  const tenant = program.command('tenant').description('manage tenants');
  withCommon(tenant.command('create').description('create a tenant'))
    .requiredOption('--slug <slug>', 'short name used in URLs')
    .requiredOption('--name <name>', 'display name')
    .action(async (opts: CommonOptions & { slug: string; name: string }) => {
      const input = { slug: parseOrUsage(createTenantInput.shape.slug, opts.slug, '--slug'), name: parseOrUsage(createTenantInput.shape.name, opts.name, '--name') };
      await withCore(opts, async (core) => {
        const created = await core.services.tenants.create(input, await core.services.owner.id());
        process.stdout.write(`${created.id}\n`);
      });
    });

  const token = program.command('token').description('manage API tokens');
  withCommon(token.command('create').description('print a Bearer token for the API'))
    .requiredOption('--tenant <slug>', 'tenant the token acts in')
    .addOption(new Option('--role <role>', 'ADMIN or MEMBER').default('ADMIN').argParser(parseRole))
    .option('--user <email>', 'member the token acts as (default: the console owner)')
    .action(async (opts: CommonOptions & { tenant: string; role: Role; user?: string }) => {
      const email = opts.user === undefined ? undefined : parseOrUsage(emailSchema, opts.user, '--user');
      await withCore(opts, async (core) => {
        const t = await asUsage(core.services.tenants.bySlug(opts.tenant), '--tenant');
        const userId = email ? await asUsage(core.services.users.idByEmail(email), '--user') : await core.services.owner.id();
        const membership = await core.services.members.membershipOf(t.id, userId);
        if (!membership) throw new UsageError(`--user: ${email ?? 'the console owner'} is not a member of ${t.slug}`);
        if (opts.role === 'ADMIN' && membership.role !== 'ADMIN') {
          throw new UsageError(`--role: ${email} is a MEMBER of ${t.slug}; an ADMIN token needs an ADMIN`);
        }
        const jwt = await core.services.auth.issue({ tenantId: t.id, userId, role: opts.role, label: 'cli' });
        process.stdout.write(`${jwt}\n`);
      });
    });

  const admin = program.command('admin').description('recover access to the console');
  withCommon(admin.command('restore').description('make someone an active ADMIN of a tenant again (e.g. an owner who locked themselves out)'))
    .requiredOption('--tenant <slug>', 'tenant to restore the ADMIN in')
    .requiredOption('--user <email>', 'whom to make ADMIN again')
    .action(async (opts: CommonOptions & { tenant: string; user: string }) => {
      const email = parseOrUsage(emailSchema, opts.user, '--user');
      await withCore(opts, async (core) => {
        const t = await asUsage(core.services.tenants.bySlug(opts.tenant), '--tenant');
        const userId = await asUsage(core.services.users.idByEmail(email), '--user');
        const user = await core.database.db.selectFrom('users').select('erasedAt').where('id', '=', userId).executeTakeFirstOrThrow();
        if (user.erasedAt) throw new UsageError(`--user: ${email} was erased; invite them again instead`);
        const { before } = await restoreAdmin(core, t.id, userId);
        const was = !before ? 'was not a member' : before.status === 'active' && before.role === 'ADMIN' ? 'already was' : `was ${before.status === 'active' ? before.role : 'removed'}`;
        process.stdout.write(`${email} is an active ADMIN of ${t.slug} (${was})\n`);
      });
    });

  withCommon(program.command('backup').description('write a consistent copy of the SQLite database'))
    .requiredOption('--out <file>', 'where to write the backup')
    .action(async (opts: CommonOptions & { out: string }) => {
      await withCore(opts, async (core) => {
        const report = await backupDatabase(core.database, resolve(opts.out));
        process.stdout.write(`backup written to ${report.path} (${report.bytes} bytes, integrity ${report.integrity})\n`);
      });
    });

  return program;
}

function parseOrUsage<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } } }, value: unknown, flag: string): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(`${flag}: ${r.error.issues[0]?.message ?? 'is not valid'}`);
  return r.data;
}

async function asUsage<T>(promise: Promise<T>, flag: string): Promise<T> {
  try {
    return await promise;
  } catch (err) {
    if (err instanceof DomainError) throw new UsageError(`${flag}: ${err.message}`);
    throw err;
  }
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    return 1;
  }
}
