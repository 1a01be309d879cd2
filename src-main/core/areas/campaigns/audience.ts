import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { MemberFilter } from '@shared/schemas/members';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import type { MemberCriteria } from '../members/repositories/member-filters';

// Who a campaign goes to: the audience's members (over `memberships AS m` joined to `users AS u`),
// never an unsubscribed member, a suppressed address (hard bounce, complaint), a removed or an
// erased member. The members area gives the member filter as SQL (ports); the rest is ours.

export interface AudiencePorts {
  /** members.criteriaFor: a filter and/or a saved segment, checked to be this tenant's. */
  criteriaFor(tenantId: string, input: { filter?: MemberFilter; segmentId?: string }): Promise<MemberCriteria>;
  /** The members area's filter as SQL over `memberships AS m` (active members only). */
  memberWhere(criteria: MemberCriteria): RawBuilder<SqlBool>;
}

/** The audience's condition on `m` and `u`, exclusions included. */
export async function audienceCondition(ports: AudiencePorts, tenantId: string, audience: string): Promise<RawBuilder<SqlBool>> {
  let members: RawBuilder<SqlBool>;
  if (audience === 'all_members') members = ports.memberWhere(await ports.criteriaFor(tenantId, {}));
  else if (audience === 'free_only') members = ports.memberWhere(await ports.criteriaFor(tenantId, { filter: { tier: 'free' } as MemberFilter }));
  else if (audience === 'paid_only') {
    // Paid or comped: every active member who is not on the free tier.
    const all = ports.memberWhere(await ports.criteriaFor(tenantId, {}));
    const free = ports.memberWhere(await ports.criteriaFor(tenantId, { filter: { tier: 'free' } as MemberFilter }));
    members = sql<SqlBool>`(${all} AND NOT ${free})`;
  } else members = ports.memberWhere(await ports.criteriaFor(tenantId, { segmentId: audience }));
  return sql<SqlBool>`(${members}
    AND u.erased_at IS NULL
    AND NOT EXISTS (SELECT 1 FROM email_preferences ep WHERE ep.tenant_id = m.tenant_id AND ep.user_id = m.user_id AND ep.unsubscribed_at IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM email_suppressions es WHERE es.tenant_id = m.tenant_id AND es.email = lower(u.email)))`;
}

export async function countAudience(db: Kysely<Database>, condition: RawBuilder<SqlBool>): Promise<number> {
  const row = await sql<{ n: number | string }>`SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE ${condition}`.execute(db);
  return Number(row.rows[0]?.n ?? 0);
}

/** A random, unguessable token per recipient (the unsubscribe link), made by the database. */
const randomToken = (dialect: Dialect) => (dialect === 'sqlite' ? sql`lower(hex(randomblob(16)))` : sql`replace(gen_random_uuid()::text, '-', '')`);

/**
 * Writes the recipients snapshot: one pending row per member of the audience now, with the
 * name and address they have now. The (campaign, email) unique index keeps one row per address.
 */
export async function writeSnapshot(db: Kysely<Database>, dialect: Dialect, campaignId: string, condition: RawBuilder<SqlBool>): Promise<number> {
  const prefix = `rcp_${campaignId.slice(4)}_`;
  const result = await sql`INSERT INTO campaign_recipients (id, campaign_id, user_id, email, name, status, attempts, unsubscribe_token)
    SELECT ${prefix} || m.user_id, ${campaignId}, m.user_id, lower(u.email), u.name, 'pending', 0, ${randomToken(dialect)}
    FROM memberships m JOIN users u ON u.id = m.user_id
    WHERE ${condition}
    ON CONFLICT DO NOTHING`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
