import { sql, type Kysely, type Selectable } from 'kysely';
import type { CampaignStats, RecipientStatus } from '@shared/schemas/campaigns';
import type { Database } from '@core/platform/db/schema';
import type { CampaignsTable } from '../tables';

export type CampaignRow = Selectable<CampaignsTable>;

const EMPTY_STATS: CampaignStats = { recipients: 0, pending: 0, sending: 0, sent: 0, failed: 0, bounced: 0, unconfirmed: 0, unsubscribed: 0, clicked: 0 };

/** The campaigns a tenant wrote, their saved versions, and the counts of their ledgers. */
export function campaignsRepository(db: Kysely<Database>) {
  return {
    find(tenantId: string, id: string): Promise<CampaignRow | undefined> {
      return db.selectFrom('campaigns').selectAll().where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
    },
    byId(id: string): Promise<CampaignRow | undefined> {
      return db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    },
    list(tenantId: string): Promise<CampaignRow[]> {
      return db.selectFrom('campaigns').selectAll().where('tenantId', '=', tenantId).where('kind', '=', 'campaign').orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(500).execute();
    },

    /** Per campaign: how many recipients are in each state, bounced, unsubscribed and clicked. */
    async stats(campaignIds: string[]): Promise<Map<string, CampaignStats>> {
      const out = new Map<string, CampaignStats>(campaignIds.map((id) => [id, { ...EMPTY_STATS }]));
      if (campaignIds.length === 0) return out;
      const rows = await db
        .selectFrom('campaignRecipients')
        .select((eb) => [
          'campaignId',
          'status',
          eb.fn.countAll<number>().as('n'),
          eb.fn.sum<number>('bounced').as('bounced'),
          eb.fn.count<number>('unsubscribedAt').as('unsubscribed'),
          eb.fn.count<number>('clickedAt').as('clicked'),
        ])
        .where('campaignId', 'in', campaignIds)
        .groupBy(['campaignId', 'status'])
        .execute();
      for (const r of rows) {
        const s = out.get(r.campaignId)!;
        const n = Number(r.n);
        s.recipients += n;
        if (r.status !== 'skipped') s[r.status as Exclude<RecipientStatus, 'skipped'>] += n;
        s.bounced += Number(r.bounced ?? 0);
        s.unsubscribed += Number(r.unsubscribed);
        s.clicked += Number(r.clicked);
      }
      return out;
    },

    async saveVersion(v: { id: string; campaignId: string; subject: string; content: string; savedAt: string }, keep: number) {
      await db.insertInto('campaignVersions').values(v).execute();
      const old = await db.selectFrom('campaignVersions').select('id').where('campaignId', '=', v.campaignId).orderBy('savedAt', 'desc').orderBy('id', 'desc').offset(keep).limit(1000).execute();
      if (old.length) await db.deleteFrom('campaignVersions').where('id', 'in', old.map((o) => o.id)).execute();
    },
    versions(campaignId: string) {
      return db.selectFrom('campaignVersions').selectAll().where('campaignId', '=', campaignId).orderBy('savedAt', 'desc').orderBy('id', 'desc').limit(50).execute();
    },
    version(campaignId: string, id: string) {
      return db.selectFrom('campaignVersions').selectAll().where('campaignId', '=', campaignId).where('id', '=', id).executeTakeFirst();
    },

    /** Campaigns a crash or restart left mid-send (not paused): resumed on start. */
    interrupted() {
      return db.selectFrom('campaigns').select(['id', 'tenantId']).where('status', '=', 'sending').where('pausedAt', 'is', null).execute();
    },
    /** Scheduled campaigns whose job may be missing (e.g. restored from a backup): re-queued on start. */
    scheduled() {
      return db.selectFrom('campaigns').select(['id', 'tenantId', 'scheduledAt']).where('status', '=', 'scheduled').execute();
    },
    countByTenant: (tenantId: string) =>
      db.selectFrom('campaigns').select((eb) => eb.fn.countAll<number>().as('n')).where('tenantId', '=', tenantId).where('kind', '=', 'campaign').executeTakeFirstOrThrow().then((r) => Number(r.n)),
    touch: (id: string, now: string) => db.updateTable('campaigns').set({ updatedAt: now, version: sql`version + 1` }).where('id', '=', id).execute(),
  };
}
export type CampaignsRepository = ReturnType<typeof campaignsRepository>;
