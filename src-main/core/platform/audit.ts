import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import { newId } from './ids';

export interface AuditEntry {
  tenantId: string | null;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  before?: unknown;
  after?: unknown;
  at: string;
}

export function auditRepository(db: Kysely<Database>) {
  return {
    async record(entry: AuditEntry): Promise<void> {
      await db
        .insertInto('auditLog')
        .values({
          id: newId('audit'),
          tenantId: entry.tenantId,
          actorUserId: entry.actorUserId,
          action: entry.action,
          targetType: entry.targetType,
          targetId: entry.targetId,
          before: entry.before === undefined ? null : JSON.stringify(entry.before),
          after: entry.after === undefined ? null : JSON.stringify(entry.after),
          createdAt: entry.at,
        })
        .execute();
    },
    listForTarget(targetType: string, targetId: string) {
      return db
        .selectFrom('auditLog')
        .selectAll()
        .where('targetType', '=', targetType)
        .where('targetId', '=', targetId)
        .orderBy('createdAt', 'desc')
        .execute();
    },
  };
}
export type AuditRepository = ReturnType<typeof auditRepository>;
