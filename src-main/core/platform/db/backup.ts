import { statSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { DomainError } from '../errors';
import type { DatabaseHandle } from './connect';
import { makePrivateFile } from './private-files';

export interface BackupReport {
  path: string;
  bytes: number;
  integrity: string;
}

/**
 * A consistent copy of the live SQLite database, taken with SQLite's online backup API while the
 * app keeps writing; the copy is checked with PRAGMA integrity_check before we call it done.
 */
export async function backupDatabase(database: DatabaseHandle, outPath: string): Promise<BackupReport> {
  if (!database.sqlite) {
    throw new DomainError('PRECONDITION_FAILED', 'backup copies the embedded SQLite database; for PostgreSQL use pg_dump');
  }
  // The copy holds everything the database does: 0600 from its first byte, whatever the umask.
  makePrivateFile(outPath, { create: true });
  await database.sqlite.backup(outPath);
  makePrivateFile(outPath);
  const copy = new SqliteDatabase(outPath, { readonly: true });
  try {
    const integrity = String(copy.pragma('integrity_check', { simple: true }));
    if (integrity !== 'ok') throw new Error(`the backup at ${outPath} failed its integrity check: ${integrity}`);
    return { path: outPath, bytes: statSync(outPath).size, integrity };
  } finally {
    copy.close();
  }
}
