import type { Kysely } from 'kysely';
import type { ImportRowStatus } from '../../../../src-shared/schemas/member-import';
import type { Role } from '../../../../src-shared/domain';
import type { Database } from '../../db/schema';
import { chunks } from '../../repositories/member-records';
import { isEffectivelyComped } from '../member-changes';
import type { RowValues } from './rows';

// What a valid row would do to the community as it is now. The dry run and the commit use the
// same planner, so a commit does what its preview said unless members changed in between.

export interface MemberState {
  userId: string;
  name: string;
  membership: { role: Role; status: 'active' | 'removed'; isComped: number; compedUntil: string | null } | null;
  /** Lower-cased names of the groups they are in here. */
  groups: Set<string>;
}

export type TenantGroups = Map<string, { id: string; name: string }>;

export interface RowPlan {
  status: Exclude<ImportRowStatus, 'error'> | 'error';
  changes: string[];
  error?: string;
  /** For updated rows: what to apply. */
  update?: { name?: string; role?: Role; comped?: boolean; addGroups: string[] };
}

export async function loadTenantGroups(db: Kysely<Database>, tenantId: string): Promise<TenantGroups> {
  const rows = await db.selectFrom('groups').select(['id', 'name']).where('tenantId', '=', tenantId).orderBy('createdAt').execute();
  const groups: TenantGroups = new Map();
  for (const g of rows) if (!groups.has(g.name.toLowerCase())) groups.set(g.name.toLowerCase(), g);
  return groups;
}

/** The current state of the people these (lower-case) emails belong to, keyed by email. */
export async function loadStates(db: Kysely<Database>, tenantId: string, emails: string[]): Promise<Map<string, MemberState>> {
  const states = new Map<string, MemberState>();
  for (const part of chunks(emails)) {
    const rows = await db
      .selectFrom('users as u')
      .leftJoin('memberships as m', (join) => join.onRef('m.userId', '=', 'u.id').on('m.tenantId', '=', tenantId))
      .select(['u.id', 'u.email', 'u.name', 'm.role', 'm.status', 'm.isComped', 'm.compedUntil'])
      .where('u.email', 'in', part)
      .execute();
    for (const r of rows) {
      states.set(r.email, {
        userId: r.id,
        name: r.name,
        membership: r.role && r.status ? { role: r.role, status: r.status, isComped: r.isComped ?? 0, compedUntil: r.compedUntil } : null,
        groups: new Set(),
      });
    }
  }
  const byUser = new Map([...states.values()].map((s) => [s.userId, s]));
  for (const part of chunks([...byUser.keys()])) {
    const rows = await db
      .selectFrom('groupMembers as gm')
      .innerJoin('groups as g', 'g.id', 'gm.groupId')
      .select(['gm.userId', 'g.name'])
      .where('g.tenantId', '=', tenantId)
      .where('gm.userId', 'in', part)
      .execute();
    for (const r of rows) byUser.get(r.userId)?.groups.add(r.name.toLowerCase());
  }
  return states;
}

/**
 * The verdict for one valid row. `admins` counts the active ADMINs left as the dry run walks the
 * file, so that a file demoting every admin is refused on the row that would demote the last one.
 */
export function planRow(values: RowValues, state: MemberState | undefined, nowIso: string, admins?: { remaining: number }): RowPlan {
  const m = state?.membership;
  if (!state || !m || m.status === 'removed') {
    if (values.role === 'ADMIN' && admins) admins.remaining++;
    return { status: 'new', changes: m?.status === 'removed' ? ['rejoins (was removed)'] : [] };
  }
  const changes: string[] = [];
  const update: NonNullable<RowPlan['update']> = { addGroups: [] };
  if (values.name !== undefined && values.name !== state.name) {
    changes.push('name');
    update.name = values.name;
  }
  if (values.role !== undefined && values.role !== m.role) {
    if (m.role === 'ADMIN' && admins) {
      if (admins.remaining <= 1) return { status: 'error', changes: [], error: 'role: would demote the last ADMIN of this community' };
      admins.remaining--;
    }
    if (values.role === 'ADMIN' && admins) admins.remaining++;
    changes.push(`role: ${m.role} → ${values.role}`);
    update.role = values.role;
  }
  if (values.comped !== undefined && values.comped !== isEffectivelyComped(m, nowIso)) {
    changes.push(values.comped ? 'comped' : 'no longer comped');
    update.comped = values.comped;
  }
  const missing = values.groups.filter((g) => !state.groups.has(g.toLowerCase()));
  if (missing.length) {
    changes.push(`groups: + ${missing.join(', ')}`);
    update.addGroups = missing;
  }
  return changes.length ? { status: 'updated', changes, update } : { status: 'unchanged', changes: [] };
}
