import { timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { memberEmailStatusInput, setMemberSubscribedInput, type MemberEmailStatus } from '@shared/schemas/campaigns';
import type { Clock } from '../../platform/clock';
import type { Database } from '../../platform/db/schema';
import { DomainError } from '../../platform/errors';
import type { PushHub } from '../../platform/push/hub';
import { clickSignature } from './message';

// A member's email preference (unsubscribed or not) and suppressed addresses, the public
// unsubscribe link (RFC 8058 one-click) and tracked clicks. Honoured at once: the next snapshot
// (and any send still under way, which checks nothing more) leaves them out.

export function emailPreferences(deps: { db: Kysely<Database>; clock: Clock; push: PushHub; clickKey: () => Promise<Buffer> }) {
  const { db, clock } = deps;

  async function status(tenantId: string, userId: string): Promise<MemberEmailStatus> {
    const member = await db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.userId')
      .select(['u.email'])
      .where('m.tenantId', '=', tenantId)
      .where('m.userId', '=', userId)
      .executeTakeFirst();
    if (!member) throw new DomainError('NOT_FOUND', `userId: member ${userId} was not found`, { field: 'userId' });
    const [pref, suppression] = await Promise.all([
      db.selectFrom('emailPreferences').select(['unsubscribedAt']).where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst(),
      db.selectFrom('emailSuppressions').select(['reason', 'createdAt']).where('tenantId', '=', tenantId).where('email', '=', member.email.toLowerCase()).executeTakeFirst(),
    ]);
    const unsubscribedAt = pref?.unsubscribedAt ?? null;
    return {
      userId,
      email: member.email,
      subscribed: unsubscribedAt === null,
      unsubscribedAt,
      suppressed: suppression ? { reason: suppression.reason === 'hard_bounce' ? 'The address bounced (the mail server refused it for good)' : 'The member marked a message as spam', at: suppression.createdAt } : null,
    };
  }

  async function setSubscribed(tenantId: string, userId: string, subscribed: boolean, source: string) {
    const now = clock.nowIso();
    const unsubscribedAt = subscribed ? null : now;
    await db
      .insertInto('emailPreferences')
      .values({ tenantId, userId, unsubscribedAt, source, updatedAt: now })
      .onConflict((oc) =>
        oc.columns(['tenantId', 'userId']).doUpdateSet(
          subscribed
            ? { unsubscribedAt: null, source, updatedAt: now }
            : (eb) => ({
                unsubscribedAt: eb.fn.coalesce('emailPreferences.unsubscribedAt', eb.val(now)),
                // The owner's switch never takes over an unsubscribe the member made (only they may undo it).
                source: source === 'owner' ? eb.case().when('emailPreferences.unsubscribedAt', 'is not', null).then(eb.ref('emailPreferences.source')).else(source).end() : source,
                updatedAt: now,
              }),
        ),
      )
      .execute();
    if (!subscribed) {
      // Honoured at once: a send under way does not reach them either.
      await db
        .updateTable('campaignRecipients')
        .set({ status: 'skipped', lastError: 'Unsubscribed before this message went' })
        .where('userId', '=', userId)
        .where('status', '=', 'pending')
        .where('campaignId', 'in', (eb) => eb.selectFrom('campaigns').select('id').where('tenantId', '=', tenantId))
        .execute();
    }
    deps.push.changed(tenantId, 'members', userId);
  }

  async function recipientByToken(token: string) {
    if (!/^[a-f0-9]{32}$/.test(token)) return undefined;
    return db
      .selectFrom('campaignRecipients as r')
      .innerJoin('campaigns as c', 'c.id', 'r.campaignId')
      .innerJoin('tenants as t', 't.id', 'c.tenantId')
      .select(['r.id', 'r.userId', 'r.email', 'r.unsubscribedAt', 'c.tenantId', 'c.content', 't.name as communityName'])
      .where('r.unsubscribeToken', '=', token)
      .executeTakeFirst();
  }

  return {
    async memberEmailStatus(tenantId: string, raw: unknown) {
      const { userId } = memberEmailStatusInput.parse(raw);
      return status(tenantId, userId);
    },

    /**
     * The owner's switch in the member's drawer. An unsubscribe the member made themselves (their
     * link or their mail client's one-click) is theirs: only they can subscribe again.
     */
    async setMemberSubscribed(tenantId: string, raw: unknown) {
      const { userId, subscribed } = setMemberSubscribedInput.parse(raw);
      await status(tenantId, userId); // this tenant's member, or NOT_FOUND
      if (subscribed) {
        const pref = await db.selectFrom('emailPreferences').select(['unsubscribedAt', 'source']).where('tenantId', '=', tenantId).where('userId', '=', userId).executeTakeFirst();
        if (pref?.unsubscribedAt && pref.source !== 'owner') {
          throw new DomainError('FORBIDDEN', 'subscribed: this member unsubscribed themselves; only they can subscribe again', { field: 'subscribed' });
        }
      }
      await setSubscribed(tenantId, userId, subscribed, 'owner');
      return status(tenantId, userId);
    },

    /** For the GET confirmation page: whose link this is, without changing anything. */
    async tokenInfo(token: string): Promise<{ communityName: string; email: string; unsubscribed: boolean } | null> {
      const r = await recipientByToken(token);
      if (!r) return null;
      const pref = r.userId ? await db.selectFrom('emailPreferences').select('unsubscribedAt').where('tenantId', '=', r.tenantId).where('userId', '=', r.userId).executeTakeFirst() : undefined;
      return { communityName: r.communityName, email: r.email, unsubscribed: !!pref?.unsubscribedAt };
    },

    /** RFC 8058 one-click (or the confirmation page's button): unsubscribed at once, idempotent. */
    async unsubscribe(token: string, source: 'one-click' | 'link'): Promise<{ communityName: string; email: string } | null> {
      const r = await recipientByToken(token);
      if (!r) return null;
      if (r.userId) await setSubscribed(r.tenantId, r.userId, false, source);
      await db.updateTable('campaignRecipients').set({ unsubscribedAt: clock.nowIso() }).where('id', '=', r.id).where('unsubscribedAt', 'is', null).execute();
      return { communityName: r.communityName, email: r.email };
    },

    /** A tracked click: only a link of that campaign, signed for that recipient, redirects. */
    async click(token: string, url: string, signature: string): Promise<string | null> {
      const r = await recipientByToken(token);
      if (!r || !/^https?:\/\//i.test(url)) return null;
      const expected = Buffer.from(clickSignature(await deps.clickKey(), token, url));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
      const escaped = url.replace(/&/g, '&amp;');
      if (!r.content.includes(`href="${escaped}"`) && !r.content.includes(`href="${url}"`)) return null;
      await db.updateTable('campaignRecipients').set({ clickedAt: clock.nowIso() }).where('id', '=', r.id).where('clickedAt', 'is', null).execute();
      return url;
    },

    isUnsubscribed: async (tenantId: string, userId: string) =>
      !!(await db.selectFrom('emailPreferences').select('unsubscribedAt').where('tenantId', '=', tenantId).where('userId', '=', userId).where('unsubscribedAt', 'is not', null).executeTakeFirst()),
    isSuppressed: async (tenantId: string, email: string) =>
      !!(await db.selectFrom('emailSuppressions').select('email').where('tenantId', '=', tenantId).where('email', '=', email.toLowerCase()).executeTakeFirst()),
  };
}
export type EmailPreferences = ReturnType<typeof emailPreferences>;
