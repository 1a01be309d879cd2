import type { Kysely } from 'kysely';
import type { PaymentProvider, SubscriptionStatus } from '@shared/domain';
import { isCompedAt, isFreeMember, tierOf } from '@shared/member-tier';
import {
  countMembersInput,
  getMemberInput,
  listMembersInput,
  type CountMembersInput,
  memberFilter,
  type GetMemberInput,
  type ListMembersInput,
  type ListMembersQuery,
  type MemberDetail,
  type MemberFilter,
  type MemberListItem,
  type MemberListPage,
  type MemberSort,
  type MemberTimelineEntry,
} from '@shared/schemas/members';
import type { Clock } from '../../platform/clock';
import { withReadSignal } from '../../platform/db/read-pool';
import type { Dialect } from '../../platform/db/connect';
import type { Database } from '../../platform/db/schema';
import { DomainError, invalid } from '../../platform/errors';
import { nameKeyOf, type MemberCriteria } from './repositories/member-filters';
import type { MemberTimelineRepository } from './repositories/member-timeline';
import { isQuickCount, isQuickRead, type MemberPageRow, type MemberPosition, type MembershipsRepository } from './repositories/memberships';
import type { SegmentsRepository } from '../segments/repositories/segments';
import { auditSentence, subscriptionFacts, subscriptionSentence } from './member-timeline-text';

const DEFAULT_SORT: MemberSort = { field: 'joinedAt', direction: 'desc' };
/** Newest timeline entries kept per member (and read per source). */
const TIMELINE_LIMIT = 200;

const FILTER_KEYS = Object.keys(memberFilter.shape) as (keyof MemberFilter)[];

export interface MemberServiceDeps {
  db: Kysely<Database>;
  dialect: Dialect;
  clock: Clock;
  memberships: MembershipsRepository;
  /** The same queries on the reader (platform/db/read-pool.ts), for the pages and counts that are not quick. */
  lists: MembershipsRepository;
  segments: SegmentsRepository;
  timeline: MemberTimelineRepository;
  /** Absent in tests that build the service alone: nobody is then shown as the console owner. */
  consoleOwnerId?: () => Promise<string>;
}

/** Who is asking and how to stop: `signal` ends the reads (an HTTP client left); `caller` names a lane. */
export interface ListCallOptions {
  signal?: AbortSignal;
  /** The user asking: a newer search of theirs in the same tenant replaces this one's waiting reads. */
  caller?: string;
}

export function memberService(deps: MemberServiceDeps) {
  const { db, clock } = deps;
  // Per tenant and person: the search being read now. Typing "m", "ma", "mar" sends three; the
  // reads of the older ones still waiting for a worker are dropped, never run for nobody.
  const lanes = new Map<string, { query: string; controller: AbortController }>();

  /** The signal the reads of a search run under: ends when the caller goes or a newer search of theirs comes. */
  function laneSignal(tenantId: string, query: object, options: ListCallOptions): AbortSignal | undefined {
    if (!options.caller) return options.signal;
    const lane = `${tenantId}\u0000${options.caller}`;
    const key = JSON.stringify(query);
    let current = lanes.get(lane);
    if (!current || current.query !== key) {
      current?.controller.abort();
      current = { query: key, controller: new AbortController() };
      lanes.set(lane, current);
    }
    return options.signal ? AbortSignal.any([options.signal, current.controller.signal]) : current.controller.signal;
  }

  /** Runs a search's reads under its lane; a read dropped because a newer search came says so. */
  async function inLane<T>(signal: AbortSignal | undefined, run: () => Promise<T>): Promise<T> {
    try {
      return await withReadSignal(signal, run);
    } catch (err) {
      if (signal?.aborted || (err as { code?: string }).code === 'READ_ABORTED') {
        throw new DomainError('CONFLICT', 'search: a newer search replaced this one before it was read', { field: 'search' });
      }
      throw err;
    }
  }

  /** Ids a filter names must be the tenant's own: another tenant's group must not reveal who is in it. */
  async function checkReferences(tenantId: string, filter: MemberFilter, from?: { segmentId: string; name: string }) {
    const refs = [
      ['groupId', 'groups', 'group'],
      ['spaceId', 'spaces', 'space'],
      ['packageId', 'packages', 'package'],
    ] as const;
    for (const [field, table, what] of refs) {
      const id = filter[field];
      if (!id) continue;
      const row = await db.selectFrom(table).select('id').where('tenantId', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (row) continue;
      throw from
        ? new DomainError('NOT_FOUND', `segmentId: segment "${from.name}" filters by ${what} ${id}, which no longer exists`, { field: 'segmentId' })
        : new DomainError('NOT_FOUND', `${field}: ${what} ${id} was not found in this tenant`, { field });
    }
  }

  async function segmentFilter(tenantId: string, segmentId: string): Promise<{ filter: MemberFilter; name: string }> {
    const row = await deps.segments.find(tenantId, segmentId);
    if (!row) throw new DomainError('NOT_FOUND', `segmentId: segment ${segmentId} was not found`, { field: 'segmentId' });
    return { filter: parseSavedFilter(row.filter, row.name), name: row.name };
  }

  /**
   * The members a filter and/or a saved segment select (both apply), checked: the shared entry
   * point for members.list, segments.count, export and bulk actions.
   */
  async function criteriaFor(tenantId: string, input: { filter?: MemberFilter; segmentId?: string }): Promise<MemberCriteria> {
    const filters: MemberFilter[] = [];
    if (input.segmentId) {
      const saved = await segmentFilter(tenantId, input.segmentId);
      await checkReferences(tenantId, saved.filter, { segmentId: input.segmentId, name: saved.name });
      filters.push(saved.filter);
    }
    if (input.filter) {
      await checkReferences(tenantId, input.filter);
      filters.push(input.filter);
    }
    return { tenantId, filters, now: clock.nowIso() };
  }

  /** Names of the people, groups and spaces audit rows point to, this tenant's only. */
  async function namesFor(tenantId: string, rows: { actorUserId: string | null; before: unknown; after: unknown }[]) {
    const ids = (key: string) => [...new Set(rows.flatMap((r) => [r.before, r.after]).map((v) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined)).filter((v): v is string => typeof v === 'string'))];
    const actorIds = [...new Set(rows.map((r) => r.actorUserId).filter((v): v is string => !!v))];
    const groupIds = ids('groupId');
    const spaceIds = ids('spaceId');
    const [users, groups, spaces] = await Promise.all([
      actorIds.length ? db.selectFrom('users').select(['id', 'name']).where('id', 'in', actorIds).execute() : [],
      groupIds.length ? db.selectFrom('groups').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', 'in', groupIds).execute() : [],
      spaceIds.length ? db.selectFrom('spaces').select(['id', 'name']).where('tenantId', '=', tenantId).where('id', 'in', spaceIds).execute() : [],
    ]);
    const byId = (list: { id: string; name: string }[]) => new Map(list.map((r) => [r.id, r.name]));
    return { users: byId(users), groups: byId(groups), spaces: byId(spaces) };
  }

  return {
    /** The caller's active membership in a tenant, or undefined. */
    async membershipOf(tenantId: string, userId: string) {
      const m = await deps.memberships.find(tenantId, userId);
      return m && m.status === 'active' ? m : undefined;
    },

    criteriaFor,

    /** How many active members match a filter and/or a saved segment, exact. */
    async count(tenantId: string, input: { filter?: MemberFilter; segmentId?: string }): Promise<number> {
      const criteria = await criteriaFor(tenantId, input);
      return (isQuickCount(criteria) ? deps.memberships : deps.lists).count(criteria);
    },

    /** members.count: the exact number a members.list filter selects (what an estimated total stands for). */
    async countMatching(tenantId: string, rawInput: CountMembersInput, options: ListCallOptions = {}): Promise<number> {
      const { segmentId, ...filter } = countMembersInput.parse(rawInput);
      const criteria = await criteriaFor(tenantId, { filter, segmentId });
      const signal = filter.search ? laneSignal(tenantId, { filter, segmentId }, options) : options.signal;
      return inLane(signal, () => (isQuickCount(criteria) ? deps.memberships : deps.lists).count(criteria));
    },

    /**
     * The seed's members.list {page, limit, search, role} with filters, a segment, a sort and a
     * cursor: one page, the exact total, and the cursor of the next page.
     */
    async list(tenantId: string, rawInput: ListMembersInput, options: ListCallOptions = {}): Promise<MemberListPage> {
      const input = listMembersInput.parse(rawInput);
      const sort = input.sort ?? DEFAULT_SORT;
      const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor, sort);
      const filter = filterOf(input);
      const criteria = await criteriaFor(tenantId, { filter, segmentId: input.segmentId });
      // Typed into the search box: names that start with it come first (the page says it is ranked).
      const rankByName = input.search ? nameKeyOf(input.search, deps.dialect) : undefined;
      const query = { criteria, sort, limit: input.limit, offset: (input.page - 1) * input.limit, after, rankByName };
      const signal = input.search ? laneSignal(tenantId, { filter, segmentId: input.segmentId }, options) : options.signal;
      const repo = isQuickRead(query) ? deps.memberships : deps.lists;
      const { rows, total, hasMore, totalIsEstimate, ranked } = await inLane(signal, () => repo.page(query));
      const last = rows.at(-1);
      return {
        items: rows.map((r) => toListItem(r, criteria.now)),
        total,
        totalIsEstimate,
        ranked,
        page: after ? null : input.page,
        limit: input.limit,
        pageCount: Math.max(1, Math.ceil(total / input.limit)),
        nextCursor: hasMore && last ? encodeCursor(sort, last.position) : null,
      };
    },

    /** members.get: who this member is, what they pay, and what happened, newest first. */
    async get(tenantId: string, rawInput: GetMemberInput): Promise<MemberDetail> {
      const { userId } = getMemberInput.parse(rawInput);
      const m = await deps.memberships.find(tenantId, userId);
      const user = m && (await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirst());
      if (!m || !user) throw new DomainError('NOT_FOUND', `userId: ${userId} is not a member of this tenant`, { field: 'userId' });
      const now = clock.nowIso();
      const t = deps.timeline;
      const [{ subs, events }, groups, spaces, audit, campaigns, posts, comments] = await Promise.all([
        t.subscriptions(tenantId, userId),
        t.groups(tenantId, userId),
        t.spaces(tenantId, userId),
        t.audit(tenantId, userId, TIMELINE_LIMIT),
        t.campaigns(tenantId, userId, TIMELINE_LIMIT),
        t.posts(tenantId, userId, TIMELINE_LIMIT),
        t.comments(tenantId, userId, TIMELINE_LIMIT),
      ]);
      const statuses = m.subscriptionStatus ? [m.subscriptionStatus] : [];
      const isComped = Number(m.isComped) === 1;
      const subscriptions = subs.map((s) => ({
        id: s.id,
        provider: s.provider as PaymentProvider,
        status: s.status as SubscriptionStatus,
        packageId: s.packageId,
        packageName: s.packageName,
        amountMinor: Number(s.amountMinor),
        currency: s.currency,
        interval: s.interval,
        currentPeriodEnd: s.currentPeriodEnd,
        cancelAtPeriodEnd: Number(s.cancelAtPeriodEnd) === 1,
        startedAt: s.startedAt,
        canceledAt: s.canceledAt,
        history: events
          .filter((e) => e.subscriptionId === s.id)
          .map((e) => ({ id: e.id, kind: e.kind, status: e.status, amountMinor: Number(e.amountMinor), occurredAt: e.occurredAt })),
      }));

      // Sentences name people, groups and spaces: look up the names the audit rows point to.
      const who = user.name;
      const audited = audit.map((a) => ({ ...a, before: parseJson(a.before), after: parseJson(a.after) }));
      const names = await namesFor(tenantId, audited);

      const entries: MemberTimelineEntry[] = [
        { id: `joined:${m.id}`, at: m.joinedAt, kind: 'joined', summary: `${who} joined ${JOINED_THROUGH[m.joinSource]}`, ref: { type: 'membership', id: m.id } },
      ];
      if (m.leftAt) entries.push({ id: `left:${m.id}`, at: m.leftAt, kind: 'left', summary: `${who} left the community`, ref: { type: 'membership', id: m.id } });
      for (const s of subscriptions) {
        s.history.forEach((e, i) => {
          const moment = { kind: e.kind, status: e.status, amountMinor: e.amountMinor, previousAmountMinor: i > 0 ? s.history[i - 1]!.amountMinor : null };
          entries.push({
            id: `subscription:${e.id}`,
            at: e.occurredAt,
            kind: 'subscription',
            summary: subscriptionSentence(who, s.packageName, s.currency, s.interval, moment),
            ref: { type: 'subscription', id: s.id },
            details: subscriptionFacts(s.packageName, s.currency, s.interval, moment),
          });
        });
      }
      for (const a of audited) {
        const actor = a.actorUserId ? (a.actorUserId === userId ? who : (names.users.get(a.actorUserId) ?? 'Someone')) : null;
        entries.push({
          id: `audit:${a.id}`,
          at: a.createdAt,
          kind: a.action === 'member.role_changed' ? 'role_changed' : 'change',
          summary: auditSentence(a.action, a.before, a.after, {
            who,
            actor,
            groupName: (id) => names.groups.get(String(id)) ?? 'a group since deleted',
            spaceName: (id) => names.spaces.get(String(id)) ?? 'a space since deleted',
          }),
          ref: { type: 'audit', id: a.id },
          ...(actor ? { details: { by: actor } } : {}),
        });
      }
      for (const c of campaigns) {
        entries.push({
          id: `campaign:${c.id}`,
          at: c.sentAt ?? c.campaignSentAt ?? c.createdAt,
          kind: 'campaign',
          summary: c.status === 'sent' ? `${who} was sent the campaign "${c.subject}"` : `The campaign "${c.subject}" to ${who}: ${c.status.replaceAll('_', ' ')}`,
          ref: { type: 'campaign', id: c.campaignId },
        });
      }
      for (const p of posts) {
        entries.push({
          id: `post:${p.id}`,
          at: p.publishedAt ?? p.createdAt,
          kind: 'post',
          summary: `${who} ${p.status === 'PUBLISHED' ? 'posted' : `wrote a ${p.status.toLowerCase()} post`} "${p.title}" in ${p.spaceName}`,
          ref: { type: 'post', id: p.id },
        });
      }
      for (const c of comments) {
        entries.push({
          id: `comment:${c.id}`,
          at: c.createdAt,
          kind: 'comment',
          summary: `${who} commented on "${c.postTitle}"`,
          ref: { type: 'comment', id: c.id },
          details: { said: c.content.slice(0, 140) },
        });
      }
      // Newest first; same-time entries in a stable order (joined before what followed it).
      entries.sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at < b.at ? 1 : -1));
      const sourceCut = [audit, campaigns, posts, comments].some((rows) => rows.length === TIMELINE_LIMIT);

      return {
        profile: { id: user.id, name: user.name, email: user.email, avatarUrl: user.avatarUrl, erased: user.erasedAt !== null, consoleOwner: user.id === (await deps.consoleOwnerId?.()) },
        membership: {
          id: m.id,
          role: m.role,
          joinSource: m.joinSource,
          status: m.status,
          joinedAt: m.joinedAt,
          lastActiveAt: m.lastActiveAt,
          leftAt: m.leftAt,
          subscriptionStatus: m.subscriptionStatus,
          isComped,
          compedUntil: m.compedUntil,
          tier: tierOf({ joinSource: m.joinSource, subscriptionStatuses: statuses, isComped, compedUntil: m.compedUntil }, now),
          isFreeMember: isFreeMember(m.joinSource, statuses),
        },
        subscriptions,
        groups: groups.map((g) => ({ id: g.id, name: g.name, addedAt: g.addedAt })),
        spaces: spaces.map((s) => ({ id: s.id, name: s.name, type: s.type, role: s.role, joinedAt: s.joinedAt })),
        timeline: entries.slice(0, TIMELINE_LIMIT),
        timelineTruncated: sourceCut || entries.length > TIMELINE_LIMIT,
      };
    },
  };
}
export type MemberService = ReturnType<typeof memberService>;

/** The filter part of a members.list input. */
function filterOf(input: ListMembersQuery): MemberFilter {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) if (input[key] !== undefined) out[key] = input[key];
  return out as MemberFilter;
}

function toListItem(r: MemberPageRow, now: string): MemberListItem {
  const statuses = r.subscriptionStatus ? [r.subscriptionStatus] : [];
  const isComped = Number(r.isComped) === 1;
  const free = isFreeMember(r.joinSource, statuses);
  return {
    userId: r.userId,
    membershipId: r.membershipId,
    name: r.name,
    email: r.email,
    avatarUrl: r.avatarUrl,
    role: r.role,
    joinSource: r.joinSource,
    joinedAt: r.joinedAt,
    lastActiveAt: r.lastActiveAt,
    subscriptionStatus: r.subscriptionStatus,
    isComped,
    compedUntil: r.compedUntil,
    // tierOf, without working isFreeMember out twice for every row of the page.
    tier: isCompedAt({ isComped, compedUntil: r.compedUntil }, now) ? 'comped' : free ? 'free' : 'paid',
    isFreeMember: free,
  };
}

// A cursor is the sort it was made for and the last row's place in it, as base64url JSON. It is
// opaque to clients; the sort inside keeps it from being replayed against another order.
interface CursorBody {
  v: 1;
  f: MemberSort['field'];
  d: MemberSort['direction'];
  k: string;
  i: string;
  /** 'n': inside a ranked search's names (memberships.ts), by name. */
  s?: 'n';
}

function encodeCursor(sort: MemberSort, position: MemberPosition): string {
  const body: CursorBody = { v: 1, f: sort.field, d: sort.direction, k: position.key, i: position.id, ...(position.segment === 'name' ? { s: 'n' as const } : {}) };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

function decodeCursor(cursor: string, sort: MemberSort): MemberPosition {
  let body: Partial<CursorBody> | undefined;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorBody>;
  } catch {
    body = undefined;
  }
  if (!body || body.v !== 1 || typeof body.k !== 'string' || typeof body.i !== 'string') {
    throw invalid('cursor', 'is not a cursor this list gave out; start again from the first page');
  }
  if (body.f !== sort.field || body.d !== sort.direction) {
    throw invalid('cursor', `was made for another sort (${body.f} ${body.d}); start again from the first page`);
  }
  return body.s === 'n' ? { key: body.k, id: body.i, segment: 'name' } : { key: body.k, id: body.i };
}

function parseSavedFilter(json: string, name: string): MemberFilter {
  const parsed = memberFilter.safeParse(parseJson(json));
  if (!parsed.success) {
    throw new DomainError('PRECONDITION_FAILED', `segmentId: the saved filter of segment "${name}" is no longer valid; edit the segment`, { field: 'segmentId' });
  }
  return parsed.data;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

const JOINED_THROUGH = { free_signup: 'through free signup', paid: 'with a paid signup', invite_link: 'through an invite link' } as const;
