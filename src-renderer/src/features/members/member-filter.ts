import { JOIN_SOURCES, SUBSCRIPTION_STATUSES, type JoinSource, type Role, type SpaceRole } from '@shared/domain';
import type { MemberTier } from '@shared/member-tier';
// Types only: the schema module brings zod, which the members page does not need at run time.
import type { MemberFilter, MemberSortField, MemberSubscriptionFilter, SortDirection } from '@shared/schemas/members';
import { formatDay, JOIN_SOURCE_LABEL, ROLE_LABEL, SUBSCRIPTION_LABEL, TIER_LABEL } from './member-labels';

export type { MemberFilter, MemberSortField, SortDirection };
export const SUBSCRIPTION_FILTERS: readonly MemberSubscriptionFilter[] = [...SUBSCRIPTION_STATUSES, 'none'];
export const JOIN_SOURCE_FILTERS: readonly JoinSource[] = JOIN_SOURCES;

export interface MemberSort {
  field: MemberSortField;
  direction: SortDirection;
}

/** The server's order when no sort is sent: newest members first. */
export const DEFAULT_SORT: MemberSort = { field: 'joinedAt', direction: 'desc' };

/** Names and emails read A→Z first, dates newest first (as the server defaults them). */
export function firstDirection(field: MemberSortField): SortDirection {
  return field === 'name' || field === 'email' ? 'asc' : 'desc';
}

/** A click on a column header: sort by it, or turn the order round when it already sorts. */
export function nextSort(current: MemberSort, field: MemberSortField): MemberSort {
  if (current.field !== field) return { field, direction: firstDirection(field) };
  return { field, direction: current.direction === 'asc' ? 'desc' : 'asc' };
}

/** Everything members.list takes except paging: what one page cache is for. */
export interface MemberListQuery {
  filter: MemberFilter;
  sort: MemberSort;
}

/** The list input for a query: empty parts and the default sort are left out. */
export function listInputOf(query: MemberListQuery): MemberFilter & { sort?: MemberSort } {
  const input: MemberFilter & { sort?: MemberSort } = cleanFilter(query.filter);
  if (query.sort.field !== DEFAULT_SORT.field || query.sort.direction !== DEFAULT_SORT.direction) input.sort = query.sort;
  return input;
}

/** The filter without empty values (blank search, empty lists), keys in a fixed order. */
export function cleanFilter(filter: MemberFilter): MemberFilter {
  const out: Record<string, unknown> = {};
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string' && value.trim() === '') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = typeof value === 'string' ? value.trim() : value;
  }
  if (!out.spaceId) delete out.spaceRole;
  return out as MemberFilter;
}

const FILTER_KEYS = [
  'search',
  'role',
  'tier',
  'joinSource',
  'subscriptionStatus',
  'groupId',
  'spaceId',
  'spaceRole',
  'packageId',
  'joinedFrom',
  'joinedTo',
  'inactiveSince',
  'nearLimit',
  'churnedFrom',
  'churnedTo',
] as const satisfies readonly (keyof MemberFilter)[];

export function queryKeyOf(query: MemberListQuery): string {
  return JSON.stringify(listInputOf(query));
}

export function sameFilter(a: MemberFilter, b: MemberFilter): boolean {
  return JSON.stringify(cleanFilter(a)) === JSON.stringify(cleanFilter(b));
}

// ---- chips ------------------------------------------------------------------------------------

/** The filters an owner adds from the "Add filter" menu; each shows as one chip. */
export const CHIP_KINDS = ['tier', 'joinSource', 'subscriptionStatus', 'role', 'group', 'space', 'package', 'joined', 'inactiveSince', 'nearLimit', 'churned'] as const;
export type ChipKind = (typeof CHIP_KINDS)[number];

export const CHIP_TITLE: Record<ChipKind, string> = {
  tier: 'Tier',
  joinSource: 'Join source',
  subscriptionStatus: 'Subscription',
  role: 'Role',
  group: 'Group',
  space: 'Space',
  package: 'Package',
  joined: 'Joined',
  inactiveSince: 'Inactive since',
  nearLimit: 'Near a limit',
  churned: 'Stopped paying',
};

/** Names of the things a filter refers to by id; ids stand in until they are known. */
export interface FilterNames {
  group: (id: string) => string | undefined;
  space: (id: string) => string | undefined;
  package: (id: string) => string | undefined;
}

export interface Chip {
  kind: ChipKind;
  title: string;
  value: string;
}

export function chipsOf(filter: MemberFilter, names: FilterNames): Chip[] {
  const chips: Chip[] = [];
  const add = (kind: ChipKind, value: string) => chips.push({ kind, title: CHIP_TITLE[kind], value });
  if (filter.tier) add('tier', TIER_LABEL[filter.tier]);
  if (filter.joinSource?.length) add('joinSource', listText(filter.joinSource.map((s) => JOIN_SOURCE_LABEL[s])));
  if (filter.subscriptionStatus?.length) add('subscriptionStatus', listText(filter.subscriptionStatus.map(subscriptionFilterLabel)));
  if (filter.role) add('role', ROLE_LABEL[filter.role]);
  if (filter.groupId) add('group', names.group(filter.groupId) ?? filter.groupId);
  if (filter.spaceId) {
    const space = names.space(filter.spaceId) ?? filter.spaceId;
    add('space', filter.spaceRole ? `${space} (${filter.spaceRole === 'MODERATOR' ? 'moderators' : 'members'})` : space);
  }
  if (filter.packageId) add('package', names.package(filter.packageId) ?? filter.packageId);
  if (filter.joinedFrom || filter.joinedTo) add('joined', rangeText(filter.joinedFrom, filter.joinedTo));
  if (filter.inactiveSince) add('inactiveSince', formatDay(filter.inactiveSince));
  if (filter.nearLimit) add('nearLimit', 'near or over');
  if (filter.churnedFrom || filter.churnedTo) add('churned', rangeText(filter.churnedFrom, filter.churnedTo));
  return chips;
}

/** The filter without one chip's part. */
export function withoutChip(filter: MemberFilter, kind: ChipKind): MemberFilter {
  const next = { ...filter };
  for (const key of CHIP_KEYS[kind]) delete next[key];
  return next;
}

/** Which filter keys each chip stands for. */
export const CHIP_KEYS: Record<ChipKind, (keyof MemberFilter)[]> = {
  tier: ['tier'],
  joinSource: ['joinSource'],
  subscriptionStatus: ['subscriptionStatus'],
  role: ['role'],
  group: ['groupId'],
  space: ['spaceId', 'spaceRole'],
  package: ['packageId'],
  joined: ['joinedFrom', 'joinedTo'],
  inactiveSince: ['inactiveSince'],
  nearLimit: ['nearLimit'],
  churned: ['churnedFrom', 'churnedTo'],
};

export function hasChip(filter: MemberFilter, kind: ChipKind): boolean {
  return CHIP_KEYS[kind].some((key) => {
    const value = filter[key];
    return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== '';
  });
}

/** Every chip removed; the search stays (it has its own box). */
export function withoutChips(filter: MemberFilter): MemberFilter {
  return filter.search ? { search: filter.search } : {};
}

export function subscriptionFilterLabel(status: MemberSubscriptionFilter): string {
  return status === 'none' ? 'Never subscribed' : SUBSCRIPTION_LABEL[status].label;
}

function listText(values: string[]): string {
  return values.length <= 2 ? values.join(' or ') : `${values.slice(0, 2).join(', ')} +${values.length - 2}`;
}

function rangeText(from: string | undefined, to: string | undefined): string {
  if (from && to) return `${formatDay(from)} – ${formatDay(to)}`;
  return from ? `from ${formatDay(from)}` : `until ${formatDay(to!)}`;
}

// ---- the address ------------------------------------------------------------------------------

/** `#/members?search=ada%40example.com` → "ada@example.com" (other pages link members this way). */
export function searchFromHash(hash: string): string {
  const at = hash.indexOf('?');
  if (at < 0) return '';
  return new URLSearchParams(hash.slice(at + 1)).get('search')?.trim() ?? '';
}

const HASH_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `#/members?churnedFrom=2026-11-01&churnedTo=2026-11-30` → that filter (the Analytics page's drill-down links members this way). */
export function filterFromHash(hash: string): MemberFilter {
  const at = hash.indexOf('?');
  if (at < 0) return {};
  const params = new URLSearchParams(hash.slice(at + 1));
  const filter: MemberFilter = {};
  const from = params.get('churnedFrom');
  const to = params.get('churnedTo');
  if (from && HASH_DAY.test(from)) filter.churnedFrom = from;
  if (to && HASH_DAY.test(to)) filter.churnedTo = to;
  return filter;
}

export type { JoinSource, MemberTier, Role, SpaceRole, MemberSubscriptionFilter };
