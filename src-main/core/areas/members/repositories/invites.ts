import type { Kysely, Selectable } from 'kysely';
import type { Database, InvitesTable } from '@core/platform/db/schema';

export type Invite = Selectable<InvitesTable>;

export function invitesRepository(db: Kysely<Database>) {
  return {
    async insert(row: Omit<Invite, 'groupIds'> & { groupIds: string[] }): Promise<void> {
      await db
        .insertInto('invites')
        .values({ ...row, groupIds: JSON.stringify(row.groupIds) })
        .execute();
    },
    findByTokenHash(tokenHash: string): Promise<Invite | undefined> {
      return db.selectFrom('invites').selectAll().where('tokenHash', '=', tokenHash).executeTakeFirst();
    },
    /** One live link per email: a new invite replaces the pending ones. */
    async revokePending(tenantId: string, email: string, at: string): Promise<void> {
      await db
        .updateTable('invites')
        .set({ revokedAt: at })
        .where('tenantId', '=', tenantId)
        .where('email', '=', email)
        .where('acceptedAt', 'is', null)
        .where('revokedAt', 'is', null)
        .execute();
    },
    /** Marks it used unless someone else used it first; true when this call won. */
    async markAccepted(id: string, userId: string, at: string): Promise<boolean> {
      const result = await db
        .updateTable('invites')
        .set({ acceptedAt: at, acceptedUserId: userId })
        .where('id', '=', id)
        .where('acceptedAt', 'is', null)
        .where('revokedAt', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /** Personal-data erasure: the invites sent to that address keep no trace of it. */
    async eraseEmail(tenantId: string, email: string, tombstone: string): Promise<void> {
      await db
        .updateTable('invites')
        .set({ email: tombstone, name: null })
        .where('tenantId', '=', tenantId)
        .where('email', '=', email)
        .execute();
    },
  };
}
export type InvitesRepository = ReturnType<typeof invitesRepository>;
