import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { migrations } from '../../../../db/migrations';
import type { Clock } from '../../platform/clock';
import { sqlitePathIn } from '../../config';
import { backupDatabase } from '../../platform/db/backup';
import type { DatabaseHandle } from '../../platform/db/connect';
import { migrateToLatest } from '../../platform/db/migrate';
import { DomainError } from '../../platform/errors';
import { auditRepository } from '../../platform/audit';

/** Tables exported per tenant, and columns that never leave the console (hashes, sealed secrets). */
const TENANT_TABLES = ['memberships', 'groups', 'spaces', 'posts', 'packages', 'customers', 'subscriptions', 'subscriptionEvents', 'segments', 'campaigns', 'webhookEndpoints', 'webhookEvents', 'invites', 'auditLog'] as const;
const HIDDEN_COLUMNS = new Set(['secretEncrypted', 'tokenHash']);
const BACKUP_FILE = /^[\w.-]{1,120}\.sqlite$/;

export interface BackupFile {
  name: string;
  bytes: number;
  createdAt: string;
}

const stamp = (iso: string) => iso.replace(/[:.]/g, '-');

/**
 * Settings → Data: where the data lives, backups now and from the list, restore (SQLite only,
 * checked first, the current database kept aside), and a tenant's export as one JSON bundle.
 */
export function settingsDataService(deps: { database: DatabaseHandle; dataDir: string; clock: Clock }) {
  const { database } = deps;
  const backupsDir = join(deps.dataDir, 'backups');

  function list(): BackupFile[] {
    if (!existsSync(backupsDir)) return [];
    return readdirSync(backupsDir)
      .filter((n) => BACKUP_FILE.test(n))
      .map((name) => {
        const s = statSync(join(backupsDir, name));
        return { name, bytes: s.size, createdAt: s.mtime.toISOString() };
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name));
  }

  function requireSqlite(what: string) {
    if (!database.sqlite) {
      throw new DomainError('PRECONDITION_FAILED', `${what} works on the embedded SQLite database; this console uses PostgreSQL, so back up and restore with pg_dump and pg_restore`);
    }
    return database.sqlite;
  }

  async function backupTo(prefix: string) {
    requireSqlite('Backing up here');
    mkdirSync(backupsDir, { recursive: true, mode: 0o700 });
    const name = `${prefix}-${stamp(deps.clock.nowIso())}.sqlite`;
    const report = await backupDatabase(database, join(backupsDir, name));
    return { name, bytes: report.bytes, createdAt: deps.clock.nowIso() };
  }

  /** Opens a backup read-only and says what is wrong with it, if anything. */
  function check(path: string): { migrations: number } {
    let copy: SqliteDatabase.Database;
    try {
      copy = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    } catch (err) {
      throw new DomainError('VALIDATION', `name: the backup could not be opened (${(err as Error).message})`, { field: 'name' });
    }
    try {
      let integrity: string;
      try {
        integrity = String(copy.pragma('integrity_check', { simple: true }));
      } catch (err) {
        throw new DomainError('VALIDATION', `name: the backup failed its integrity check (${(err as Error).message}); nothing was changed`, { field: 'name' });
      }
      if (integrity !== 'ok') throw new DomainError('VALIDATION', `name: the backup failed its integrity check (${integrity}); nothing was changed`, { field: 'name' });
      const tables = new Set((copy.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name));
      if (!tables.has('tenants') || !tables.has('schema_migrations')) throw new DomainError('VALIDATION', 'name: this file is not a Tenant Console backup; nothing was changed', { field: 'name' });
      // A backup from a newer version of the app has tables this one does not know how to read.
      const names = (copy.prepare('SELECT name FROM schema_migrations').all() as { name: string }[]).map((r) => r.name);
      const unknown = names.filter((n) => !(n in migrations));
      if (unknown.length > 0) throw new DomainError('VALIDATION', `name: the backup comes from a newer version of Tenant Console (${unknown.length} unknown schema changes); update the app first`, { field: 'name' });
      return { migrations: names.length };
    } finally {
      copy.close();
    }
  }

  return {
    overview() {
      return {
        dialect: database.dialect,
        location: database.location,
        dataDir: deps.dataDir,
        backupsDir,
        canBackUp: !!database.sqlite,
        backups: database.sqlite ? list() : [],
      };
    },

    backupNow: () => backupTo('tenant-console'),

    /**
     * Replaces the live database with a backup: the backup is integrity-checked first, the current
     * database is copied aside (`before-restore-….sqlite`), then SQLite's backup API writes the
     * backup into the live file under the open connection, and migrations bring it up to date.
     */
    async restore(name: string, actor: { tenantId: string; userId: string }) {
      const sqlite = requireSqlite('Restoring');
      if (!BACKUP_FILE.test(name)) throw new DomainError('VALIDATION', 'name: must be the name of a backup in the backups folder', { field: 'name' });
      const path = join(backupsDir, name);
      if (!existsSync(path)) throw new DomainError('NOT_FOUND', `name: there is no backup called ${name}`, { field: 'name' });
      check(path);
      const keptAside = await backupTo('before-restore');
      const source = new SqliteDatabase(path, { readonly: true });
      try {
        await source.backup(sqlitePathIn(deps.dataDir));
      } finally {
        source.close();
      }
      // The live connection sees the new pages; its WAL is folded in so readers start clean.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      await migrateToLatest(database.db);
      const at = deps.clock.nowIso();
      const tenantStillThere = await database.db.selectFrom('tenants').select('id').where('id', '=', actor.tenantId).executeTakeFirst();
      if (tenantStillThere) {
        await auditRepository(database.db).record({ tenantId: actor.tenantId, actorUserId: null, action: 'settings.database_restored', targetType: 'database', targetId: name, after: { keptAside: keptAside.name }, at });
      }
      return { restored: name, keptAside: keptAside.name };
    },

    /** Everything of one tenant as one JSON document (members with their people, packages, billing, …). */
    async exportTenant(tenantId: string) {
      const db = database.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      const tenant = await database.db.selectFrom('tenants').selectAll().where('id', '=', tenantId).executeTakeFirstOrThrow();
      const out: Record<string, unknown> = { format: 'tenant-console-export', version: 1, exportedAt: deps.clock.nowIso(), tenant };
      out.people = await database.db
        .selectFrom('users')
        .select(['users.id', 'users.email', 'users.name', 'users.avatarUrl', 'users.createdAt'])
        .where('users.id', 'in', (eb) => eb.selectFrom('memberships').select('userId').where('tenantId', '=', tenantId))
        .orderBy('users.id')
        .execute();
      for (const table of TENANT_TABLES) {
        const rows = await db.selectFrom(table).selectAll().where('tenantId', '=', tenantId).execute();
        out[table] = rows.map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => !HIDDEN_COLUMNS.has(k))));
      }
      out.groupMembers = await database.db.selectFrom('groupMembers').innerJoin('groups', 'groups.id', 'groupMembers.groupId').selectAll('groupMembers').where('groups.tenantId', '=', tenantId).execute();
      out.spaceMembers = await database.db.selectFrom('spaceMembers').innerJoin('spaces', 'spaces.id', 'spaceMembers.spaceId').selectAll('spaceMembers').where('spaces.tenantId', '=', tenantId).execute();
      const counts = Object.fromEntries(Object.entries(out).filter(([, v]) => Array.isArray(v)).map(([k, v]) => [k, (v as unknown[]).length]));
      return { fileName: `${tenant.slug}-export-${deps.clock.nowIso().slice(0, 10)}.json`, counts, json: JSON.stringify(out, null, 1) };
    },
  };
}
export type SettingsDataService = ReturnType<typeof settingsDataService>;

